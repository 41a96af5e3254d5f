import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../helpers/server.js';
import { runCli } from '../../../src/cli/main.js';
import { loadConfig } from '../../../src/config.js';
import { DEMO_PRODUCTS, SHOPPER_VIEW, STUDIO_VIEWS } from '../../../src/demo/drawings.js';
import { renderDemoImage } from '../../../src/demo/demo-catalog.js';

describe('vitrina import and search (CLI through the GraphQL API)', () => {
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-import-'));
    for (const item of DEMO_PRODUCTS.slice(0, 4)) {
      for (const [i, view] of STUDIO_VIEWS.entries()) {
        await fs.writeFile(path.join(dir, `${item.sku}-${i}.png`), await renderDemoImage(item, view));
      }
    }
    await fs.writeFile(path.join(dir, 'query.jpg'), await renderDemoImage(DEMO_PRODUCTS[2]!, SHOPPER_VIEW, 'jpeg'));
    await fs.writeFile(path.join(dir, 'broken.png'), Buffer.from('not an image'));
  });
  afterAll(async () => {
    await server?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const cli = async (...argv: string[]) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c) => (out += c));
    stderr.on('data', (c) => (err += c));
    const config = loadConfig({ VITRINA_API_URL: `${server.url}/graphql`, VITRINA_API_KEY: ADMIN_KEY });
    const code = await runCli(argv, config, { stdout, stderr });
    return { code, out, err };
  };
  const count = async (table: string) =>
    Number((await server.vitrina.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  it('imports a JSON manifest once; a second run adds nothing', async () => {
    const manifest = DEMO_PRODUCTS.slice(0, 3).map((item) => ({
      sku: item.sku,
      name: item.name,
      category: item.category,
      description: item.description,
      attributes: item.attributes,
      images: [`${item.sku}-0.png`, `${item.sku}-1.png`],
    }));
    const file = path.join(dir, 'catalog.json');
    await fs.writeFile(file, JSON.stringify(manifest));

    const first = await cli('import', file, '--images', dir, '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toEqual({ rows: 3, created: 3, imagesAdded: 6, unchanged: 0, failures: [] });
    const second = await cli('import', file, '--images', dir, '--json');
    expect(JSON.parse(second.out)).toEqual({ rows: 3, created: 0, imagesAdded: 0, unchanged: 3, failures: [] });
    expect({ products: await count('products'), images: await count('product_images') }).toEqual({
      products: 3,
      images: 6,
    });
  });

  it('reports bad CSV rows and goes on with the rest', async () => {
    const item = DEMO_PRODUCTS[3]!;
    const csv = [
      'sku,name,category,description,images',
      `${item.sku},"${item.name}",${item.category},"Has a ""quoted"", comma",${item.sku}-0.png;${item.sku}-1.png`,
      'NO-IMAGE,Ghost,misc,,missing.png',
      ',Nameless sku,misc,,',
      'BROKEN,Broken photo,misc,,broken.png',
    ].join('\n');
    const file = path.join(dir, 'catalog.csv');
    await fs.writeFile(file, csv);
    const run = await cli('import', file, '--images', dir);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/4 rows: 1 products created, 2 images added/);
    expect(run.out).toMatch(/row 2 \(NO-IMAGE\): image not found: missing.png/);
    expect(run.out).toMatch(/row 3: every row needs a sku and a name/);
    expect(run.out).toMatch(/row 4 \(BROKEN\): .*not an image/);
    const product = await server.gql(`{ productBySku(sku: "${item.sku}") { description images { id } } }`);
    expect(product.data!.productBySku).toMatchObject({ description: 'Has a "quoted", comma' });
    expect(product.data!.productBySku.images).toHaveLength(2);
    // A row whose image is missing or no image creates nothing.
    for (const sku of ['NO-IMAGE', 'BROKEN'])
      expect((await server.gql(`{ productBySku(sku: "${sku}") { id } }`)).data?.productBySku).toBeNull();
  });

  it('refuses, row by row, images outside the images directory (#13): ../, absolute paths, links out', async () => {
    const secret = path.join(os.tmpdir(), `vitrina-secret-${process.pid}.png`);
    await fs.copyFile(path.join(dir, `${DEMO_PRODUCTS[0]!.sku}-0.png`), secret);
    const sub = path.join(dir, 'shop');
    await fs.mkdir(sub, { recursive: true });
    await fs.symlink(secret, path.join(sub, 'link.png'));
    await fs.copyFile(path.join(dir, `${DEMO_PRODUCTS[1]!.sku}-1.png`), path.join(sub, 'fine.png'));
    const manifest = [
      { sku: 'UP', name: 'Up and out', images: [`../${path.basename(secret)}`] },
      { sku: 'ABS', name: 'Absolute', images: [secret] },
      { sku: 'LINK', name: 'Linked out', images: ['link.png'] },
      { sku: 'FINE', name: 'Fine', images: ['fine.png'] },
    ];
    const file = path.join(dir, 'hostile.json');
    await fs.writeFile(file, JSON.stringify(manifest));
    const before = await count('product_images');
    try {
      const run = await cli('import', file, '--images', sub, '--json');
      expect(run.code).toBe(1);
      const report = JSON.parse(run.out);
      expect(report.failures.map((f: { sku: string; error: string }) => [f.sku, f.error])).toEqual([
        ['UP', `image "../${path.basename(secret)}" is outside the images directory`],
        ['ABS', `image ${JSON.stringify(secret)} is outside the images directory`],
        ['LINK', 'image "link.png" is outside the images directory'],
      ]);
      expect(report.imagesAdded).toBe(1);
      expect(await count('product_images')).toBe(before + 1);
      expect((await server.gql('{ productBySku(sku: "UP") { id } }')).data?.productBySku).toBeNull();
    } finally {
      await fs.rm(secret, { force: true });
    }
  });

  it('searches by photo and by text', async () => {
    await server.vitrina.worker!.drain();
    const byPhoto = await cli('search', path.join(dir, 'query.jpg'), '--json');
    expect(byPhoto.code).toBe(0);
    expect(JSON.parse(byPhoto.out).results[0].product.sku).toBe(DEMO_PRODUCTS[2]!.sku);
    const printed = await cli('search', path.join(dir, 'query.jpg'), '--limit', '2');
    expect(printed.out).toMatch(new RegExp(`^  1  \\d\\.\\d{3}  ${DEMO_PRODUCTS[2]!.name}`, 'm'));
    const byText = await cli('search', '--text', 'mug', '--json');
    expect(JSON.parse(byText.out).results[0].product.name).toMatch(/mug/i);
  });

  it('fails clearly without a usable key', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (c) => (err += c));
    const config = loadConfig({ VITRINA_API_URL: `${server.url}/graphql`, VITRINA_API_KEY: 'vtr_wrong' });
    expect(await runCli(['search', '--text', 'mug'], config, { stdout, stderr })).toBe(1);
    expect(err).toMatch(/UNAUTHENTICATED/);
  });
});
