import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who runs each periodic task (experiment decisions, drift, retraining checks) while several
 * replicas share the database: one holder per task, until its lease expires unrenewed.
 */
export class PeriodicLeases1763860000000 implements MigrationInterface {
  name = 'PeriodicLeases1763860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "periodic_leases" ("name" text PRIMARY KEY, "holder" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "periodic_leases"`);
  }
}
