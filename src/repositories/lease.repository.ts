import type { EntityManager } from 'typeorm';
import { BaseRepository } from './base.repository.js';

/** The `periodic_leases` table: one holder per periodic task across replicas. */
export class LeaseRepository extends BaseRepository {
  /**
   * Take the lease of `name` for `seconds`, or renew it: true when `holder` has it now. Another
   * holder's lease is taken only once it has expired.
   */
  async acquire(name: string, holder: string, seconds: number, tx?: EntityManager): Promise<boolean> {
    // An INSERT: TypeORM answers its rows as they are (not `[rows, count]` as for an UPDATE).
    const rows = (await this.db(tx).query(
      `INSERT INTO periodic_leases (name, holder, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE periodic_leases.expires_at < now() OR periodic_leases.holder = excluded.holder
       RETURNING holder`,
      [name, holder, seconds],
    )) as Array<{ holder: string }>;
    return rows.length > 0;
  }

  /** Give the lease up (a replica stopping), so that another takes it at its next tick. */
  async release(holder: string, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(`DELETE FROM periodic_leases WHERE holder = $1`, [holder]);
  }
}
