import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/db/data-source.js';
import type { EmbeddedPostgres } from '../../../src/db/embedded.js';
import { JobQueue } from '../../../src/services/job-queue.js';
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
    queue = new JobQueue(dataSource);
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
