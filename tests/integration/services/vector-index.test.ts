import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/db/data-source.js';
import type { EmbeddedPostgres } from '../../../src/db/embedded.js';
import { ModelVersion } from '../../../src/entities/model-version.entity.js';
import { VectorIndex, type VectorRow } from '../../../src/services/vector-index.js';
import { createRepositories } from '../../../src/repositories/index.js';
import { l2normalize } from '../../../src/ml/encoder.js';
import { createRandom } from '../../../src/lib/random.js';
import { templateDatabase } from '../../helpers/database.js';
import { insertSyntheticProducts } from '../../../bench/synthetic-catalog.js';

const DIM = 64;

describe('vector index: paced writes', () => {
  let pg: EmbeddedPostgres;
  let dataSource: DataSource;
  let index: VectorIndex;
  let rows: VectorRow[];

  beforeAll(async () => {
    pg = await templateDatabase();
    dataSource = createDataSource({ url: pg.url, embedded: true });
    await dataSource.initialize();
    index = new VectorIndex(createRepositories(dataSource));
    const images = await insertSyntheticProducts(dataSource, 1, 300);
    const random = createRandom(3);
    rows = images.map((image) => ({
      productImageId: image.id,
      productId: image.product_id,
      vector: l2normalize(Float32Array.from({ length: DIM }, () => random.next() - 0.5)),
    }));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await pg?.close();
  });

  async function newVersion(name: string): Promise<ModelVersion> {
    const repo = dataSource.getRepository(ModelVersion);
    return repo.save(
      repo.create({ name, encoderId: 'test', encoderChecksum: 'x', dim: DIM, status: 'ready', parameters: {} }),
    );
  }

  it('fills a live index in many short statements, and the index finds every row', async () => {
    const version = await newVersion('paced');
    await index.ensureIndex(version);
    const progress: number[] = [];
    await index.upsertPaced(version, rows, { onProgress: (written) => progress.push(written) });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(rows.length);
    expect(await index.count(version)).toBe(rows.length);
    await index.analyze();
    for (const row of rows.slice(0, 20)) {
      const [first] = await index.nearest(version, row.vector, 5);
      expect(first).toMatchObject({ productId: row.productId });
      expect(first!.score).toBeCloseTo(1, 4);
    }
    expect(await index.explainNearest(version, rows[0]!.vector, 5)).toContain(VectorIndex.indexName(version));
  });

  it('plans the k-NN query with JIT off for the call alone (PostgreSQL would compile it on every search)', async () => {
    const functions = (await dataSource.query(
      `SELECT proname, proconfig FROM pg_proc WHERE proname IN ('vitrina_nearest', 'vitrina_explain_nearest') ORDER BY proname`,
    )) as Array<{ proname: string; proconfig: string[] }>;
    expect(functions.map((f) => f.proname)).toEqual(['vitrina_explain_nearest', 'vitrina_nearest']);
    for (const f of functions) expect(f.proconfig, f.proname).toContain('jit=off');
    // Only inside the call: the session keeps its own setting.
    const version = await newVersion('jit-check');
    await dataSource.query('SET jit = on');
    await index.nearest(version, rows[0]!.vector, 5);
    expect((await dataSource.query('SHOW jit'))[0].jit).toBe('on');
    await dataSource.query('RESET jit');
  });

  it('stops between batches when aborted, keeping what it wrote', async () => {
    const version = await newVersion('aborted');
    await index.ensureIndex(version);
    const abort = new AbortController();
    const writing = index.upsertPaced(version, rows, {
      signal: abort.signal,
      onProgress: (written) => {
        if (written >= 10) abort.abort();
      },
    });
    await expect(writing).rejects.toMatchObject({ name: 'AbortError' });
    const written = await index.count(version);
    expect(written).toBeGreaterThanOrEqual(10);
    expect(written).toBeLessThan(rows.length);
  });
});
