import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The k-NN query as functions, so that a search costs one round trip instead of four (BEGIN;
 * SET LOCAL …; query; COMMIT). `vitrina_nearest` carries the planner settings in its SET
 * clauses, which hold for the call alone; it writes the version id and dimension into the
 * query text (format %L / %s) so that the planner matches the version's partial HNSW index,
 * and plans it with sequential scans and sorts priced out: for a few thousand vectors the
 * planner would otherwise pick a sequential scan that is several times slower.
 *
 * $1 = query vector, $2 = products wanted; the inner scan takes `candidates` image
 * neighbours (several images may share a product) and hnsw.ef_search covers them.
 */
export class NearestFunction1763800000000 implements MigrationInterface {
  name = 'NearestFunction1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION vitrina_nearest_sql(version_id uuid, dim integer, candidates integer) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT AS $fn$
        SELECT format($q$
          SELECT n.product_id, max(1 - n.distance) AS score
          FROM (
            SELECT v.product_id, v.embedding::vector(%1$s) <=> $1::vector(%1$s) AS distance
            FROM version_vectors v
            WHERE v.model_version_id = %2$L
            ORDER BY v.embedding::vector(%1$s) <=> $1::vector(%1$s)
            LIMIT %3$s
          ) n
          -- A scalar subquery stays a per-candidate index probe, whatever the join estimates say.
          WHERE (SELECT p.deleted_at IS NULL FROM products p WHERE p.id = n.product_id)
          GROUP BY n.product_id
          ORDER BY score DESC, n.product_id
          LIMIT $2$q$, dim, version_id, candidates)
      $fn$`);
    await q.query(`
      CREATE FUNCTION vitrina_nearest(version_id uuid, dim integer, query vector, wanted integer, candidates integer)
      RETURNS TABLE (product_id uuid, score double precision)
      LANGUAGE plpgsql
      SET enable_seqscan = off SET enable_sort = off SET hnsw.ef_search = 40
      AS $fn$
      BEGIN
        PERFORM set_config('hnsw.ef_search', greatest(candidates, 1)::text, true);
        RETURN QUERY EXECUTE vitrina_nearest_sql(version_id, dim, candidates) USING query, wanted;
      END
      $fn$`);
    await q.query(`
      CREATE FUNCTION vitrina_explain_nearest(version_id uuid, dim integer, query vector, wanted integer, candidates integer)
      RETURNS SETOF text
      LANGUAGE plpgsql
      SET enable_seqscan = off SET enable_sort = off SET hnsw.ef_search = 40
      AS $fn$
      BEGIN
        PERFORM set_config('hnsw.ef_search', greatest(candidates, 1)::text, true);
        RETURN QUERY EXECUTE 'EXPLAIN ' || vitrina_nearest_sql(version_id, dim, candidates) USING query, wanted;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION vitrina_explain_nearest(uuid, integer, vector, integer, integer)`);
    await q.query(`DROP FUNCTION vitrina_nearest(uuid, integer, vector, integer, integer)`);
    await q.query(`DROP FUNCTION vitrina_nearest_sql(uuid, integer, integer)`);
  }
}
