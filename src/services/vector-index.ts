import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { ModelVersion } from '../entities/model-version.entity.js';
import { toPgVector, toPgVectorBinary } from '../ml/vectors.js';
import { isUuid } from './ids.js';

export type VectorRow = { productImageId: string; productId: string; vector: Float32Array };
export type Neighbour = { productId: string; score: number };

/** How many image neighbours to fetch per wanted product: several images may share a product. */
const CANDIDATES_PER_RESULT = 4;
const MIN_CANDIDATES = 40;

/**
 * Per-version vectors in one table, each version with its own partial HNSW index over
 * `embedding::vector(dim)`. The version id and dimension are written into the SQL (both
 * validated) so that the planner matches the partial index; a query for version A can only
 * see rows of version A.
 */
export class VectorIndex {
  constructor(private readonly dataSource: DataSource) {}

  static indexName(version: Pick<ModelVersion, 'id'>): string {
    return `version_vectors_hnsw_${version.id.replace(/-/g, '')}`;
  }

  async ensureIndex(version: ModelVersion): Promise<void> {
    const { id, dim } = checked(version);
    await this.dataSource.query(
      `CREATE INDEX IF NOT EXISTS "${VectorIndex.indexName(version)}" ON version_vectors
       USING hnsw ((embedding::vector(${dim})) vector_cosine_ops) WHERE model_version_id = '${id}'`,
    );
  }

  async dropIndex(version: ModelVersion): Promise<void> {
    await this.dataSource.query(`DROP INDEX IF EXISTS "${VectorIndex.indexName(checked(version))}"`);
  }

  async upsert(version: ModelVersion, rows: VectorRow[]): Promise<void> {
    if (rows.length === 0) return;
    const { id } = checked(version);
    const values: unknown[] = [];
    const tuples = rows.map((row, i) => {
      values.push(row.productImageId, row.productId, toPgVector(row.vector));
      return `('${id}', $${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`;
    });
    await this.dataSource.query(
      `INSERT INTO version_vectors (model_version_id, product_image_id, product_id, embedding)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (model_version_id, product_image_id) DO UPDATE SET embedding = EXCLUDED.embedding`,
      values,
    );
  }

  /** The `limit` products nearest to `vector`, each scored by its best image (cosine similarity). */
  async nearest(version: ModelVersion, vector: Float32Array, limit: number): Promise<Neighbour[]> {
    const { id, dim } = checked(version);
    const candidates = Math.max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT);
    const rows = (await this.run(id, dim, vector, limit, candidates, '')) as { product_id: string; score: number }[];
    return rows.map((r) => ({ productId: r.product_id, score: Number(r.score) }));
  }

  /** The plan of exactly what `nearest` runs (tests and benchmarks check the index in it). */
  async explainNearest(version: ModelVersion, vector: Float32Array, limit: number): Promise<string> {
    const { id, dim } = checked(version);
    const candidates = Math.max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT);
    const rows = (await this.run(id, dim, vector, limit, candidates, 'EXPLAIN ')) as { 'QUERY PLAN': string }[];
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  /**
   * One transaction: SET LOCAL holds for this query alone. With sequential scans and sorts
   * priced out, the ordered scan of the version's HNSW index wins whatever the planner
   * estimates (for a few thousand vectors it prices a sequential scan lower, yet that is
   * several times slower), and ef_search covers the candidates wanted. The query vector goes
   * in pgvector's binary format: parsing 500–800 floats from text costs more than the search.
   */
  private async run(id: string, dim: number, vector: Float32Array, limit: number, candidates: number, prefix: string) {
    const client = await this.pool().connect();
    try {
      await client.query(
        `BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off; SET LOCAL hnsw.ef_search = ${candidates}`,
      );
      const result = await client.query(`${prefix}${this.nearestSql(id, dim, candidates)}`, [
        toPgVectorBinary(vector),
        Math.trunc(limit),
      ]);
      await client.query('COMMIT');
      return result.rows as unknown[];
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /** The k-NN query ($1 = query vector, $2 = limit). */
  nearestSql(id: string, dim: number, candidates: number): string {
    return `SELECT n.product_id, max(1 - n.distance) AS score
      FROM (
        SELECT v.product_id, v.embedding::vector(${dim}) <=> $1::vector(${dim}) AS distance
        FROM version_vectors v
        WHERE v.model_version_id = '${id}'
        ORDER BY v.embedding::vector(${dim}) <=> $1::vector(${dim})
        LIMIT ${candidates}
      ) n
      -- A scalar subquery stays a per-candidate index probe, whatever the join estimates say.
      WHERE (SELECT p.deleted_at IS NULL FROM products p WHERE p.id = n.product_id)
      GROUP BY n.product_id
      ORDER BY score DESC, n.product_id
      LIMIT $2`;
  }

  /**
   * Refresh planner statistics. PGlite runs no autovacuum: without statistics the planner
   * guesses that a version matches few rows and prefers a sequential scan to its HNSW index.
   */
  async analyze(): Promise<void> {
    await this.dataSource.query('ANALYZE version_vectors, products, product_images');
  }

  async count(version: ModelVersion): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM version_vectors WHERE model_version_id = $1`,
      [version.id],
    )) as { n: number }[];
    return rows[0]!.n;
  }

  async removeProduct(productId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM version_vectors WHERE product_id = $1`, [productId]);
  }
}

function checked(version: Pick<ModelVersion, 'id' | 'dim'>): { id: string; dim: number } {
  if (!isUuid(version.id) || !Number.isInteger(version.dim) || version.dim < 1 || version.dim > 16_000) {
    throw new Error(`invalid model version ${version.id}`);
  }
  return { id: version.id, dim: version.dim };
}
