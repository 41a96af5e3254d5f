import { IsNull, type EntityManager } from 'typeorm';
import { ApiKey } from '../entities/api-key.entity.js';
import { BaseRepository } from './base.repository.js';

type NewApiKey = Pick<ApiKey, 'role' | 'name' | 'actsForTelegramAdmins' | 'keyHash' | 'keyPrefix' | 'createdBy'>;

/** The `api_keys` table. */
export class ApiKeyRepository extends BaseRepository {
  create(key: NewApiKey, tx?: EntityManager): Promise<ApiKey> {
    const repo = this.db(tx).getRepository(ApiKey);
    return repo.save(repo.create(key));
  }

  findById(id: string, tx?: EntityManager): Promise<ApiKey | null> {
    return this.db(tx).getRepository(ApiKey).findOneBy({ id });
  }

  /** The unrevoked key with this hash. */
  findActiveByHash(keyHash: string): Promise<ApiKey | null> {
    return this.db().getRepository(ApiKey).findOneBy({ keyHash, revokedAt: IsNull() });
  }

  isActive(id: string): Promise<boolean> {
    return this.db().getRepository(ApiKey).existsBy({ id, revokedAt: IsNull() });
  }

  hasActiveAdmin(): Promise<boolean> {
    return this.db().getRepository(ApiKey).existsBy({ role: 'admin', revokedAt: IsNull() });
  }

  list(): Promise<ApiKey[]> {
    return this.db()
      .getRepository(ApiKey)
      .find({ order: { createdAt: 'ASC' } });
  }

  async markRevoked(id: string, at: Date): Promise<void> {
    await this.db().getRepository(ApiKey).update({ id }, { revokedAt: at });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db().getRepository(ApiKey).update({ id }, { lastUsedAt: at });
  }
}
