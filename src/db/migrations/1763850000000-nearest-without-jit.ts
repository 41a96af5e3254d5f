import type { MigrationInterface, QueryRunner } from 'typeorm';

const NEAREST = `vitrina_nearest(uuid, integer, vector, integer, integer)`;
const EXPLAIN = `vitrina_explain_nearest(uuid, integer, vector, integer, integer)`;

/**
 * PostgreSQL (not PGlite, which has no JIT) JIT-compiled every search: `enable_seqscan = off`
 * prices the plan at ~1e10, far above `jit_above_cost`, so LLVM compiled a query that runs in
 * a millisecond, for ~80 ms per call. The k-NN functions turn JIT off for their call alone.
 */
export class NearestWithoutJit1763850000000 implements MigrationInterface {
  name = 'NearestWithoutJit1763850000000';

  async up(q: QueryRunner): Promise<void> {
    for (const fn of [NEAREST, EXPLAIN]) await q.query(`ALTER FUNCTION ${fn} SET jit = off`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const fn of [NEAREST, EXPLAIN]) await q.query(`ALTER FUNCTION ${fn} RESET jit`);
  }
}
