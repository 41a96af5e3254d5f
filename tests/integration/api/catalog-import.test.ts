import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { importRows } from '../../helpers/bulk-import.js';
import { makeImage } from '../../helpers/images.js';

describe('bulk import (importProducts)', () => {
  let server: TestServer;
  const images = new Map<number, Buffer>();
  const image = async (seed: number) => images.get(seed) ?? images.set(seed, await makeImage(seed)).get(seed)!;

  beforeAll(async () => {
    server = await startTestServer({ MAX_IMPORT_REQUEST_BYTES: String(1024 * 1024) });
  });
  afterAll(async () => server?.stop());
  beforeEach(async () => server.reset());

  const count = async (table: string) =>
    Number((await server.vitrina.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  it('creates products with their images in one request; the same rows again change nothing', async () => {
    const rows = [1, 2, 3].map((n) => ({ sku: `BULK-${n}`, name: `Bulk ${n}`, images: [] as Buffer[] }));
    for (const [i, row] of rows.entries()) row.images = [await image(10 + i), await image(20 + i)];
    const first = await importRows(server.url, rows);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.importProducts).toMatchObject({
      created: 3,
      updated: 0,
      unchanged: 0,
      failed: 0,
      imagesAdded: 6,
    });
    expect(first.body.data.importProducts.rows.map((r: any) => [r.sku, r.status, r.product.images.length])).toEqual([
      ['BULK-1', 'CREATED', 2],
      ['BULK-2', 'CREATED', 2],
      ['BULK-3', 'CREATED', 2],
    ]);
    await server.vitrina.worker!.drain();
    expect(await count('version_vectors')).toBe(6);

    const again = await importRows(server.url, rows);
    expect(again.body.data.importProducts).toMatchObject({ created: 0, unchanged: 3, imagesAdded: 0 });
    rows[0]!.images.push(await image(30));
    const more = await importRows(server.url, rows);
    expect(more.body.data.importProducts).toMatchObject({ updated: 1, unchanged: 2, imagesAdded: 1 });
    expect({ products: await count('products'), images: await count('product_images') }).toEqual({
      products: 3,
      images: 7,
    });
  });

  it('takes a SKU twice in one batch as one product: created by the first row, added to by the second', async () => {
    const rows = [
      { sku: 'TWICE', name: 'Twice', images: [await image(61)] },
      { sku: 'TWICE', name: 'Twice', images: [await image(62), await image(61)] },
    ];
    const { body } = await importRows(server.url, rows);
    expect(body.data.importProducts.rows.map((r: any) => [r.status, r.imagesAdded])).toEqual([
      ['CREATED', 1],
      ['UPDATED', 1],
    ]);
    expect({ products: await count('products'), images: await count('product_images') }).toEqual({
      products: 1,
      images: 2,
    });
  });

  it('fails a bad row alone, storing nothing of it', async () => {
    const rows = [
      { sku: 'GOOD-1', name: 'Good', images: [await image(41)] },
      { sku: 'BAD', name: 'Broken photo', images: [await image(42), Buffer.from('not an image')] },
      { sku: 'GOOD-2', name: 'Good too', images: [await image(43)] },
    ];
    const { body } = await importRows(server.url, rows);
    const result = body.data.importProducts;
    expect(result).toMatchObject({ created: 2, failed: 1, imagesAdded: 2 });
    expect(result.rows[1]).toMatchObject({ sku: 'BAD', status: 'FAILED', product: null, imagesAdded: 0 });
    expect(result.rows[1].error).toMatch(/image/i);
    expect((await server.gql('{ productBySku(sku: "BAD") { id } }')).data?.productBySku).toBeNull();
  });

  it('takes many files only from an admin, and only within MAX_IMPORT_REQUEST_BYTES', async () => {
    const user = await server.createKey('USER');
    const two = [{ sku: 'U-1', name: 'By a user', images: [await image(51), await image(52)] }];
    const refused = await importRows(server.url, two, user.key);
    expect(refused.status).toBe(413);
    const one = await importRows(server.url, [{ ...two[0]!, images: [await image(51)] }], user.key);
    expect(one.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // 1 MiB here: 20 PNGs of 64 KiB of noise go over it together.
    const noise = () =>
      sharp(randomBytes(160 * 140 * 3), { raw: { width: 160, height: 140, channels: 3 } })
        .png()
        .toBuffer();
    const big = [];
    for (let i = 0; i < 20; i++) big.push({ sku: `BIG-${i}`, name: `Big ${i}`, images: [await noise()] });
    expect((await importRows(server.url, big)).status).toBe(413);
    expect(await count('products')).toBe(0);
  });
});

describe('bulk import under the default rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => server?.stop());

  it('counts a batch of 50 products as one request', async () => {
    const photo = await makeImage(7);
    const batch = (n: number) =>
      Array.from({ length: 50 }, (_, i) => ({ sku: `RL-${n}-${i}`, name: `Row ${i}`, images: [photo] }));
    for (const n of [1, 2, 3]) {
      const { status, body } = await importRows(server.url, batch(n));
      expect({ n, status, created: body.data?.importProducts.created }).toEqual({ n, status: 200, created: 50 });
    }
    // The budget of 3 requests is spent: 150 products, not 3.
    expect((await server.gql('{ viewer { role } }')).status).toBe(429);
  });
});
