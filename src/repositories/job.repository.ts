import type { EntityManager } from 'typeorm';
import { Job } from '../entities/job.entity.js';
import { updateReturning } from '../db/update-returning.js';
import { BaseRepository } from './base.repository.js';

export type NewJob = Pick<Job, 'kind' | 'payload' | 'dedupeKey' | 'priority' | 'maxAttempts'> & {
  /** Null: now. */
  runAfter: Date | null;
};

/** How a claimed job ended, as `finish` records it. */
export type JobEnd = {
  /** Failed with attempts left: queued again after `retryAfterSeconds`. */
  retry: boolean;
  status: 'succeeded' | 'failed';
  retryAfterSeconds: number;
  result: Record<string, unknown> | null;
  error: string | null;
};

/** Live jobs (queued or running) per kind and status, with the oldest one's age. */
export type LiveJobCount = { kind: string; status: string; count: number; oldestAgeSeconds: number };

/** The `jobs` table: the queue of background work shared by every replica. */
export class JobRepository extends BaseRepository {
  /** The new job's id; null when a job with the same dedupe key is queued or running. */
  async insertUnlessDuplicate(job: NewJob, tx?: EntityManager): Promise<string | null> {
    const inserted = (await this.db(tx).query(
      `INSERT INTO jobs (kind, payload, dedupe_key, priority, max_attempts, run_after)
       VALUES ($1, $2, $3, $4, $5, coalesce($6, now()))
       ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running') DO NOTHING
       RETURNING id`,
      [job.kind, job.payload, job.dedupeKey, job.priority, job.maxAttempts, job.runAfter],
    )) as { id: string }[];
    return inserted[0]?.id ?? null;
  }

  /**
   * The id of the job queued or running with this dedupe key, if any; a running one is flagged
   * (`payload.again`) to run once more, as it may already have passed the work just queued.
   */
  async requestAgain(dedupeKey: string | null, tx?: EntityManager): Promise<string | null> {
    const existing = await updateReturning<{ id: string }>(
      this.db(tx),
      `UPDATE jobs SET payload = CASE WHEN status = 'running' THEN payload || '{"again": true}' ELSE payload END
       WHERE dedupe_key = $1 AND status IN ('queued', 'running') RETURNING id`,
      [dedupeKey],
    );
    return existing[0]?.id ?? null;
  }

  /**
   * Take the next due job of these kinds for this worker. One statement that returns the whole
   * row: were the row read by a second one, a connection lost in between would leave the job
   * `running` with a worker that does not know it has it.
   */
  async claimNext(kinds: string[], workerId: string, tx?: EntityManager): Promise<Job | null> {
    const db = this.db(tx);
    const [claimed] = await updateReturning<Partial<Job>>(
      db,
      `UPDATE jobs SET status = 'running', locked_by = $2, heartbeat_at = now(), attempts = attempts + 1, updated_at = now()
       WHERE id = (
         SELECT id FROM jobs WHERE status = 'queued' AND run_after <= now() AND kind = ANY($1)
         ORDER BY priority DESC, created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, payload, status, priority, attempts, max_attempts AS "maxAttempts",
         dedupe_key AS "dedupeKey", run_after AS "runAfter", locked_by AS "lockedBy",
         heartbeat_at AS "heartbeatAt", result, error, created_at AS "createdAt", updated_at AS "updatedAt"`,
      [kinds, workerId],
    );
    return claimed ? db.getRepository(Job).create(claimed) : null;
  }

  async heartbeat(id: string, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(`UPDATE jobs SET heartbeat_at = now() WHERE id = $1 AND status = 'running'`, [id]);
  }

  /**
   * Record a claimed job's end, only while the job is still this claim's (`lockedBy`). One
   * statement: a request to run again (`again`, set by `requestAgain` while the job runs) is
   * either seen here or arrives after the job has left `running` and queues a new one. Read and
   * written apart, a request landing in between would be dropped with its work. A job asked to
   * run again goes back to the queue instead of finishing, with fresh attempts.
   */
  async finish(id: string, lockedBy: string | null, end: JobEnd, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(
      `UPDATE jobs SET
         status = CASE WHEN $3 OR payload ? 'again' THEN 'queued' ELSE $4 END,
         run_after = CASE WHEN $3 THEN now() + make_interval(secs => $5) ELSE run_after END,
         attempts = CASE WHEN NOT $3 AND payload ? 'again' THEN 0 ELSE attempts END,
         result = CASE WHEN $3 OR payload ? 'again' THEN result ELSE $6 END,
         payload = payload - 'again',
         error = $7, locked_by = NULL, updated_at = now()
       WHERE id = $1 AND status = 'running' AND locked_by IS NOT DISTINCT FROM $2`,
      [id, lockedBy, end.retry, end.status, end.retryAfterSeconds, end.result, end.error],
    );
  }

  /**
   * Running jobs without a heartbeat for `staleAfterSeconds` go back to the queue, or fail when
   * they have used their attempts; how many there were.
   */
  async requeueStale(staleAfterSeconds: number, tx?: EntityManager): Promise<number> {
    const recovered = await updateReturning(
      this.db(tx),
      `UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
         error = coalesce(error, 'worker stopped while running the job'), locked_by = NULL, updated_at = now()
       WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)
       RETURNING id`,
      [staleAfterSeconds],
    );
    return recovered.length;
  }

  /** Jobs per status, finished ones included. */
  async countByStatus(tx?: EntityManager): Promise<Record<string, number>> {
    const rows = (await this.db(tx).query(`SELECT status, count(*)::int AS n FROM jobs GROUP BY status`)) as {
      status: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Read at every scrape: the claim index (status, …) keeps this to the live jobs. */
  async countLive(tx?: EntityManager): Promise<LiveJobCount[]> {
    const rows = (await this.db(tx).query(
      `SELECT kind, status, count(*)::int AS count,
              extract(epoch FROM now() - min(created_at))::float8 AS oldest_age_seconds
       FROM jobs WHERE status IN ('queued', 'running')
       GROUP BY kind, status`,
    )) as Array<{ kind: string; status: string; count: number; oldest_age_seconds: number }>;
    return rows.map((r) => ({
      kind: r.kind,
      status: r.status,
      count: r.count,
      oldestAgeSeconds: r.oldest_age_seconds,
    }));
  }
}
