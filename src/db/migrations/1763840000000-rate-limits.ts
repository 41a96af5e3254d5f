import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Request budgets every replica shares (rate-limiter-flexible's PostgreSQL store, in its own
 * layout): with several API processes on one database, adding replicas does not multiply a
 * caller's allowance. The embedded database keeps budgets in memory and leaves this table empty.
 */
export class RateLimits1763840000000 implements MigrationInterface {
  name = 'RateLimits1763840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "rate_limits" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`,
    );
    await q.query(`CREATE INDEX "rate_limits_expire_idx" ON "rate_limits" ("expire")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rate_limits"`);
  }
}
