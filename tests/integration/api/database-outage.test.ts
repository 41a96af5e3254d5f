import fs from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ADMIN_KEY } from '../../helpers/server.js';
import { templateDatabase } from '../../helpers/database.js';
import { makeImage } from '../../helpers/images.js';
import { loadConfig } from '../../../src/config.js';
import { startVitrina, type Vitrina } from '../../../src/app.js';
import { createLogger } from '../../../src/api/logger.js';
import type { EmbeddedPostgres } from '../../../src/db/embedded.js';
import { JobWorker } from '../../../src/services/job-worker.js';

/**
 * The database of an external-PostgreSQL deployment, behind a TCP proxy the test can cut: every
 * open connection is reset and new ones are refused, as when the server restarts or the network
 * drops, until `restore()`.
 */
async function cuttableProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const listening = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        const close = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', close).on('close', close);
        }
        client.pipe(upstream).pipe(client);
      });
      listening.once('error', reject);
      // The same port again after a cut: the application keeps its configured URL.
      listening.listen(port, '127.0.0.1', () => {
        port = (listening.address() as AddressInfo).port;
        server = listening;
        resolve();
      });
    });
  await listen();
  const cut = async () => {
    const closing = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closing;
  };
  return {
    url: `postgres://${target.username}:${target.password}@127.0.0.1:${port}${target.pathname}`,
    cut,
    restore: listen,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('the database goes away and comes back (external PostgreSQL)', () => {
  let pg: EmbeddedPostgres;
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  let vitrina: Vitrina;
  let dataDir: string;

  beforeAll(async () => {
    // A PGlite socket server that takes several connections stands in for PostgreSQL (see
    // transport.test.ts); the proxy in front of it is what fails.
    pg = await templateDatabase('empty', { maxConnections: 10, tcp: true });
    proxy = await cuttableProxy(pg.url);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-outage-'));
    vitrina = await startVitrina(
      loadConfig({
        DATABASE_URL: proxy.url,
        ADMIN_API_KEY: ADMIN_KEY,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        DEMO_CATALOG: 'false',
      }),
      { port: 0, logger: createLogger('silent') },
    );
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => {});
    await vitrina?.stop();
    await pg?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  const post = async (body: RequestInit['body'], headers: Record<string, string>, key = ADMIN_KEY) => {
    const res = await fetch(`${vitrina.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, ...headers },
      body,
    });
    return { status: res.status, ...((await res.json()) as { data?: any; errors?: any[] }) };
  };
  const gql = (query: string, variables: Record<string, unknown> = {}, key?: string) =>
    post(JSON.stringify({ query, variables }), { 'content-type': 'application/json' }, key);
  const addImage = async (productId: string, bytes: Buffer) => {
    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({
        query: 'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
        variables: { id: productId, image: null },
      }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.image'] }));
    form.set('0', new Blob([bytes], { type: 'image/png' }), 'photo.png');
    return post(form, { 'apollo-require-preflight': 'true' });
  };
  const health = async () => {
    const res = await fetch(`${vitrina.url}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };
  /** How a WebSocket connection with this key ends: closed with a code, or acknowledged (then closed by us). */
  const wsCloseCode = (key: string) =>
    new Promise<number | 'ack'>((resolve, reject) => {
      const socket = new WebSocket(`${vitrina.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      socket.on('open', () =>
        socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${key}` } })),
      );
      socket.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'connection_ack') {
          resolve('ack');
          socket.close();
        }
      });
      socket.on('close', (code) => resolve(code));
      socket.on('error', reject);
    });
  const unembedded = async () =>
    (
      await vitrina.dataSource.query(
        `SELECT count(*)::int AS n FROM product_images pi WHERE NOT EXISTS (
           SELECT 1 FROM version_vectors v JOIN model_versions mv ON mv.id = v.model_version_id AND mv.status = 'active'
           WHERE v.product_image_id = pi.id)`,
      )
    )[0].n as number;

  it('answers SERVICE_UNAVAILABLE (HTTP 503) while it is gone, /healthz names it, and all recovers without a restart', async () => {
    const created = await gql('mutation { createProduct(input: { name: "Kettle", sku: "K-1" }) { id } }');
    const productId = created.data!.createProduct.id as string;
    expect((await addImage(productId, await makeImage(1))).errors).toBeUndefined();
    const user = await gql('mutation { createApiKey(role: USER, name: "shopper") { key } }');
    const userKey = user.data!.createApiKey.key as string;
    const listed = await gql('{ products { nodes { images { imageSha256 } } } }');
    const imageUrl = `${vitrina.url}/images/${listed.data!.products.nodes[0].images[0].imageSha256}`;
    expect((await fetch(imageUrl)).status).toBe(200);
    expect((await health()).status).toBe(200);

    await proxy.cut();
    const unavailable = { code: 'SERVICE_UNAVAILABLE' };
    const read = await gql('{ products { totalCount } }');
    expect(read.status).toBe(503);
    expect(read.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/database is unavailable/),
      extensions: unavailable,
    });
    const write = await gql('mutation { createProduct(input: { name: "Teapot", sku: "T-1" }) { id } }');
    expect(write.status).toBe(503);
    expect(write.errors?.[0]?.extensions).toEqual(unavailable);
    // The key is looked up before any resolver runs: a key the server cannot check is not "unknown".
    const unchecked = await gql('{ viewer { role } }', {}, 'vtr_a-key-this-server-has-not-seen-yet');
    expect(unchecked.status).toBe(503);
    expect(unchecked.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const upload = await addImage(productId, await makeImage(2));
    expect(upload.errors?.[0]?.extensions).toEqual(unavailable);
    const image = await fetch(imageUrl);
    expect(image.status).toBe(503);
    const imageBody = (await image.json()) as { errors: Array<{ extensions: unknown }> };
    expect(imageBody.errors[0]!.extensions).toEqual(unavailable);
    // A subscriber whose key cannot be checked is told to come back (1013), not refused (4403).
    expect(await wsCloseCode(userKey)).toBe(1013);
    expect(JSON.stringify([read, write, unchecked, upload, imageBody])).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'unavailable', database: expect.stringMatching(/^unavailable/) });
    // Background work meets the outage too (the job workers poll every second).
    await sleep(2_500);

    await proxy.restore();
    await waitFor('/healthz to answer 200', async () => (await health()).status === 200);
    expect((await health()).body).toMatchObject({ status: 'ok', database: 'ok' });
    expect((await gql('{ products { totalCount } }')).data).toEqual({ products: { totalCount: 1 } });
    expect((await gql('{ viewer { role } }', {}, userKey)).data).toEqual({ viewer: { role: 'USER' } });
    expect((await fetch(imageUrl)).status).toBe(200);
    expect(await wsCloseCode(userKey)).toBe('ack');
    const teapot = await gql('mutation { createProduct(input: { name: "Teapot", sku: "T-1" }) { id } }');
    expect(teapot.errors).toBeUndefined();
    // The job worker lived through it: a new image gets its vectors.
    expect((await addImage(teapot.data!.createProduct.id, await makeImage(3))).errors).toBeUndefined();
    await waitFor('the new image to be embedded', async () => (await unembedded()) === 0);
  });

  it('a job that ends while the database is gone is recorded once it is back, not left running', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const worker = new JobWorker(
      vitrina.services.queue,
      {
        'outage-test': async () => {
          started();
          await released;
          return { status: 'succeeded', result: { done: true } };
        },
      },
      createLogger('silent'),
    );
    worker.start();
    try {
      const id = await vitrina.services.queue.enqueue('outage-test');
      await running;
      await proxy.cut();
      release();
      await sleep(1_000);
      await proxy.restore();
      const job = await waitFor('the job to be recorded', async () => {
        const [row] = await vitrina.dataSource.query('SELECT status, result, locked_by FROM jobs WHERE id = $1', [id]);
        return row?.status === 'succeeded' ? row : null;
      });
      expect(job).toEqual({ status: 'succeeded', result: { done: true }, locked_by: null });
    } finally {
      await worker.stop();
    }
  });
});
