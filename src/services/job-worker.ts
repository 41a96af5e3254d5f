import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Job } from '../entities/job.entity.js';
import { HEARTBEAT_MS, type JobOutcome, type JobQueue } from './job-queue.js';

export type JobHandler = (job: Job, signal: AbortSignal) => Promise<JobOutcome>;

const IDLE_POLL_MS = 1_000;
const RECORD_RETRY_MS = 250;
const RECORD_RETRY_MAX_MS = 5_000;

/**
 * Runs queued jobs one at a time: woken at once by jobs queued in this process, and by polling
 * for jobs queued elsewhere. `stop()` lets the running job see its abort signal and finish.
 */
export class JobWorker {
  readonly id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly abort = new AbortController();

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Record<string, JobHandler>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.queue.on('enqueued', this.onEnqueued);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    this.queue.off('enqueued', this.onEnqueued);
    this.wake?.();
    await this.loop;
  }

  /** Resolves when no job of these kinds is queued or running (tests, benchmarks, demo seeding). */
  async drain(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const counts = await this.queue.counts();
      if (!counts.queued && !counts.running) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('jobs did not finish in time');
  }

  private readonly onEnqueued = (kind: string) => {
    if (kind in this.handlers) this.wake?.();
  };

  private async run(): Promise<void> {
    const kinds = Object.keys(this.handlers);
    while (this.running) {
      let job: Job | null = null;
      try {
        job = await this.queue.claim(kinds, this.id);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not claim a job');
      }
      if (!job) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, IDLE_POLL_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
        continue;
      }
      await this.execute(job);
    }
  }

  private async execute(job: Job): Promise<void> {
    const log = this.logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    // Beats until the outcome is recorded: a job still being recorded is not stale.
    const heartbeat = setInterval(() => void this.queue.heartbeat(job.id).catch(() => {}), HEARTBEAT_MS);
    const started = Date.now();
    try {
      let outcome: JobOutcome;
      try {
        outcome = await this.handlers[job.kind]!(job, this.abort.signal);
      } catch (error) {
        log.error({ err: error }, 'job failed');
        outcome = { status: 'failed', error: error instanceof Error ? error.message : String(error) };
      }
      log.info({ status: outcome.status, ms: Date.now() - started }, 'job finished');
      await this.record(job, outcome, log);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Record the outcome, trying again while the database is unreachable: given up, the job would
   * stay `running` with no worker on it (and, with a dedupe key, block every later one like it).
   * A worker that stops leaves it to the stale-job recovery.
   */
  private async record(job: Job, outcome: JobOutcome, log: Logger): Promise<void> {
    for (let waitMs = RECORD_RETRY_MS; ; waitMs = Math.min(waitMs * 2, RECORD_RETRY_MAX_MS)) {
      try {
        await this.queue.finish(job, outcome);
        return;
      } catch (error) {
        if (!this.running) {
          log.error({ err: error }, 'could not record job outcome; the job runs again once found stale');
          return;
        }
        log.warn({ err: error, retryInMs: waitMs }, 'could not record job outcome; trying again');
        // Cut short by stop(): the next failure then leaves the job to the stale-job recovery.
        await sleep(waitMs, undefined, { signal: this.abort.signal }).catch(() => {});
      }
    }
  }
}
