import type { EntityManager } from 'typeorm';
import { GalleryView, type GalleryDecider, type GalleryViewStatus } from '../entities/gallery-view.entity.js';
import type { ModelVersion } from '../entities/model-version.entity.js';
import { fromPgVectorBinary, toPgVectorBinary } from '../ml/vectors.js';
import { BaseRepository } from './base.repository.js';
import { stampingGalleryChange } from './gallery-changes.js';
import { keysetPage, type Page, type PageRequest } from './keyset-page.js';

/**
 * Views contributed by `user`: that user, or, when it names a key (`key:<id>`, `admin:env`), the
 * key and every end user it spoke for (`key:<id>/telegram:42`). An end user's id has no `/` of
 * its own, so only a key's id can be such a prefix: a hostile integrator's key, whatever end
 * users it invented, is one name to list or remove.
 */
const CONTRIBUTED_BY = (user: string, column = 'user_id') =>
  `(${column} = ${user} OR starts_with(${column}, ${user} || '/'))`;

export type NewGalleryView = Pick<
  GalleryView,
  'productId' | 'exampleId' | 'searchId' | 'imageSha256' | 'userId' | 'verdict'
>;
export type GalleryFilter = { status?: GalleryViewStatus | null; productId?: string | null; userId?: string | null };
export type GalleryDecision = {
  status: GalleryViewStatus;
  decidedBy: GalleryDecider | null;
  reviewedBy?: string | null;
  reason?: string | null;
};
/** A view with its photo's base embedding (null when the photo was never embedded by that encoder). */
export type EmbeddedView = Pick<GalleryView, 'id' | 'productId' | 'userId' | 'status'> & {
  embedding: Float32Array | null;
};
export type GalleryVectorRow = { galleryViewId: string; productId: string; vector: Float32Array };

/**
 * The `gallery_views` table (shoppers' photos proposed as views of a product, and the decision
 * on each) and `gallery_vectors` (each accepted view's vector in each version that serves them).
 */
export class GalleryRepository extends BaseRepository {
  /** A view for this verdict; the existing one (as it stands) when the verdict has one already. */
  async insertPending(view: NewGalleryView, tx?: EntityManager): Promise<{ id: string; existing: GalleryView | null }> {
    const [row] = (await this.db(tx).query(
      `INSERT INTO gallery_views (product_id, example_id, search_id, image_sha256, user_id, verdict)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (example_id) DO NOTHING RETURNING id`,
      [view.productId, view.exampleId, view.searchId, view.imageSha256, view.userId, view.verdict],
    )) as { id: string }[];
    if (row) return { id: row.id, existing: null };
    const existing = (await this.findByExample(view.exampleId, tx))!;
    return { id: existing.id, existing };
  }

  /** With its product (even if deleted since). */
  findById(id: string, tx?: EntityManager): Promise<GalleryView | null> {
    return this.db(tx)
      .getRepository(GalleryView)
      .findOne({ where: { id }, relations: { product: true }, withDeleted: true });
  }

  findByExample(exampleId: string, tx?: EntityManager): Promise<GalleryView | null> {
    return this.db(tx).getRepository(GalleryView).findOneBy({ exampleId });
  }

  /**
   * Every view of a product, locked until the transaction ends: decisions on one product's
   * gallery (its cap, its duplicates) wait for each other.
   */
  async lockProduct(productId: string, tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('gallery:' || $1::text))`, [productId]);
  }

  async decide(ids: string[], decision: GalleryDecision, tx?: EntityManager): Promise<void> {
    if (ids.length === 0) return;
    await this.db(tx).query(
      `UPDATE gallery_views SET status = $2, decided_by = $3, reviewed_by = $4, reason = $5, decided_at = now()
       WHERE id = ANY($1::uuid[])`,
      [ids, decision.status, decision.decidedBy, decision.reviewedBy ?? null, decision.reason ?? null],
    );
  }

  /** A view back in the queue (its verdict was confirmed again after being withdrawn). */
  async reopen(id: string, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(
      `UPDATE gallery_views SET status = 'pending', decided_by = NULL, reviewed_by = NULL, reason = NULL, decided_at = NULL
       WHERE id = $1`,
      [id],
    );
  }

  /** The product's views in these states, with their photos' base embeddings from `encoderId`. */
  async embeddedViewsOf(
    productId: string,
    statuses: GalleryViewStatus[],
    encoderId: string,
    tx?: EntityManager,
  ): Promise<EmbeddedView[]> {
    const rows = (await this.db(tx).query(
      `SELECT g.id, g.product_id, g.user_id, g.status, vector_send(e.embedding) AS embedding
       FROM gallery_views g
       LEFT JOIN image_embeddings e ON e.image_sha256 = g.image_sha256 AND e.encoder_id = $3
       WHERE g.product_id = $1 AND g.status = ANY($2::text[])
       ORDER BY g.created_at, g.id`,
      [productId, statuses, encoderId],
    )) as Array<{
      id: string;
      product_id: string;
      user_id: string;
      status: GalleryViewStatus;
      embedding: Buffer | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      productId: r.product_id,
      userId: r.user_id,
      status: r.status,
      embedding: r.embedding ? fromPgVectorBinary(r.embedding) : null,
    }));
  }

  /** Ids of a contributor's views (see CONTRIBUTED_BY) that are pending or accepted. */
  async openViewsOf(userId: string, tx?: EntityManager): Promise<Array<{ id: string; status: GalleryViewStatus }>> {
    return (await this.db(tx).query(
      `SELECT id, status FROM gallery_views WHERE ${CONTRIBUTED_BY('$1')} AND status IN ('pending', 'accepted')
       FOR UPDATE`,
      [userId],
    )) as Array<{ id: string; status: GalleryViewStatus }>;
  }

  /** Oldest first (a review queue); filtered by status, product and contributor when given. */
  list(filter: GalleryFilter, page: PageRequest): Promise<Page<GalleryView>> {
    const query = this.db()
      .getRepository(GalleryView)
      .createQueryBuilder('g')
      .leftJoinAndSelect('g.product', 'p')
      .withDeleted();
    if (filter.status) query.andWhere('g.status = :status', { status: filter.status });
    if (filter.productId) query.andWhere('g.product_id = :productId', { productId: filter.productId });
    if (filter.userId) query.andWhere(CONTRIBUTED_BY(':userId', 'g.user_id'), { userId: filter.userId });
    return keysetPage(
      query,
      { alias: 'g', table: 'gallery_views', cursorKind: 'gallery_views', direction: 'ASC' },
      page,
    );
  }

  /** How many views there are, by status and by who decided them (`/metrics`). */
  async counts(): Promise<Array<{ status: GalleryViewStatus; decidedBy: GalleryDecider | null; n: number }>> {
    const rows = (await this.db().query(
      `SELECT status, decided_by, count(*)::int AS n FROM gallery_views GROUP BY status, decided_by`,
    )) as Array<{ status: GalleryViewStatus; decided_by: GalleryDecider | null; n: number }>;
    return rows.map((r) => ({ status: r.status, decidedBy: r.decided_by, n: r.n }));
  }

  /** How many products have how many accepted views: at most one row per view count (`/metrics`). */
  async productsByViewCount(): Promise<Array<{ views: number; products: number }>> {
    return (await this.db().query(
      `SELECT n AS views, count(*)::int AS products
       FROM (SELECT count(*)::int AS n FROM gallery_views WHERE status = 'accepted' GROUP BY product_id) per_product
       GROUP BY n`,
    )) as Array<{ views: number; products: number }>;
  }

  async upsertVectors(version: Pick<ModelVersion, 'id'>, rows: GalleryVectorRow[], tx?: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    const values: unknown[] = [version.id];
    const tuples = rows.map((row, i) => {
      values.push(row.galleryViewId, row.productId, toPgVectorBinary(row.vector));
      return `($1, $${i * 3 + 2}, $${i * 3 + 3}, $${i * 3 + 4}::vector)`;
    });
    await this.db(tx).query(
      stampingGalleryChange(
        `INSERT INTO gallery_vectors (model_version_id, gallery_view_id, product_id, embedding)
         VALUES ${tuples.join(', ')}
         ON CONFLICT (model_version_id, gallery_view_id) DO UPDATE SET embedding = EXCLUDED.embedding
           WHERE gallery_vectors.embedding IS DISTINCT FROM EXCLUDED.embedding
         RETURNING model_version_id`,
      ),
      values,
    );
  }

  /** The views' vectors in every version: they stop being searched. */
  async deleteVectors(viewIds: string[], tx?: EntityManager): Promise<void> {
    if (viewIds.length === 0) return;
    await this.db(tx).query(
      stampingGalleryChange(
        `DELETE FROM gallery_vectors WHERE gallery_view_id = ANY($1::uuid[]) RETURNING model_version_id`,
      ),
      [viewIds],
    );
  }

  async deleteVersionVectors(versionId: string, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(
      stampingGalleryChange(`DELETE FROM gallery_vectors WHERE model_version_id = $1 RETURNING model_version_id`),
      [versionId],
    );
  }

  /** Accepted views of live products with no vector in this version yet, with their base embeddings. */
  async acceptedWithoutVectors(
    versionId: string,
    encoderId: string,
    limit: number,
  ): Promise<Array<{ galleryViewId: string; productId: string; embedding: Float32Array }>> {
    const rows = (await this.db().query(
      `SELECT g.id, g.product_id, vector_send(e.embedding) AS embedding
       FROM gallery_views g
       JOIN products p ON p.id = g.product_id AND p.deleted_at IS NULL
       JOIN image_embeddings e ON e.image_sha256 = g.image_sha256 AND e.encoder_id = $2
       WHERE g.status = 'accepted'
         AND NOT EXISTS (SELECT 1 FROM gallery_vectors v WHERE v.model_version_id = $1 AND v.gallery_view_id = g.id)
       ORDER BY g.id
       LIMIT $3`,
      [versionId, encoderId, limit],
    )) as Array<{ id: string; product_id: string; embedding: Buffer }>;
    return rows.map((r) => ({
      galleryViewId: r.id,
      productId: r.product_id,
      embedding: fromPgVectorBinary(r.embedding),
    }));
  }

  async countVectors(versionId: string): Promise<number> {
    const [row] = (await this.db().query(`SELECT count(*)::int AS n FROM gallery_vectors WHERE model_version_id = $1`, [
      versionId,
    ])) as { n: number }[];
    return row!.n;
  }
}
