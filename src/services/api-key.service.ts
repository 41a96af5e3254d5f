import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { IsNull, type DataSource, type Repository } from 'typeorm';
import { ApiKey, type Role } from '../entities/api-key.entity.js';
import { mapConnectionError, NotFoundError } from '../api/errors.js';
import type { Principal } from './principal.js';
import { isUuid } from './ids.js';

const KEY_PREFIX = 'vtr_';
const CACHE_TTL_MS = 5_000;
const TOUCH_INTERVAL_MS = 60_000;

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest();

type CacheEntry = { principal: Principal | null; expires: number };

/**
 * API keys: random, shown once, stored as SHA-256 hashes. Keys carry 256 bits of entropy, so a
 * fast hash is the right tool (a slow KDF protects guessable passwords, not random tokens).
 */
export class ApiKeyService {
  private readonly repo: Repository<ApiKey>;
  private readonly adminKeyHash: Buffer | null;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    adminApiKey: string | undefined,
  ) {
    this.repo = dataSource.getRepository(ApiKey);
    this.adminKeyHash = adminApiKey ? hashKey(adminApiKey) : null;
  }

  async create(role: Role, name: string, createdBy: string | null): Promise<{ apiKey: ApiKey; key: string }> {
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const apiKey = await this.repo.save(
      this.repo.create({
        role,
        name,
        keyHash: hashKey(key).toString('hex'),
        keyPrefix: key.slice(0, KEY_PREFIX.length + 6),
        createdBy,
      }),
    );
    return { apiKey, key };
  }

  async revoke(id: string): Promise<ApiKey> {
    const apiKey = isUuid(id) ? await this.repo.findOneBy({ id }) : null;
    if (!apiKey) throw new NotFoundError('API key', id);
    if (!apiKey.revokedAt) {
      apiKey.revokedAt = new Date();
      await this.repo.save(apiKey);
    }
    this.cache.delete(apiKey.keyHash);
    return apiKey;
  }

  /**
   * First start without ADMIN_API_KEY: create an admin key and write it, readable only by this
   * user, to `file` (never to the log), so that a fresh `npm start` can be used at once.
   * Returns the file, or null when an admin key exists already.
   */
  async bootstrapAdmin(file: string): Promise<string | null> {
    if (this.adminKeyHash) return null;
    if (await this.repo.existsBy({ role: 'admin', revokedAt: IsNull() })) return null;
    const { key } = await this.create('admin', 'initial admin', 'system');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${key}\n`, { mode: 0o600 });
    return file;
  }

  list(): Promise<ApiKey[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }

  /** The principal for a presented key, or null when the key is unknown or revoked. */
  async authenticate(key: string): Promise<Principal | null> {
    const digest = hashKey(key);
    if (this.adminKeyHash && timingSafeEqual(digest, this.adminKeyHash)) {
      return { keyId: null, name: 'ADMIN_API_KEY', role: 'admin' };
    }
    const hash = digest.toString('hex');
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.expires > now) return cached.principal;

    // Looked up while the request's context is built: a lost database must say so there too.
    const apiKey = await this.repo.findOneBy({ keyHash: hash, revokedAt: IsNull() }).catch((error: unknown) => {
      throw mapConnectionError(error);
    });
    const principal: Principal | null = apiKey ? { keyId: apiKey.id, name: apiKey.name, role: apiKey.role } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, expires: now + CACHE_TTL_MS });
    if (apiKey) this.touch(apiKey.id, now);
    return principal;
  }

  /** Record last use at most once a minute per key, off the request path. */
  private touch(id: string, now: number): void {
    if ((this.touched.get(id) ?? 0) + TOUCH_INTERVAL_MS > now) return;
    this.touched.set(id, now);
    this.repo.update({ id }, { lastUsedAt: new Date(now) }).catch(() => this.touched.delete(id));
  }
}
