import type { MigrationInterface, QueryRunner } from 'typeorm';

const NEAREST_SQL = 'vitrina_nearest_sql(uuid, integer, integer)';

/**
 * Gallery views (shoppers' confirmed photos as extra views of a product) and their vectors per
 * model version, and a k-NN query that searches a version's gallery beside its catalog: the
 * nearest `candidates` of each (each through its own partial HNSW index), one score per product.
 */
export class GalleryViews1763870000000 implements MigrationInterface {
  name = 'GalleryViews1763870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "gallery_views" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "product_id" uuid NOT NULL, "example_id" uuid NOT NULL, "search_id" uuid NOT NULL, "image_sha256" text NOT NULL, "user_id" text NOT NULL, "verdict" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "decided_by" text, "reviewed_by" text, "reason" text, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "gallery_views_status_check" CHECK (status IN ('pending', 'accepted', 'rejected')), CONSTRAINT "PK_bba42fa22f640383f6827ac5c3b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "gallery_views_user_idx" ON "gallery_views" ("user_id")`);
    await q.query(`CREATE INDEX "gallery_views_product_idx" ON "gallery_views" ("product_id", "status")`);
    await q.query(`CREATE INDEX "gallery_views_status_idx" ON "gallery_views" ("status", "created_at")`);
    await q.query(`CREATE UNIQUE INDEX "gallery_views_example_key" ON "gallery_views" ("example_id")`);
    await q.query(
      `CREATE TABLE "gallery_vectors" ("model_version_id" uuid NOT NULL, "gallery_view_id" uuid NOT NULL, "product_id" uuid NOT NULL, "embedding" vector NOT NULL, CONSTRAINT "PK_73df77d816a9729b7f8eecf3e94" PRIMARY KEY ("model_version_id", "gallery_view_id"))`,
    );
    // Inline, as version_vectors' (see VectorStoragePlain): honest scan costs for the planner.
    await q.query(`ALTER TABLE "gallery_vectors" ALTER COLUMN "embedding" SET STORAGE PLAIN`);
    await q.query(`CREATE INDEX "gallery_vectors_view_idx" ON "gallery_vectors" ("gallery_view_id")`);
    await q.query(`ALTER TABLE "model_versions" ADD "serves_gallery" boolean NOT NULL DEFAULT true`);
    const foreignKeys: Array<[string, string, string, string, string]> = [
      ['gallery_views', 'FK_745b1c1c0b2c89077749045a3f5', 'product_id', 'products("id")', 'CASCADE'],
      ['gallery_views', 'FK_19c4ff58d9d58f720ee01049ae4', 'example_id', 'training_examples("id")', 'CASCADE'],
      ['gallery_views', 'FK_5dd6a1e3261f7e991de5b39d7c3', 'search_id', 'searches("id")', 'CASCADE'],
      ['gallery_views', 'FK_5b833a5e7415097228068ba9b39', 'image_sha256', 'images("sha256")', 'RESTRICT'],
      ['gallery_vectors', 'FK_f5501954c5a3087eee288acf186', 'model_version_id', 'model_versions("id")', 'CASCADE'],
      ['gallery_vectors', 'FK_c516985b801d651b39b5d74ff52', 'gallery_view_id', 'gallery_views("id")', 'CASCADE'],
      ['gallery_vectors', 'FK_d288f04217f8c6f5d0ccb791143', 'product_id', 'products("id")', 'CASCADE'],
    ];
    for (const [table, name, column, target, onDelete] of foreignKeys) {
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES ${target} ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    }
    await q.query(nearestSql(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(nearestSql(false));
    await q.query(`ALTER TABLE "model_versions" DROP COLUMN "serves_gallery"`);
    await q.query(`DROP TABLE "gallery_vectors"`);
    await q.query(`DROP TABLE "gallery_views"`);
  }
}

/** `vitrina_nearest_sql` (see NearestFunction1763800000000), with or without the gallery. */
function nearestSql(withGallery: boolean): string {
  const scan = (table: string) => `(
            SELECT t.product_id, t.embedding::vector(%1$s) <=> $1::vector(%1$s) AS distance
            FROM ${table} t
            WHERE t.model_version_id = %2$L
            ORDER BY t.embedding::vector(%1$s) <=> $1::vector(%1$s)
            LIMIT %3$s
          )`;
  const candidates = withGallery
    ? `${scan('version_vectors')} UNION ALL ${scan('gallery_vectors')}`
    : scan('version_vectors');
  return `
      CREATE OR REPLACE FUNCTION ${NEAREST_SQL.replace('(uuid, integer, integer)', '(version_id uuid, dim integer, candidates integer)')} RETURNS text
      LANGUAGE sql IMMUTABLE STRICT AS $fn$
        SELECT format($q$
          SELECT n.product_id, max(1 - n.distance) AS score
          FROM (${candidates}) n
          -- A scalar subquery stays a per-candidate index probe, whatever the join estimates say.
          WHERE (SELECT p.deleted_at IS NULL FROM products p WHERE p.id = n.product_id)
          GROUP BY n.product_id
          ORDER BY score DESC, n.product_id
          LIMIT $2$q$, dim, version_id, candidates)
      $fn$`;
}
