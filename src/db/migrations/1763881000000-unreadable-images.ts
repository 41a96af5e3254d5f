import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the embedding job last found an image's file missing. Such an image cannot be embedded
 * until its file is stored again, so it leaves the embedding backlog (which alerted on it
 * forever) and is counted on its own; storing the file again clears the mark.
 */
export class UnreadableImages1763881000000 implements MigrationInterface {
  name = 'UnreadableImages1763881000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "images" ADD "unreadable_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "images" DROP COLUMN "unreadable_at"`);
  }
}
