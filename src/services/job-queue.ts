import { EventEmitter } from 'node:events';
import type { Job } from '../entities/job.entity.js';
import type { Repositories } from '../repositories/index.js';

export type EnqueueOptions = { dedupeKey?: string; priority?: number; maxAttempts?: number; runAfter?: Date };
/** What a handler returns: expected outcomes are values; exceptions are for the unexpected. */
export type JobOutcome =
  { status: 'succeeded' | 'skipped'; result?: Record<string, unknown> } | { status: 'failed'; error: string };

/** How often a worker marks its running job as alive. */
export const HEARTBEAT_MS = 2_000;
/**
 * A running job whose heartbeat is this old lost its worker (a replica killed, or cut off): four
 * beats missed. Short, so that another replica takes over within seconds (STALE_AFTER_MS +
 * RECOVERY_SWEEP_MS + a worker's idle poll: under 12 s); long enough that an event loop held up
 * for a few seconds keeps its job.
 */
export const STALE_AFTER_MS = 4 * HEARTBEAT_MS;
/** How often each replica of a shared database looks for stale jobs. */
export const RECOVERY_SWEEP_MS = 2_000;

/**
 * Jobs are rows, claimed with `FOR UPDATE SKIP LOCKED`: they survive restarts, and several
 * workers (processes) can share one queue.
 */
export class JobQueue extends EventEmitter {
  constructor(private readonly repos: Repositories) {
    super();
  }

  /** Queue a job; with a dedupe key, a job already queued or running with that key is returned instead. */
  async enqueue(kind: string, payload: Record<string, unknown> = {}, options: EnqueueOptions = {}): Promise<string> {
    // Loop: a conflicting job may finish between the insert and the look-up.
    for (;;) {
      const inserted = await this.repos.jobs.insertUnlessDuplicate({
        kind,
        payload,
        dedupeKey: options.dedupeKey ?? null,
        priority: options.priority ?? 0,
        maxAttempts: options.maxAttempts ?? 3,
        runAfter: options.runAfter ?? null,
      });
      if (inserted) {
        this.emit('enqueued', kind);
        return inserted;
      }
      // A running job may already have passed the work just queued: flag it to run once more.
      const id = await this.repos.jobs.requestAgain(options.dedupeKey ?? null);
      if (id) return id;
    }
  }

  /** Take the next due job (see `JobRepository.claimNext`). */
  claim(kinds: string[], workerId: string): Promise<Job | null> {
    return this.repos.jobs.claimNext(kinds, workerId);
  }

  heartbeat(id: string): Promise<void> {
    return this.repos.jobs.heartbeat(id);
  }

  /**
   * Record a claimed job's outcome. Only while the job is still this claim's: a job requeued as
   * stale meanwhile (its worker lost the database for a while) belongs to whoever claims it next,
   * and repeating a `finish` whose answer was lost changes nothing. A job asked to run again
   * while it ran goes back to the queue instead of finishing.
   */
  async finish(job: Job, outcome: JobOutcome): Promise<void> {
    const failed = outcome.status === 'failed';
    await this.repos.jobs.finish(job.id, job.lockedBy, {
      retry: failed && job.attempts < job.maxAttempts,
      status: failed ? 'failed' : 'succeeded',
      retryAfterSeconds: 2 ** job.attempts,
      result: 'result' in outcome ? (outcome.result ?? null) : null,
      error: failed ? outcome.error : null,
    });
  }

  /**
   * Jobs whose worker stopped sending heartbeats (a crash or kill) go back to the queue, or
   * fail when they have used their attempts. `all` reclaims every running job: right at the
   * start of the only worker of an embedded database.
   */
  recoverStale({ all = false }: { all?: boolean } = {}): Promise<number> {
    return this.repos.jobs.requeueStale(all ? 0 : STALE_AFTER_MS / 1000);
  }

  counts(): Promise<Record<string, number>> {
    return this.repos.jobs.countByStatus();
  }
}
