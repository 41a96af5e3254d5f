import fs from 'node:fs/promises';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../helpers/server.js';
import { templateDatabase } from '../../helpers/database.js';
import { loadConfig } from '../../../src/config.js';
import { startVitrina } from '../../../src/app.js';
import { createLogger } from '../../../src/api/logger.js';

describe('transports', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.stop());

  const wsClient = (authorization?: string) =>
    createClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: authorization ? { Authorization: authorization } : {},
      retryAttempts: 0,
      lazy: true,
    });

  it('delivers subscriptions over GraphQL-over-WebSocket to an authenticated client', async () => {
    const client = wsClient(`Bearer ${ADMIN_KEY}`);
    const events: unknown[] = [];
    const subscribed = new Promise<void>((resolve, reject) => {
      const dispose = client.subscribe(
        { query: 'subscription { catalogChanged { kind product { name } } }' },
        {
          next: (value) => {
            events.push(value.data);
            if (events.length === 2) {
              dispose();
              resolve();
            }
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    // Give the subscription a moment to register before causing events.
    await new Promise((r) => setTimeout(r, 200));
    const created = await server.gql('mutation { createProduct(input: { name: "Teapot" }) { id } }');
    await server.gql('mutation($id: ID!) { updateProduct(id: $id, input: { name: "Green teapot" }) { id } }', {
      id: created.data!.createProduct.id,
    });
    await subscribed;
    expect(events).toEqual([
      { catalogChanged: { kind: 'CREATED', product: { name: 'Teapot' } } },
      { catalogChanged: { kind: 'UPDATED', product: { name: 'Green teapot' } } },
    ]);
    await client.dispose();
  });

  it('refuses a WebSocket connection with a bad key or without one', async () => {
    const bad = wsClient('Bearer vtr_wrong');
    await expect(
      new Promise((resolve, reject) =>
        bad.subscribe(
          { query: 'subscription { catalogChanged { kind } }' },
          { next: resolve, error: reject, complete: () => resolve('complete') },
        ),
      ),
    ).rejects.toBeTruthy();
    await bad.dispose();

    // Nothing is open to anonymous callers: their connection_init is refused, no socket held (#13).
    const anonymous = wsClient();
    const result = await new Promise<any>((resolve) =>
      anonymous.subscribe(
        { query: 'subscription { catalogChanged { kind } }' },
        { next: resolve, error: resolve, complete: () => {} },
      ),
    );
    expect((result as { code?: number }).code).toBe(4403);
    await anonymous.dispose();
  });

  it('answers /healthz and /metrics, and echoes a request id', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    await server.gql('{ product(id: "nope") { id } }');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/vitrina_errors_total\{code="NOT_FOUND"\} \d+/);
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-123' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses oversized JSON bodies', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
  });

  it('masks unexpected errors and keeps internals out of the answer', async () => {
    await server.vitrina.dataSource.query('ALTER TABLE products RENAME TO products_hidden');
    try {
      const res = await server.gql('{ products { totalCount } }');
      expect(res.errors?.[0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(JSON.stringify(res)).not.toMatch(/does not exist|relation|SELECT|stack/i);
    } finally {
      await server.vitrina.dataSource.query('ALTER TABLE products_hidden RENAME TO products');
    }
    expect((await server.gql('{ products { totalCount } }')).errors).toBeUndefined();
  });
});

describe('with DATABASE_URL', () => {
  it('runs against an external PostgreSQL server (here: PGlite behind a multi-connection socket)', async () => {
    // The external-database path over a PGlite socket server that multiplexes connections; the
    // same path on a real PostgreSQL 15 with pgvector is tests/integration/postgres/.
    const pg = await templateDatabase('empty', { maxConnections: 10, tcp: true });
    const url = pg.url;
    const vitrina = await startVitrina(
      loadConfig({
        DATABASE_URL: url,
        ADMIN_API_KEY: ADMIN_KEY,
        DATA_DIR: '/tmp/vitrina-external-test',
        LOG_LEVEL: 'silent',
        // The stand-in server runs every connection on one PGlite session, so the demo catalog's
        // writes and the embedding job's transactions would interleave; a real server needs no such care.
        DEMO_CATALOG: 'false',
      }),
      { port: 0, logger: createLogger('silent') },
    );
    try {
      const res = await fetch(`${vitrina.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
        body: JSON.stringify({ query: 'mutation { createProduct(input: { name: "External" }) { name } }' }),
      });
      expect(await res.json()).toEqual({ data: { createProduct: { name: 'External' } } });
      const tables = await vitrina.dataSource.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(tables[0].n).toBeGreaterThan(10);
    } finally {
      await vitrina.stop();
      await pg.close();
    }
  });
});

describe('first start without ADMIN_API_KEY', () => {
  it('writes an admin key to DATA_DIR/initial-admin-key (mode 600) and never again', async () => {
    const server = await startTestServer({ ADMIN_API_KEY: '' });
    try {
      const file = `${server.dataDir}/initial-admin-key`;
      const { mode } = await fs.stat(file);
      expect(mode & 0o777).toBe(0o600);
      const key = (await fs.readFile(file, 'utf8')).trim();
      const viewer = await server.gql('{ viewer { role } }', {}, { key });
      expect(viewer.data?.viewer.role).toBe('ADMIN');
      await fs.rm(file);
      expect(await server.vitrina.services.apiKeys.bootstrapAdmin(file)).toBeNull();
    } finally {
      await server.stop();
    }
  });
});
