import type { EntityManager } from 'typeorm';
import { StoredImage } from '../entities/stored-image.entity.js';
import { BaseRepository } from './base.repository.js';

type StoredImageRow = Pick<StoredImage, 'sha256' | 'format' | 'width' | 'height' | 'byteSize'>;

/** The `stored_images` table: what the image store holds, by SHA-256. */
export class StoredImageRepository extends BaseRepository {
  /** Content-addressed: a row that exists already holds exactly these values, so it is kept. */
  async insertIfMissing(row: StoredImageRow, tx?: EntityManager): Promise<StoredImage> {
    const repo = this.db(tx).getRepository(StoredImage);
    await repo.createQueryBuilder().insert().values(row).orIgnore().execute();
    return repo.create(row);
  }

  build(row: StoredImageRow): StoredImage {
    return this.db().getRepository(StoredImage).create(row);
  }

  /** Many at once (a bulk import), in one statement; rows that exist are kept. */
  async insertManyIfMissing(rows: StoredImageRow[], tx?: EntityManager): Promise<void> {
    const unique = [...new Map(rows.map((r) => [r.sha256, r])).values()];
    if (unique.length === 0) return;
    await this.db(tx).getRepository(StoredImage).createQueryBuilder().insert().values(unique).orIgnore().execute();
  }

  findBySha256(sha256: string): Promise<StoredImage | null> {
    return this.db().getRepository(StoredImage).findOneBy({ sha256 });
  }
}
