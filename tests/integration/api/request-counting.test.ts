import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../helpers/server.js';

/** `vitrina_graphql_requests_total` as `"<operation> <outcome>" → count`. */
async function requests(server: TestServer): Promise<Map<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const [, operation, outcome, value] of text.matchAll(
    /^vitrina_graphql_requests_total\{operation="([^"]*)",outcome="([^"]*)"\} (\S+)$/gm,
  )) {
    counts.set(`${operation} ${outcome}`, Number(value));
  }
  return counts;
}

/** What changed between two readings, without the series that did not move. */
function increases(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  return Object.fromEntries(
    [...after].map(([series, n]) => [series, n - (before.get(series) ?? 0)] as const).filter(([, n]) => n !== 0),
  );
}

describe('GraphQL requests by operation and outcome', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.stop());

  it('start at 0 for every root field, so that the first failure after a restart is an increase', async () => {
    const counts = await requests(server);
    for (const series of ['searchByImage ok', 'searchByImage error', 'giveFeedback error', 'unknown error']) {
      expect(counts.has(series), series).toBe(true);
    }
  });

  it('counts each HTTP request once: by root field, failed when answered with an error of any kind', async () => {
    const before = await requests(server);
    expect((await server.gql('{ products { totalCount } }')).errors).toBeUndefined();
    expect((await server.gql('{ product(id: "nope") { id } }')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await server.gql('{ viewer { role } all: products { totalCount } }')).errors).toBeUndefined();
    // Refused before any operation is known: a document that does not parse, a wrong key.
    expect((await server.gql('{ products')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect((await server.gql('{ viewer { role } }', {}, { key: 'vtr_wrong' })).errors).toBeDefined();
    // An internal error is answered with HTTP 200: it fails the request all the same.
    await server.vitrina.dataSource.query('ALTER TABLE products RENAME TO products_hidden');
    try {
      const res = await server.gql('{ products { totalCount } }');
      expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await server.vitrina.dataSource.query('ALTER TABLE products_hidden RENAME TO products');
    }
    // Counted when the connection closes, which may come just after the client has its answer.
    await expect
      .poll(async () => increases(before, await requests(server)))
      .toEqual({ 'products ok': 1, 'products error': 1, 'product error': 1, 'multiple ok': 1, 'unknown error': 2 });
  });

  it('counts each WebSocket operation once, when it starts or is refused', async () => {
    const before = await requests(server);
    const client = createClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${ADMIN_KEY}` },
      retryAttempts: 0,
    });
    const run = (query: string) =>
      new Promise<unknown>((resolve) => {
        client.subscribe({ query }, { next: resolve, error: resolve, complete: () => {} });
      });
    try {
      expect(await run('{ viewer { role } }')).toMatchObject({ data: { viewer: { role: 'ADMIN' } } });
      expect(await run('{ product(id: "nope") { id } }')).toMatchObject({
        errors: [{ extensions: { code: 'NOT_FOUND' } }],
      });
      expect(await run('subscription { noSuchField }')).toMatchObject([
        { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      ]);
    } finally {
      await client.dispose();
    }
    expect(increases(before, await requests(server))).toEqual({
      'viewer ok': 1,
      'product error': 1,
      'unknown error': 1,
    });
  });
});
