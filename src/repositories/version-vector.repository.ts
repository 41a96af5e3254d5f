import type { EntityManager } from 'typeorm';
import type { ModelVersion } from '../entities/model-version.entity.js';
import { isUuid } from '../lib/ids.js';
import { toPgVectorBinary } from '../ml/vectors.js';
import { BaseRepository } from './base.repository.js';
import { stampingGalleryChange } from './gallery-changes.js';

export type VectorRow = { productImageId: string; productId: string; vector: Float32Array };
export type Neighbour = { productId: string; score: number };

/** How many image neighbours to fetch per wanted product: several images may share a product. */
const CANDIDATES_PER_RESULT = 4;
/** Also hnsw.ef_search: the searches' breadth makes up for the lean graph below. */
const MIN_CANDIDATES = 64;
/**
 * HNSW graph degree and build effort. A new version's index grows row by row while searches
 * go on (see VectorIndex.upsertPaced), at a cost per row that follows these: m = 12 with
 * ef_construction = 24 (the minimum for that m) inserts ~25 % faster than m = 16 / 32 and, with
 * ef_search ≥ 64, finds the same nearest products.
 */
const M = 12;
const EF_CONSTRUCTION = 24;
/** maintenance_work_mem for index builds: room for a 50k × 1000-d graph. */
const BUILD_MEMORY = '512MB';

/**
 * The `version_vectors` table: per-version vectors in one table, each version with its own
 * partial HNSW index over `embedding::vector(dim)`, and the nearest-neighbour functions over it.
 * The version id and dimension are written into the SQL (both validated) so that the planner
 * matches the partial index; a query for version A can only see rows of version A.
 */
export class VersionVectorRepository extends BaseRepository {
  static indexName(version: Pick<ModelVersion, 'id'>): string {
    return `version_vectors_hnsw_${version.id.replace(/-/g, '')}`;
  }

  /** The index over the version's gallery views (`gallery_vectors`), searched beside its catalog's. */
  static galleryIndexName(version: Pick<ModelVersion, 'id'>): string {
    return `gallery_vectors_hnsw_${version.id.replace(/-/g, '')}`;
  }

  /**
   * Build the version's index (once). The build gets more memory than queries need: an HNSW
   * graph that does not fit in maintenance_work_mem is built far more slowly, on disk pages.
   */
  async ensureIndex(version: ModelVersion): Promise<void> {
    const { id, dim } = checked(version);
    for (const [table, name] of indexesOf(version)) {
      await this.dataSource.transaction(async (tx) => {
        // Replicas starting together: CREATE INDEX IF NOT EXISTS is no guard against a concurrent
        // one (both pass the check, one fails on the catalog's unique name), a lock per index is.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [name]);
        await tx.query(`SET LOCAL maintenance_work_mem = '${BUILD_MEMORY}'`);
        await tx.query(
          `CREATE INDEX IF NOT EXISTS "${name}" ON ${table}
           USING hnsw ((embedding::vector(${dim})) vector_cosine_ops) WITH (m = ${M}, ef_construction = ${EF_CONSTRUCTION})
           WHERE model_version_id = '${id}'`,
        );
      });
    }
  }

  async dropIndex(version: ModelVersion): Promise<void> {
    for (const [, name] of indexesOf(checked(version))) await this.db().query(`DROP INDEX IF EXISTS "${name}"`);
  }

  async upsert(version: ModelVersion, rows: VectorRow[]): Promise<void> {
    if (rows.length === 0) return;
    const { id } = checked(version);
    const values: unknown[] = [];
    const tuples = rows.map((row, i) => {
      values.push(row.productImageId, row.productId, toPgVectorBinary(row.vector));
      return `('${id}', $${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3}::vector)`;
    });
    await this.db().query(
      `INSERT INTO version_vectors (model_version_id, product_image_id, product_id, embedding)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (model_version_id, product_image_id) DO UPDATE SET embedding = EXCLUDED.embedding`,
      values,
    );
  }

  /**
   * The `limit` products nearest to `vector`, each scored by its best image (cosine similarity).
   * One round trip: `vitrina_nearest` (see its migration) plans the query on the version's HNSW
   * index. The query vector goes in pgvector's binary format: parsing 500–1000 floats from
   * text costs more than the search.
   */
  async nearest(version: ModelVersion, vector: Float32Array, limit: number): Promise<Neighbour[]> {
    const { id, dim } = checked(version);
    const rows = (await this.db().query('SELECT product_id, score FROM vitrina_nearest($1, $2, $3::vector, $4, $5)', [
      id,
      dim,
      toPgVectorBinary(vector),
      Math.trunc(limit),
      candidatesFor(limit),
    ])) as { product_id: string; score: number }[];
    return rows.map((r) => ({ productId: r.product_id, score: Number(r.score) }));
  }

  /** The plan of exactly what `nearest` runs (tests and benchmarks check the index in it). */
  async explainNearest(version: ModelVersion, vector: Float32Array, limit: number): Promise<string> {
    const { id, dim } = checked(version);
    const rows = (await this.db().query(
      'SELECT plan FROM vitrina_explain_nearest($1, $2, $3::vector, $4, $5) AS plan',
      [id, dim, toPgVectorBinary(vector), Math.trunc(limit), candidatesFor(limit)],
    )) as { plan: string }[];
    return rows.map((r) => r.plan).join('\n');
  }

  /**
   * Refresh planner statistics. PGlite runs no autovacuum: without statistics the planner
   * guesses that a version matches few rows and prefers a sequential scan to its HNSW index.
   */
  async analyze(): Promise<void> {
    await this.db().query(
      'ANALYZE version_vectors (model_version_id, product_id), gallery_vectors (model_version_id), products, product_images',
    );
  }

  async count(version: ModelVersion): Promise<number> {
    const rows = (await this.db().query(`SELECT count(*)::int AS n FROM version_vectors WHERE model_version_id = $1`, [
      version.id,
    ])) as { n: number }[];
    return rows[0]!.n;
  }

  /** A deleted product's vectors, its catalog images' and its gallery views', in every version. */
  async deleteProduct(productId: string): Promise<void> {
    await this.db().query(`DELETE FROM version_vectors WHERE product_id = $1`, [productId]);
    await this.db().query(
      stampingGalleryChange(`DELETE FROM gallery_vectors WHERE product_id = $1 RETURNING model_version_id`),
      [productId],
    );
  }

  /** Every vector of a version, catalog and gallery. */
  async deleteVersion(versionId: string, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(`DELETE FROM version_vectors WHERE model_version_id = $1`, [versionId]);
    await this.db(tx).query(
      stampingGalleryChange(`DELETE FROM gallery_vectors WHERE model_version_id = $1 RETURNING model_version_id`),
      [versionId],
    );
  }
}

/** Each of the version's HNSW indexes, with its table. */
function indexesOf(version: Pick<ModelVersion, 'id'>): Array<[table: string, name: string]> {
  return [
    ['version_vectors', VersionVectorRepository.indexName(version)],
    ['gallery_vectors', VersionVectorRepository.galleryIndexName(version)],
  ];
}

/** Image neighbours to fetch for `limit` products. */
function candidatesFor(limit: number): number {
  return Math.max(MIN_CANDIDATES, Math.trunc(limit) * CANDIDATES_PER_RESULT);
}

function checked(version: Pick<ModelVersion, 'id' | 'dim'>): { id: string; dim: number } {
  if (!isUuid(version.id) || !Number.isInteger(version.dim) || version.dim < 1 || version.dim > 16_000) {
    throw new Error(`invalid model version ${version.id}`);
  }
  return { id: version.id, dim: version.dim };
}
