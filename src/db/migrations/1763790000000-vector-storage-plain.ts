import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keep vectors inline (PLAIN storage). A 512–760-d vector is 2–3 kB, over the TOAST threshold:
 * stored out of line, the heap looks tiny, the planner prices a sequential scan far below its
 * real cost (every row detoasted) and skips the version's HNSW index. Inline, both the scan
 * cost and the estimate are honest.
 */
export class VectorStoragePlain1763790000000 implements MigrationInterface {
  name = 'VectorStoragePlain1763790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "version_vectors" ALTER COLUMN "embedding" SET STORAGE PLAIN`);
    await q.query(`ALTER TABLE "image_embeddings" ALTER COLUMN "embedding" SET STORAGE PLAIN`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "version_vectors" ALTER COLUMN "embedding" SET STORAGE EXTERNAL`);
    await q.query(`ALTER TABLE "image_embeddings" ALTER COLUMN "embedding" SET STORAGE EXTERNAL`);
  }
}
