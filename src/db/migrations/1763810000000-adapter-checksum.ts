import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A version's adapter weights carry their SHA-256: loading checks it, so no corrupt or swapped weights serve. */
export class AdapterChecksum1763810000000 implements MigrationInterface {
  name = 'AdapterChecksum1763810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "model_versions" ADD "adapter_checksum" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "model_versions" DROP COLUMN "adapter_checksum"`);
  }
}
