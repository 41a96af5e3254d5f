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

  findBySha256(sha256: string): Promise<StoredImage | null> {
    return this.db().getRepository(StoredImage).findOneBy({ sha256 });
  }
}
