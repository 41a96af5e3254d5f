import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each version's gallery views (its `gallery_vectors`) last changed. Accepting or removing
 * views moves top-1 scores by design, so the drift score test compares only searches made since
 * then; null: never changed.
 */
export class GalleryChangedAt1763890000000 implements MigrationInterface {
  name = 'GalleryChangedAt1763890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "model_versions" ADD "gallery_changed_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "model_versions" DROP COLUMN "gallery_changed_at"`);
  }
}
