import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { StoredImage } from '../entities/stored-image.entity.js';
import { BaseRepository } from './base.repository.js';

type StoredImageRow = Pick<StoredImage, 'sha256' | 'format' | 'width' | 'height' | 'byteSize'>;

/** The `stored_images` table: what the image store holds, by SHA-256. */
export class StoredImageRepository extends BaseRepository {
  /**
   * Content-addressed: a row that exists already holds exactly these values, so it is kept; its
   * file was just written, so an unreadable mark is cleared (and the embedding job retries it).
   */
  async insertIfMissing(row: StoredImageRow, tx?: EntityManager): Promise<StoredImage> {
    const repo = this.db(tx).getRepository(StoredImage);
    await this.insertOrClearMark(repo, [row]);
    return repo.create(row);
  }

  build(row: StoredImageRow): StoredImage {
    return this.db().getRepository(StoredImage).create(row);
  }

  /** Many at once (a bulk import), in one statement; rows that exist are kept, their files written. */
  async insertManyIfMissing(rows: StoredImageRow[], tx?: EntityManager): Promise<void> {
    const unique = [...new Map(rows.map((r) => [r.sha256, r])).values()];
    if (unique.length === 0) return;
    await this.insertOrClearMark(this.db(tx).getRepository(StoredImage), unique);
  }

  /** Files the embedding job could not find: they wait, out of its backlog, to be stored again. */
  async markUnreadable(sha256s: string[]): Promise<void> {
    if (sha256s.length === 0) return;
    await this.db()
      .getRepository(StoredImage)
      .update({ sha256: In(sha256s), unreadableAt: IsNull() }, { unreadableAt: () => 'now()' });
  }

  /** Images of live products whose file is marked unreadable (read at every scrape). */
  async countUnreadableCatalogImages(): Promise<number> {
    const rows = (await this.db().query(
      `SELECT count(*)::int AS n
       FROM product_images pi
       JOIN products p ON p.id = pi.product_id AND p.deleted_at IS NULL
       JOIN images i ON i.sha256 = pi.image_sha256 AND i.unreadable_at IS NOT NULL`,
    )) as Array<{ n: number }>;
    return rows[0]?.n ?? 0;
  }

  private async insertOrClearMark(repo: Repository<StoredImage>, rows: StoredImageRow[]): Promise<void> {
    // The row's unreadable_at is NULL (its default): the update runs only where a mark is set, so a
    // repeated photo writes nothing.
    await repo
      .createQueryBuilder()
      .insert()
      .values(rows)
      .orUpdate(['unreadable_at'], ['sha256'], { skipUpdateIfNoValuesChanged: true })
      .execute();
  }

  findBySha256(sha256: string): Promise<StoredImage | null> {
    return this.db().getRepository(StoredImage).findOneBy({ sha256 });
  }
}
