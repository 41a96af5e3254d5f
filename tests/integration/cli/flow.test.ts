import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../helpers/server.js';
import { runCli } from '../../../src/cli/main.js';
import { loadConfig } from '../../../src/config.js';
import { DEMO_PRODUCTS, SHOPPER_VIEW, STUDIO_VIEWS, type View } from '../../../src/demo/drawings.js';
import { renderDemoImage } from '../../../src/demo/demo-catalog.js';

const PRODUCTS = DEMO_PRODUCTS.slice(0, 6);
const SHOPPER = 'telegram:1001';
const ADMIN = 'telegram:42';

/** Shopper photos: tilted, moved and on other tables than the catalog's studio views. */
const shopperView = (i: number): View => ({
  ...SHOPPER_VIEW,
  angle: SHOPPER_VIEW.angle + 9 * i,
  dx: (SHOPPER_VIEW.dx ?? 0) - 6 * i,
  background: ['#d7c4a3', '#c9d6df', '#e8d5c4', '#d9e4c8'][i % 4]!,
});

type Run = { code: number; out: string; err: string; json: () => any };

describe('the same flow works through the CLI against the same server', () => {
  let server: TestServer;
  let dir: string;
  let serviceKey: string;
  /** A search made by the shopper, and its first result. */
  let search: { id: string; results: Array<{ rank: number; product: { id: string; sku: string | null } }> };

  /** `vitrina <argv>` in-process, as the bot's service key acting for `endUser`, or with another key. */
  async function cli(
    argv: string[],
    as: { endUser?: string; key?: string; tty?: boolean; url?: string } = {},
  ): Promise<Run> {
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), as.tty ? { isTTY: true, columns: 100 } : {});
    let out = '';
    let err = '';
    stdout.on('data', (c) => (out += c));
    stderr.on('data', (c) => (err += c));
    const config = loadConfig({
      VITRINA_API_URL: as.url ?? `${server.url}/graphql`,
      VITRINA_API_KEY: as.key ?? serviceKey,
    });
    const env = { VITRINA_END_USER: as.key ? undefined : (as.endUser ?? SHOPPER) };
    const code = await runCli(argv, config, { stdout, stderr, env });
    return { code, out, err, json: () => JSON.parse(out) };
  }
  const shopper = (...argv: string[]) => cli(argv, { endUser: SHOPPER });
  const admin = (...argv: string[]) => cli(argv, { endUser: ADMIN });
  const photo = (product: number, view: number) => path.join(dir, `shopper-${product}-${view}.jpg`);

  beforeAll(async () => {
    server = await startTestServer({ ADMIN_TELEGRAM_IDS: '42' });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-flow-'));
    const manifest = [];
    for (const [p, item] of PRODUCTS.entries()) {
      const images = [];
      for (const [i, view] of STUDIO_VIEWS.entries()) {
        images.push(`${item.sku}-${i}.png`);
        await fs.writeFile(path.join(dir, images.at(-1)!), await renderDemoImage(item, view));
      }
      manifest.push({ sku: item.sku, name: item.name, category: item.category, images });
      for (let v = 0; v < 4; v++) await fs.writeFile(photo(p, v), await renderDemoImage(item, shopperView(v), 'jpeg'));
    }
    await fs.writeFile(path.join(dir, 'catalog.json'), JSON.stringify(manifest));
    serviceKey = (await server.createKey('SERVICE', 'bot', { actsForTelegramAdmins: true })).key;

    const imported = await cli(['import', path.join(dir, 'catalog.json'), '--json'], { key: ADMIN_KEY });
    expect(imported.code, imported.err).toBe(0);
    expect(imported.json()).toMatchObject({ created: PRODUCTS.length, imagesAdded: PRODUCTS.length * 2 });
    await server.vitrina.worker!.drain(); // the catalog's embeddings
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('a shopper searches by photo and judges a result once, however often the button is tapped', async () => {
    const found = await shopper('search', photo(0, 0), '--json');
    expect(found.code, found.err).toBe(0);
    search = found.json();
    expect(search.results.length).toBeGreaterThan(0);
    expect(search.results[0]!.product.sku).toBe(PRODUCTS[0]!.sku);
    const printed = await shopper('search', photo(0, 1));
    expect(printed.out).toMatch(new RegExp(`^  1  \\d\\.\\d{3}  ${PRODUCTS[0]!.name}`, 'm'));

    const right = search.results[0]!.product.id;
    const judged = await shopper('feedback', search.id, right, '--verdict', 'correct', '--json');
    expect(judged.code, judged.err).toBe(0);
    const example = judged.json();
    expect(example).toMatchObject({ feedbackType: 'CORRECT', userId: SHOPPER, product: { id: right } });

    const listed = await admin('examples', '--user', SHOPPER, '--json');
    expect(listed.code, listed.err).toBe(0);
    expect(listed.json().totalCount).toBe(1);
    expect(listed.json().nodes[0]).toMatchObject({ id: example.id, feedbackType: 'CORRECT', searchId: search.id });

    const again = await shopper('feedback', search.id, right, '--verdict', 'correct');
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(new RegExp(`^feedback ${example.id}: CORRECT for ${PRODUCTS[0]!.name}`));
    expect((await admin('examples', '--user', SHOPPER, '--json')).json().totalCount).toBe(1);

    const human = await admin('examples', '--type', 'correct');
    expect(human.out).toMatch(/^1 example\n/);
    expect(human.out).toContain(example.id);

    const commented = await shopper('comment', search.id, 'the', 'handle', 'is', 'chipped', '--json');
    expect(commented.json()).toMatchObject({ searchId: search.id, text: 'the handle is chipped', userId: SHOPPER });
  });

  it('a suggested product becomes a catalog product once an admin approves it', async () => {
    const suggested = await shopper(
      'suggest',
      search.id,
      '--name',
      'Striped mug',
      '--category',
      'kitchen',
      '--comment',
      'red and white stripes',
      '--json',
    );
    expect(suggested.code, suggested.err).toBe(0);
    const annotation = suggested.json();
    expect(annotation).toMatchObject({ status: 'PENDING', name: 'Striped mug', userId: SHOPPER });

    const pending = await admin('annotations');
    expect(pending.out).toMatch(/^1 pending suggestion\n/);
    expect(pending.out).toContain(annotation.id);
    const approved = await admin('annotations', 'approve', annotation.id, '--json');
    expect(approved.code, approved.err).toBe(0);
    const product = approved.json().product;
    expect(approved.json()).toMatchObject({ status: 'APPROVED', product: { name: 'Striped mug' } });
    const stored = await server.gql(
      `query($id: ID!) { product(id: $id) { name category description images { id } } }`,
      {
        id: product.id,
      },
    );
    expect(stored.data!.product).toMatchObject({ name: 'Striped mug', category: 'kitchen' });
    expect(stored.data!.product.images).toHaveLength(1);
    expect((await admin('annotations', '--json')).json().totalCount).toBe(0);
    expect((await admin('annotations', '--status', 'all', '--json')).json().totalCount).toBe(1);
  });

  it("the shopper's confirmed photo waits in the gallery queue; an admin accepts it, then removes the user's views", async () => {
    const queue = await admin('gallery');
    expect(queue.code, queue.err).toBe(0);
    expect(queue.out).toMatch(/^1 pending gallery view\n/);
    expect(queue.out).toContain(PRODUCTS[0]!.name);
    const [view] = (await admin('gallery', 'list', '--json')).json().nodes;
    expect(view).toMatchObject({ status: 'PENDING', userId: SHOPPER, searchId: search.id, verdict: 'correct' });

    const accepted = await admin('gallery', 'accept', view.id);
    expect(accepted.code, accepted.err).toBe(0);
    expect(accepted.out).toBe(`gallery view ${view.id} of ${PRODUCTS[0]!.name} [${PRODUCTS[0]!.sku}]: ACCEPTED\n`);
    expect(
      (await admin('gallery', '--status', 'accepted', '--product', view.product.id, '--json')).json().totalCount,
    ).toBe(1);

    const removed = await admin('gallery', 'remove', '--user', SHOPPER);
    expect(removed.out).toBe(`1 view of ${SHOPPER} removed from every version\n`);
    expect((await admin('gallery', '--status', 'accepted', '--json')).json().totalCount).toBe(0);
    expect((await shopper('gallery')).code).toBe(1);

    const active = (await admin('models', 'list', '--json'))
      .json()
      .find((v: { status: string }) => v.status === 'ACTIVE');
    const copy = await admin('models', 'copy', active.id, '--without-gallery', '--json');
    expect(copy.code, copy.err).toBe(0);
    expect(copy.json()).toMatchObject({ status: 'READY', servesGallery: false, parent: { id: active.id } });
  });

  it("reaches the API through the server's base URL as well as its /graphql endpoint", async () => {
    for (const url of [server.url, `${server.url}/`, `${server.url}/graphql/`]) {
      const me = await cli(['whoami', '--json'], { endUser: SHOPPER, url });
      expect(me.code, `${url}: ${me.err}`).toBe(0);
      expect(me.json()).toMatchObject({ userId: SHOPPER });
    }
  });

  it('refuses admin commands to a shopper with FORBIDDEN and exit code 1', async () => {
    const train = await shopper('train');
    expect(train.code).toBe(1);
    expect(train.err).toMatch(/FORBIDDEN/);
    expect((await shopper('examples')).err).toMatch(/FORBIDDEN/);
    expect((await shopper('whoami', '--json')).json()).toMatchObject({ userId: SHOPPER, roles: ['SERVICE'] });
    expect((await admin('whoami', '--json')).json().roles).toContain('ADMIN');
  });

  it('trains on the feedback with a progress bar, prints before/after metrics, and manages the versions', async () => {
    // The admin, acting through the bot's key, searches shopper photos and judges every result.
    for (const [p, item] of PRODUCTS.entries()) {
      for (let v = 0; v < 4; v++) {
        const found = (await admin('search', photo(p, v), '--json')).json();
        const right = found.results.find((r: { product: { sku: string } }) => r.product.sku === item.sku);
        for (const r of found.results) {
          if (right && r.rank >= right.rank) break;
          expect((await admin('feedback', found.id, r.product.id, '--verdict', 'incorrect')).code).toBe(0);
        }
        const productId =
          right?.product.id ?? (await server.gql(`{ productBySku(sku: "${item.sku}") { id } }`)).data!.productBySku.id;
        const verdict = right ? 'correct' : 'correct-product';
        expect((await admin('feedback', found.id, productId, '--verdict', verdict)).code).toBe(0);
      }
    }
    const stats = await admin('stats', '--json');
    expect(stats.json().usableUnused).toBeGreaterThanOrEqual(20);
    expect(stats.json().canTrain).toBe(true);
    expect((await admin('stats')).out).toMatch(/^can train: /m);

    const base = (await admin('models', 'list', '--json'))
      .json()
      .find((v: { status: string }) => v.status === 'ACTIVE');
    const trained = await cli(['train', '--epochs', '2', '--batch-size', '8'], { endUser: ADMIN, tty: true });
    expect(trained.code, trained.err).toBe(0);
    expect(trained.out).toMatch(/^training run \S+ started \(residual adapter, 2 epochs, batch size 8/);
    expect(trained.out).toMatch(/^training run \S+: SUCCEEDED in \d+\.\d s$/m);
    expect(trained.out).toMatch(/^ +TOP-1 +RECALL@5 +MRR$/m);
    expect(trained.out).toMatch(/^ +before +\d\.\d{3} +\d\.\d{3} +\d\.\d{3}$/m);
    expect(trained.out).toMatch(/^ +after +\d\.\d{3} +\d\.\d{3} +\d\.\d{3}$/m);
    expect(trained.err).toMatch(/train \[.*\] 100% \| succeeded/); // the progress bar, on a terminal
    const runId = /^training run (\S+): SUCCEEDED/m.exec(trained.out)![1]!;

    const status = await admin('train', 'status', runId, '--json');
    expect(status.json()).toMatchObject({ id: runId, status: 'SUCCEEDED', progress: 1 });
    expect(status.json().metricsAfter.top1).toBeGreaterThanOrEqual(0);
    const version = status.json().modelVersion;

    const versions = (await admin('models', 'list', '--json')).json();
    expect(versions[0]).toMatchObject({ id: version.id, status: 'READY', parent: { id: base.id } });
    expect((await admin('models', 'list')).out).toMatch(
      new RegExp(`^${version.id}  ${version.name} +READY +${base.name}`, 'm'),
    );
    const activated = await admin('models', 'activate', version.id, '--force');
    expect(activated.code, activated.err).toBe(0);
    expect(activated.out).toBe(`now serving ${version.name} (${version.id})\n`);
    const rolledBack = await admin('models', 'rollback', '--json');
    expect(rolledBack.code, rolledBack.err).toBe(0);
    expect(rolledBack.json()).toMatchObject({ id: base.id, status: 'ACTIVE' });

    const cancelled = await admin('train', 'cancel', runId);
    expect(cancelled.code).toBe(1);
    expect(cancelled.err).toMatch(/BAD_USER_INPUT/);
  }, 180_000);

  it('creates a key that works, shows it once, and revokes it', async () => {
    const created = await admin('keys', 'create', 'user', 'x');
    expect(created.code, created.err).toBe(0);
    const key = created.out.trim();
    expect(key).toMatch(/^\S{20,}$/);
    expect(created.err).toMatch(/created USER key "x" \(id \S+\); keep the key now, it is not shown again/);
    const me = await cli(['whoami', '--json'], { key });
    expect(me.json()).toMatchObject({ keyName: 'x', roles: ['USER'] });

    const listed = (await admin('keys', 'list', '--json')).json();
    const entry = listed.find((k: { name: string }) => k.name === 'x');
    expect(entry).toMatchObject({ role: 'USER', revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key);
    const revoked = await admin('keys', 'revoke', entry.id, '--json');
    expect(revoked.json()).toMatchObject({ id: entry.id, name: 'x' });
    expect(revoked.json().revokedAt).not.toBeNull();
    const refused = await cli(['whoami'], { key });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/UNAUTHENTICATED/);
  });

  it('answers usage errors with exit code 64 and the help with 0', async () => {
    for (const argv of [
      ['frobnicate'],
      ['feedback', 'only-a-search-id', '--verdict', 'correct'],
      ['feedback', 's', 'p', '--verdict', 'maybe'],
      ['suggest', 's'],
      ['comment', 's'],
      ['search', '--limit', 'many', '--text', 'mug'],
      ['examples', 'rate', 'some-id', '9'],
      ['examples', '--type', 'great'],
      ['annotations', 'approve'],
      ['annotations', '--status', 'maybe'],
      ['train', '--epochs', 'x'],
      ['train', '--nope'],
      ['train', 'status'],
      ['models', 'promote', 'x'],
      ['models', 'activate'],
      ['models', 'pull'],
      ['keys', 'create', 'superuser', 'x'],
      ['keys', 'create', 'user'],
      ['keys', 'revoke'],
    ]) {
      const run = await admin(...argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: 64 });
      expect(run.err).toMatch(/^vitrina: .+\nrun "vitrina help"/);
      expect(run.out).toBe('');
    }
    const help = await admin('help');
    expect(help.code).toBe(0);
    for (const command of [
      'feedback',
      'suggest',
      'comment',
      'examples',
      'annotations',
      'stats',
      'train',
      'models',
      'keys',
    ])
      expect(help.out).toContain(`\n  ${command} `);
  });
});

describe('vitrina train follows a run to its end', () => {
  /** A GraphQL endpoint that queues a run, reports it running, then failed. */
  async function fakeApi(): Promise<{ url: string; close: () => Promise<void> }> {
    const run = (status: string, extra: Record<string, unknown> = {}) => ({
      id: 'run-1',
      status,
      progress: 0,
      epoch: null,
      loss: null,
      error: null,
      examplesUsed: 0,
      startedBy: 'admin:env',
      createdAt: '2025-01-01T00:00:00.000Z',
      startedAt: null,
      finishedAt: null,
      durationMs: null,
      parameters: { adapterKind: 'residual', batchSize: 8, epochs: 3, learningRate: 0.0003, weightDecay: 0.01 },
      metricsBefore: null,
      metricsAfter: null,
      modelVersion: { id: 'version-2', name: 'builtin-v2-v2', status: 'TRAINING' },
      ...extra,
    });
    const states = [
      run('RUNNING', { progress: 0.4, epoch: 1, loss: 0.52 }),
      run('FAILED', { progress: 0.4, error: 'the trainer ran out of memory', durationMs: 1234 }),
    ];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const { query } = JSON.parse(body) as { query: string };
        const data = query.includes('startTraining')
          ? { startTraining: run('QUEUED') }
          : { trainingRun: states.length > 1 ? states.shift() : states[0] };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/graphql`, close: () => new Promise((r) => server.close(() => r())) };
  }

  it('exits with 1 and the reason when the run fails', async () => {
    const api = await fakeApi();
    try {
      const stdout = new PassThrough();
      let out = '';
      stdout.on('data', (c) => (out += c));
      const config = loadConfig({ VITRINA_API_URL: api.url, VITRINA_API_KEY: 'vtr_any' });
      const code = await runCli(['train'], config, { stdout, stderr: new PassThrough(), env: {} });
      expect(code).toBe(1);
      expect(out).toMatch(/^training run run-1 started \(residual adapter, 3 epochs, batch size 8/);
      expect(out).toMatch(/^training run run-1: FAILED in 1\.2 s\n {2}error: the trainer ran out of memory$/m);
    } finally {
      await api.close();
    }
  });
});
