import type { EntityManager } from 'typeorm';
import { fromPgVectorBinary, toPgVectorBinary } from '../ml/vectors.js';
import { BaseRepository } from './base.repository.js';

/**
 * The `image_embeddings` table: each image's base embedding, per encoder. Vectors travel in
 * pgvector's binary form: PostgreSQL parses a vector's text float by float, which costs milliseconds.
 */
export class ImageEmbeddingRepository extends BaseRepository {
  /** The stored embeddings of these images, by SHA-256 (images never embedded are absent). */
  async findMany(encoderId: string, sha256s: string[], tx?: EntityManager): Promise<Map<string, Float32Array>> {
    if (sha256s.length === 0) return new Map();
    const rows = (await this.db(tx).query(
      `SELECT image_sha256, vector_send(embedding) AS embedding FROM image_embeddings
       WHERE encoder_id = $1 AND image_sha256 = ANY($2)`,
      [encoderId, sha256s],
    )) as { image_sha256: string; embedding: Buffer }[];
    return new Map(rows.map((r) => [r.image_sha256, fromPgVectorBinary(r.embedding)]));
  }

  /** Store embeddings; an image embedded already (by another process, say) keeps its row. */
  async insertMany(
    encoder: { id: string; dim: number },
    entries: Array<[sha256: string, vector: Float32Array]>,
    tx?: EntityManager,
  ): Promise<void> {
    if (entries.length === 0) return;
    const values: unknown[] = [encoder.id, encoder.dim];
    const tuples = entries.map(([sha, vector], i) => {
      if (vector.length !== encoder.dim) throw new Error(`encoder returned ${vector.length} dims, not ${encoder.dim}`);
      values.push(sha, toPgVectorBinary(vector));
      return `($${i * 2 + 3}, $1, $2, $${i * 2 + 4}::vector)`;
    });
    await this.db(tx).query(
      `INSERT INTO image_embeddings (image_sha256, encoder_id, dim, embedding) VALUES ${tuples.join(', ')}
       ON CONFLICT (image_sha256, encoder_id) DO NOTHING`,
      values,
    );
  }
}
