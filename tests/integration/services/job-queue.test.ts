import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/db/data-source.js';
import type { EmbeddedPostgres } from '../../../src/db/embedded.js';
import { JobQueue } from '../../../src/services/job-queue.js';
import { createRepositories } from '../../../src/repositories/index.js';
import { JobWorker } from '../../../src/services/job-worker.js';
import { createLogger } from '../../../src/api/logger.js';
import { templateDatabase } from '../../helpers/database.js';

describe('job queue', () => {
  let pg: EmbeddedPostgres;
  let dataSource: DataSource;
  let queue: JobQueue;

  beforeAll(async () => {
    pg = await templateDatabase();
    dataSource = createDataSource({ url: pg.url, embedded: true });
    await dataSource.initialize();
    queue = new JobQueue(createRepositories(dataSource));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await pg?.close();
  });
  beforeEach(async () => {
    await dataSource.query('TRUNCATE jobs');
  });

  const status = async (id: string) =>
    (await dataSource.query('SELECT status, attempts, payload, error FROM jobs WHERE id = $1', [id]))[0];

  it('folds jobs with the same dedupe key into one, and runs it again when it was already running', async () => {
    const a = await queue.enqueue('embed', {}, { dedupeKey: 'k' });
    expect(await queue.enqueue('embed', {}, { dedupeKey: 'k' })).toBe(a);
    const job = (await queue.claim(['embed'], 'w1'))!;
    expect(job.id).toBe(a);
    expect(await queue.enqueue('embed', {}, { dedupeKey: 'k' })).toBe(a);
    await queue.finish(job, { status: 'succeeded' });
    expect(await status(a)).toMatchObject({ status: 'queued', payload: {} });
    await queue.finish((await queue.claim(['embed'], 'w1'))!, { status: 'succeeded' });
    expect(await status(a)).toMatchObject({ status: 'succeeded' });
    expect(await queue.enqueue('embed', {}, { dedupeKey: 'k' })).not.toBe(a);
  });

  it('never loses work queued while a deduplicated job finishes', async () => {
    // Each round: a run starts, reads how much work there is, and ends just as more work is
    // added and the job asked for again (the run's end and the request race for the database).
    // After each round every piece of work must have been seen by a run that started after it
    // was added: the last request of a round has no later one to make up for it.
    let produced = 0;
    let seen = 0;
    let release: (() => void) | null = null;
    const worker = new JobWorker(
      queue,
      {
        embed: async () => {
          const upTo = produced;
          await new Promise<void>((resolve) => {
            release = resolve;
            setTimeout(resolve, 20); // a run nobody races ends by itself
          });
          seen = Math.max(seen, upTo);
          return { status: 'succeeded' };
        },
      },
      createLogger('silent'),
    );
    worker.start();
    try {
      for (let round = 0; round < 100; round++) {
        release = null;
        produced++;
        await queue.enqueue('embed', {}, { dedupeKey: 'embed' });
        for (let waited = 0; !release && waited < 1000; waited++) await new Promise((r) => setTimeout(r, 1));
        produced++;
        // Let the run end, and ask again at once: both reach the database together.
        (release as (() => void) | null)?.();
        await queue.enqueue('embed', {}, { dedupeKey: 'embed' });
        await worker.drain(10_000);
        expect(seen, `round ${round}`).toBe(produced);
      }
    } finally {
      await worker.stop();
    }
  });

  it('claims only the asked kinds, each job once', async () => {
    await queue.enqueue('train');
    const e = await queue.enqueue('embed');
    expect((await queue.claim(['embed'], 'w1'))?.id).toBe(e);
    expect(await queue.claim(['embed'], 'w2')).toBeNull();
  });

  it('retries a failed job with backoff, then fails it for good', async () => {
    const id = await queue.enqueue('embed', {}, { maxAttempts: 2 });
    await queue.finish((await queue.claim(['embed'], 'w'))!, { status: 'failed', error: 'boom' });
    expect(await status(id)).toMatchObject({ status: 'queued', attempts: 1, error: 'boom' });
    expect(await queue.claim(['embed'], 'w')).toBeNull(); // backing off
    await dataSource.query('UPDATE jobs SET run_after = now()');
    await queue.finish((await queue.claim(['embed'], 'w'))!, { status: 'failed', error: 'boom again' });
    expect(await status(id)).toMatchObject({ status: 'failed', attempts: 2, error: 'boom again' });

    // Asked for again while failing for good: the request is new work, with attempts of its own.
    const k = await queue.enqueue('embed', {}, { dedupeKey: 'k', maxAttempts: 1 });
    const claimed = (await queue.claim(['embed'], 'w'))!;
    expect(await queue.enqueue('embed', {}, { dedupeKey: 'k' })).toBe(k);
    await queue.finish(claimed, { status: 'failed', error: 'boom' });
    expect(await status(k)).toMatchObject({ status: 'queued', attempts: 0, payload: {} });
  });

  it('requeues jobs whose worker died', async () => {
    const id = await queue.enqueue('embed');
    await queue.claim(['embed'], 'dead worker');
    expect(await queue.recoverStale()).toBe(0); // heartbeat is fresh
    expect(await queue.recoverStale({ all: true })).toBe(1);
    expect(await status(id)).toMatchObject({ status: 'queued' });
  });

  it('runs jobs in a worker, and reports expected failures as values', async () => {
    const seen: string[] = [];
    const worker = new JobWorker(
      queue,
      {
        ok: async (job) => (seen.push(job.id), { status: 'succeeded', result: { done: true } }),
        bad: async () => {
          throw new Error('unexpected');
        },
      },
      createLogger('silent'),
    );
    worker.start();
    const ok = await queue.enqueue('ok');
    const bad = await queue.enqueue('bad', {}, { maxAttempts: 1 });
    await worker.drain(10_000);
    await worker.stop();
    expect(seen).toEqual([ok]);
    expect(await status(ok)).toMatchObject({ status: 'succeeded' });
    expect(await status(bad)).toMatchObject({ status: 'failed', error: 'unexpected' });
  });
});
