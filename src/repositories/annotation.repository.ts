import type { EntityManager } from 'typeorm';
import { NewProductAnnotation, type AnnotationStatus } from '../entities/new-product-annotation.entity.js';
import { BaseRepository } from './base.repository.js';
import { keysetPage, type Page, type PageRequest } from './keyset-page.js';

export type NewAnnotation = Pick<
  NewProductAnnotation,
  'searchId' | 'imageSha256' | 'userId' | 'name' | 'category' | 'comment'
>;

/** The `new_product_annotations` table: products shoppers suggested, waiting for review. */
export class AnnotationRepository extends BaseRepository {
  /** With its product (even if deleted since). */
  findById(id: string): Promise<NewProductAnnotation | null> {
    return this.db()
      .getRepository(NewProductAnnotation)
      .findOne({ where: { id }, relations: { product: true }, withDeleted: true });
  }

  /** Locked until the transaction ends: reviews of one suggestion wait for each other. */
  findForUpdate(id: string, tx: EntityManager): Promise<NewProductAnnotation | null> {
    return tx.getRepository(NewProductAnnotation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** This user's suggestion of this name (any case) on this search, if any. */
  async findSameSuggestion(
    searchId: string,
    userId: string,
    name: string,
    tx?: EntityManager,
  ): Promise<{ id: string } | null> {
    const [existing] = (await this.db(tx).query(
      `SELECT id FROM new_product_annotations WHERE search_id = $1 AND user_id = $2 AND lower(name) = lower($3)
       ORDER BY created_at LIMIT 1`,
      [searchId, userId, name],
    )) as { id: string }[];
    return existing ?? null;
  }

  async insert(annotation: NewAnnotation, tx?: EntityManager): Promise<string> {
    const [row] = (await this.db(tx).query(
      `INSERT INTO new_product_annotations (search_id, image_sha256, user_id, name, category, comment)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        annotation.searchId,
        annotation.imageSha256,
        annotation.userId,
        annotation.name,
        annotation.category,
        annotation.comment,
      ],
    )) as { id: string }[];
    return row!.id;
  }

  async markRejected(id: string, reviewedBy: string, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(
      `UPDATE new_product_annotations SET status = 'rejected', reviewed_by = $2, reviewed_at = now() WHERE id = $1`,
      [id, reviewedBy],
    );
  }

  async markApproved(id: string, productId: string, reviewedBy: string, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(
      `UPDATE new_product_annotations SET status = 'approved', product_id = $2, reviewed_by = $3, reviewed_at = now()
       WHERE id = $1`,
      [id, productId, reviewedBy],
    );
  }

  async countPending(): Promise<number> {
    return this.db().getRepository(NewProductAnnotation).countBy({ status: 'pending' });
  }

  /** Oldest first (a review queue); every status when `status` is null. */
  list(status: AnnotationStatus | null, page: PageRequest): Promise<Page<NewProductAnnotation>> {
    const query = this.db()
      .getRepository(NewProductAnnotation)
      .createQueryBuilder('a')
      .leftJoinAndSelect('a.product', 'p')
      .withDeleted();
    if (status) query.andWhere('a.status = :status', { status });
    const where = { alias: 'a', table: 'new_product_annotations', cursorKind: 'new_product_annotations' };
    return keysetPage(query, { ...where, direction: 'ASC' }, page);
  }
}
