import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/db/data-source.js';
import type { EmbeddedPostgres } from '../../../src/db/embedded.js';
import { ModelVersion } from '../../../src/entities/model-version.entity.js';
import { VectorIndex, type VectorRow } from '../../../src/services/vector-index.js';
import { l2normalize } from '../../../src/ml/encoder.js';
import { templateDatabase } from '../../helpers/database.js';

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
    index = new VectorIndex(dataSource);
    const images = (await dataSource.query(
      `WITH p AS (
         INSERT INTO products (name, category) SELECT 'Product ' || g, 'test' FROM generate_series(1, 300) g RETURNING id),
       i AS (
         INSERT INTO images (sha256, format, width, height, byte_size)
         SELECT md5(p.id::text) || md5(p.id::text || 'x'), 'jpeg', 1, 1, 1 FROM p)
       INSERT INTO product_images (product_id, image_sha256)
       SELECT p.id, md5(p.id::text) || md5(p.id::text || 'x') FROM p RETURNING id, product_id`,
    )) as Array<{ id: string; product_id: string }>;
    let seed = 3; // mulberry32
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    rows = images.map((image) => ({
      productImageId: image.id,
      productId: image.product_id,
      vector: l2normalize(Float32Array.from({ length: DIM }, () => rand() - 0.5)),
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
