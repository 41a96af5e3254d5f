import { EventEmitter } from 'node:events';
import type { DataSource } from 'typeorm';
import { Job } from '../entities/job.entity.js';
import { updateReturning } from '../db/update-returning.js';

export type EnqueueOptions = { dedupeKey?: string; priority?: number; maxAttempts?: number; runAfter?: Date };
/** What a handler returns: expected outcomes are values; exceptions are for the unexpected. */
export type JobOutcome =
  { status: 'succeeded' | 'skipped'; result?: Record<string, unknown> } | { status: 'failed'; error: string };

/** A running job whose heartbeat is this old lost its worker (see JobWorker's HEARTBEAT_MS). */
export const STALE_AFTER_MS = 60_000;

/**
 * Jobs are rows, claimed with `FOR UPDATE SKIP LOCKED`: they survive restarts, and several
 * workers (processes) can share one queue.
 */
export class JobQueue extends EventEmitter {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  /** Queue a job; with a dedupe key, a job already queued or running with that key is returned instead. */
  async enqueue(kind: string, payload: Record<string, unknown> = {}, options: EnqueueOptions = {}): Promise<string> {
    // Loop: a conflicting job may finish between the insert and the look-up.
    for (;;) {
      const inserted = (await this.dataSource.query(
        `INSERT INTO jobs (kind, payload, dedupe_key, priority, max_attempts, run_after)
         VALUES ($1, $2, $3, $4, $5, coalesce($6, now()))
         ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running') DO NOTHING
         RETURNING id`,
        [
          kind,
          payload,
          options.dedupeKey ?? null,
          options.priority ?? 0,
          options.maxAttempts ?? 3,
          options.runAfter ?? null,
        ],
      )) as { id: string }[];
      if (inserted[0]) {
        this.emit('enqueued', kind);
        return inserted[0].id;
      }
      // A running job may already have passed the work just queued: flag it to run once more.
      const existing = await updateReturning<{ id: string }>(
        this.dataSource,
        `UPDATE jobs SET payload = CASE WHEN status = 'running' THEN payload || '{"again": true}' ELSE payload END
         WHERE dedupe_key = $1 AND status IN ('queued', 'running') RETURNING id`,
        [options.dedupeKey],
      );
      const id = existing[0]?.id;
      if (id) return id;
    }
  }

  /**
   * Take the next due job. One statement that returns the whole row: were the row read by a
   * second one, a connection lost in between would leave the job `running` with a worker that
   * does not know it has it.
   */
  async claim(kinds: string[], workerId: string): Promise<Job | null> {
    const [claimed] = await updateReturning<Partial<Job>>(
      this.dataSource,
      `UPDATE jobs SET status = 'running', locked_by = $2, heartbeat_at = now(), attempts = attempts + 1, updated_at = now()
       WHERE id = (
         SELECT id FROM jobs WHERE status = 'queued' AND run_after <= now() AND kind = ANY($1)
         ORDER BY priority DESC, created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, payload, status, priority, attempts, max_attempts AS "maxAttempts",
         dedupe_key AS "dedupeKey", run_after AS "runAfter", locked_by AS "lockedBy",
         heartbeat_at AS "heartbeatAt", result, error, created_at AS "createdAt", updated_at AS "updatedAt"`,
      [kinds, workerId],
    );
    return claimed ? this.dataSource.getRepository(Job).create(claimed) : null;
  }

  async heartbeat(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE jobs SET heartbeat_at = now() WHERE id = $1 AND status = 'running'`, [id]);
  }

  /**
   * Record a claimed job's outcome. Only while the job is still this claim's: a job requeued as
   * stale meanwhile (its worker lost the database for a while) belongs to whoever claims it next,
   * and repeating a `finish` whose answer was lost changes nothing.
   */
  async finish(job: Job, outcome: JobOutcome): Promise<void> {
    const failed = outcome.status === 'failed';
    const retry = failed && job.attempts < job.maxAttempts;
    // One statement: a request to run again (`again`, set by `enqueue` while the job runs) is
    // either seen here or arrives after the job has left `running` and queues a new one. Read
    // and written apart, a request landing in between would be dropped with its work.
    // A job asked to run again goes back to the queue instead of finishing, with fresh attempts.
    await this.dataSource.query(
      `UPDATE jobs SET
         status = CASE WHEN $3 OR payload ? 'again' THEN 'queued' ELSE $4 END,
         run_after = CASE WHEN $3 THEN now() + make_interval(secs => $5) ELSE run_after END,
         attempts = CASE WHEN NOT $3 AND payload ? 'again' THEN 0 ELSE attempts END,
         result = CASE WHEN $3 OR payload ? 'again' THEN result ELSE $6 END,
         payload = payload - 'again',
         error = $7, locked_by = NULL, updated_at = now()
       WHERE id = $1 AND status = 'running' AND locked_by IS NOT DISTINCT FROM $2`,
      [
        job.id,
        job.lockedBy,
        retry,
        failed ? 'failed' : 'succeeded',
        2 ** job.attempts,
        'result' in outcome ? (outcome.result ?? null) : null,
        failed ? outcome.error : null,
      ],
    );
  }

  /**
   * Jobs whose worker stopped sending heartbeats (a crash or kill) go back to the queue, or
   * fail when they have used their attempts. `all` reclaims every running job: right at the
   * start of the only worker of an embedded database.
   */
  async recoverStale({ all = false }: { all?: boolean } = {}): Promise<number> {
    const staleAfter = all ? 0 : STALE_AFTER_MS / 1000;
    const recovered = await updateReturning(
      this.dataSource,
      `UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
         error = coalesce(error, 'worker stopped while running the job'), locked_by = NULL, updated_at = now()
       WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)
       RETURNING id`,
      [staleAfter],
    );
    return recovered.length;
  }

  async counts(): Promise<Record<string, number>> {
    const rows = (await this.dataSource.query(`SELECT status, count(*)::int AS n FROM jobs GROUP BY status`)) as {
      status: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
