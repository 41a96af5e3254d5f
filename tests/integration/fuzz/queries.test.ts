import fc from 'fast-check';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ADMIN_KEY, type Auth, type GraphQLResponse, type TestServer } from '../../helpers/server.js';
import {
  announceSeed,
  anyId,
  anyString,
  describeValue,
  fuzzParams,
  postGraphQL,
  probe,
  seedFixture,
  startFuzzServer,
  Tally,
  truncate,
  type Fixture,
} from '../../helpers/fuzz.js';

/**
 * Query shapes and transport: deep nesting (fields, introspection, fragments), fragment cycles
 * and fragment bombs, very wide selections, many aliases, many operations, directive abuse,
 * random token soup; then bodies and methods no client should send (batches, bad JSON, wrong
 * content types, odd variables). Each must be answered promptly, with a coded error or data.
 */

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

type Shape = { name: string; query: string; operationName?: string | null };

const shapes: fc.Arbitrary<Shape> = fc.oneof(
  fc.integer({ min: 1, max: 400 }).map((d) => ({
    name: `nested parent ×${d}`,
    query: `{ modelVersions { ${'parent { '.repeat(d)}id${' }'.repeat(d)} } }`,
  })),
  fc.integer({ min: 1, max: 200 }).map((d) => ({
    name: `nested introspection ×${d}`,
    query: `{ __schema { types { fields { type { ${'ofType { '.repeat(d)}name${' }'.repeat(d)} } } } } }`,
  })),
  fc.integer({ min: 1, max: 60 }).map((n) => ({
    name: `fragment cycle of ${n}`,
    query: `{ ...F0 } ${range(n)
      .map((i) => `fragment F${i} on Query { viewer { userId } ...F${(i + 1) % n} }`)
      .join(' ')}`,
  })),
  fc.integer({ min: 1, max: 300 }).map((n) => ({
    name: `fragment chain of ${n}`,
    query: `{ modelVersions { ...F0 } } ${range(n)
      .map((i) => `fragment F${i} on ModelVersion { id parent { ${i + 1 < n ? `...F${i + 1}` : 'id'} } }`)
      .join(' ')}`,
  })),
  fc.integer({ min: 2, max: 60 }).map((n) => ({
    name: `fragment bomb 2^${n}`,
    query: `{ ...F${n} } fragment F0 on Query { viewer { userId } } ${range(n)
      .map((i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`)
      .join(' ')}`,
  })),
  fc
    .tuple(fc.integer({ min: 1, max: 4000 }), fc.constantFrom('userId', 'role', 'keyName', '__typename', 'nope'))
    .map(([n, field]) => ({ name: `${n} × ${field}`, query: `{ viewer { ${`${field} `.repeat(n)}} }` })),
  fc.integer({ min: 1, max: 800 }).map((n) => ({
    name: `${n} aliases`,
    query: `{ ${range(n)
      .map((i) => `a${i}: viewer { userId }`)
      .join(' ')} }`,
  })),
  fc.integer({ min: 1, max: 40 }).map((n) => ({
    name: `${n} aliased product pages`,
    query: `{ ${range(n)
      .map((i) => `p${i}: products(first: 100) { nodes { id images { url width } } }`)
      .join(' ')} }`,
  })),
  fc.integer({ min: 1, max: 30 }).map((n) => ({
    name: `${n} aliased key creations`,
    query: `mutation { ${range(n)
      .map((i) => `k${i}: createApiKey(role: USER, name: "alias ${i}") { id }`)
      .join(' ')} }`,
  })),
  fc
    .tuple(
      fc.integer({ min: 1, max: 300 }),
      fc.constantFrom<'none' | 'first' | 'missing' | 'duplicate'>('none', 'first', 'missing', 'duplicate'),
    )
    .map(([n, pick]) => ({
      name: `${n} operations, operationName ${pick}`,
      query: range(n)
        .map((i) => `query Q${pick === 'duplicate' ? 0 : i} { viewer { userId } }`)
        .join(' '),
      operationName: pick === 'none' ? undefined : pick === 'missing' ? 'Nope' : 'Q0',
    })),
  fc
    .tuple(
      fc.integer({ min: 1, max: 300 }),
      fc.constantFrom(
        '@skip(if: false)',
        '@include(if: true)',
        '@skip(if: $x)',
        '@unknown',
        '@deprecated',
        '@skip',
        '@include(if: "yes")',
        '@specifiedBy(url: "x")',
      ),
    )
    .map(([n, directive]) => ({
      name: `${n} × ${directive}`,
      query: `query($x: Boolean = false) { viewer ${`${directive} `.repeat(n)}{ userId } }`,
    })),
  fc
    .array(
      fc.constantFrom(
        '{',
        '}',
        '(',
        ')',
        '[',
        ']',
        'query',
        'mutation',
        'subscription',
        'fragment',
        '...',
        'on',
        '@skip',
        '@include',
        '$x',
        ':',
        '!',
        '=',
        '|',
        '&',
        '"x"',
        '"""',
        '"\\u0000"',
        '"\\ud800"',
        'viewer',
        'userId',
        'products',
        'first',
        '1.5e',
        '0x10',
        '-0',
        '#',
        '\n',
        ',',
        'Int',
        'String',
        '\u0000',
        '\ufeff',
        '\u2028',
      ),
      { maxLength: 300 },
    )
    .map((tokens) => ({ name: 'token soup', query: tokens.join(' ') })),
  fc.constantFrom<Shape>(
    { name: 'subscription over HTTP', query: 'subscription { catalogChanged { kind } }' },
    { name: 'introspection', query: '{ __schema { types { name fields { name args { name } } } } }' },
    { name: 'empty document', query: '' },
    { name: 'only a comment', query: '# nothing' },
    { name: 'fragment only', query: 'fragment F on Query { viewer { userId } }' },
    { name: 'unused variables', query: 'query($a: Int, $b: String) { viewer { userId } }' },
    { name: 'undeclared variable', query: '{ products(first: $n) { totalCount } }' },
    { name: 'type mismatch', query: '{ products(first: "ten") { totalCount } }' },
    { name: '__typename on a mutation', query: 'mutation { __typename }' },
    { name: 'huge int literal', query: '{ products(first: 99999999999999999999999) { totalCount } }' },
    { name: 'huge float literal', query: '{ driftReport(currentHours: 1e999) { alarm } }' },
  ),
  anyString().map((query) => ({ name: 'any string as a query', query })),
);

describe('fuzz: query shapes and transport', () => {
  let server: TestServer;
  let fixture: Fixture;

  beforeAll(async () => {
    announceSeed('queries');
    server = await startFuzzServer();
    fixture = await seedFixture(server);
  });
  afterAll(async () => server?.stop());

  /** A request that must be answered in time: a hang is a failure too. */
  const timely = async (send: () => Promise<GraphQLResponse>, context: string): Promise<GraphQLResponse> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within 20 s: ${context}`)), 20_000);
    });
    try {
      return await Promise.race([send(), late]);
    } finally {
      clearTimeout(timer);
    }
  };

  it('answers every query shape promptly with data or a coded error', async () => {
    const tally = new Tally();
    const auth = fc.constantFrom<Auth>({}, { key: null }, { key: '' });
    await fc.assert(
      fc.asyncProperty(shapes, auth, async (shape, who) => {
        const withUser = who.key === '' ? { key: fixture.keys.user } : who;
        const context = `${shape.name}: ${truncate(shape.query, 300)} ${describeValue({ operationName: shape.operationName, who })}`;
        const { res } = await probe(server, context, () =>
          timely(
            () =>
              postGraphQL(server, JSON.stringify({ query: shape.query, operationName: shape.operationName }), withUser),
            context,
          ),
        );
        tally.add(shape.name.replace(/\d+/g, 'N'), res);
      }),
      fuzzParams<[Shape, Auth]>(5, [
        [
          {
            name: 'fragment bomb 2^40',
            query: `{ ...F40 } fragment F0 on Query { viewer { userId } } ${range(40)
              .map((i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`)
              .join(' ')}`,
          },
          {},
        ],
        [{ name: 'syntax error', query: '{ products( }' }, {}],
        [{ name: 'subscription over HTTP', query: 'subscription { catalogChanged { kind } }' }, {}],
        [
          {
            name: 'subscription @skip($x) over HTTP',
            query: 'subscription($x: Boolean = false) { catalogChanged @skip(if: $x) { kind } }',
          },
          {},
        ],
        [{ name: 'token flood', query: `{ viewer { ${'userId '.repeat(5000)}} }` }, {}],
        [
          {
            name: 'nested past the parser',
            query: `{ products(first: 1, after: ${'['.repeat(100_000)}${']'.repeat(100_000)}) { totalCount } }`,
          },
          {},
        ],
      ]),
    );
    tally.print('queries: outcomes');
  });

  it('answers bodies, methods and content types no client should send with a coded error', async () => {
    const tally = new Tally();
    const ok = JSON.stringify({ query: '{ viewer { userId } }' });
    const bodies = fc.oneof(
      fc.constantFrom(
        '',
        'null',
        '0',
        '"{ viewer { userId } }"',
        '[]',
        '{}',
        '{',
        '{"query": 5}',
        '{"query": null}',
        '{"query": ["{ viewer { userId } }"]}',
        '{"query": "{ viewer { userId } }", "variables": "x"}',
        '{"query": "{ viewer { userId } }", "variables": [1]}',
        '{"query": "{ viewer { userId } }", "variables": null}',
        '{"query": "{ viewer { userId } }", "operationName": 5}',
        '{"query": "{ viewer { userId } }", "extensions": "x"}',
        '{"query": "{ viewer { userId } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
        '{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0000000000000000000000000000000000000000000000000000000000000000"}}}',
        '{"query": "{ viewer { userId } }", "__proto__": {"admin": true}}',
        '\ufeff{"query": "{ viewer { userId } }"}',
        `[${ok}, ${ok}]`,
        `[${range(500)
          .map(() => ok)
          .join(',')}]`,
      ),
      fc.integer({ min: 1, max: 20_000 }).map((n) =>
        JSON.stringify({
          query: 'query($a: Int) { viewer { userId } }',
          variables: Object.fromEntries(range(n).map((i) => [`v${i}`, i])),
        }),
      ),
      fc
        .integer({ min: 10, max: 200_000 })
        .map((n) => `{"query": "{ viewer { userId } }", "variables": {"a": ${'['.repeat(n)}${']'.repeat(n)}}}`),
      fc
        .constantFrom(900 * 1024, 1100 * 1024, 3 * 1024 * 1024)
        .map((n) => JSON.stringify({ query: `{ viewer { userId } } #${'x'.repeat(n)}` })),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    );
    const contentTypes = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=x',
      'application/graphql',
      'application/graphql-response+json',
      '',
      'application/json, text/plain',
    );
    const methods = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'PATCH', 'DELETE');
    const extraHeaders = fc.constantFrom<Record<string, string>>(
      {},
      { 'content-encoding': 'gzip' },
      { 'content-encoding': 'br' },
      { 'apollo-require-preflight': 'true' },
      { 'x-request-id': '\u00e9'.normalize('NFD').replace(/[^\x20-\x7e]/g, '?') },
      { 'x-end-user': 'telegram:1' },
      { accept: 'text/html' },
    );
    await fc.assert(
      fc.asyncProperty(bodies, contentTypes, methods, extraHeaders, async (body, contentType, method, headers) => {
        const context = `${method} ${contentType} ${describeValue(headers)} body ${describeValue(body)}`;
        const send = async (): Promise<GraphQLResponse> => {
          const url = new URL(`${server.url}/graphql`);
          if (method === 'GET') {
            // The same request as query parameters, as far as it fits a URL.
            try {
              const parsed = JSON.parse(body) as unknown;
              if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
              for (const [k, v] of Object.entries(parsed)) {
                url.searchParams.set(k, (typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 4000));
              }
            } catch {
              url.searchParams.set('query', body.slice(0, 4000));
            }
          }
          const res = await fetch(url, {
            method,
            headers: {
              ...(contentType ? { 'content-type': contentType } : {}),
              authorization: `Bearer ${ADMIN_KEY}`,
              ...headers,
            },
            body: method === 'GET' ? undefined : body,
          });
          const text = await res.text();
          // A browser asking for HTML gets Apollo's landing page: fine.
          if (method === 'GET' && res.status === 200 && res.headers.get('content-type')?.startsWith('text/html')) {
            return { status: res.status, data: { landingPage: true } };
          }
          try {
            const parsed = JSON.parse(text) as unknown;
            // A batch (were batching on) answers with an array: each entry must be clean on its own.
            if (Array.isArray(parsed)) return { status: res.status, ...(parsed[0] as object) };
            return { status: res.status, ...(parsed as object) };
          } catch {
            return { status: res.status, errors: [{ message: text }] };
          }
        };
        const { res } = await probe(server, context, () => timely(send, context));
        tally.add(`${method} ${contentType || '(none)'}`, res);
      }),
      fuzzParams<[string, string, string, Record<string, string>]>(5, [
        [`[${ok}, ${ok}]`, 'application/json', 'POST', {}],
        ['{', 'application/json', 'POST', {}],
        [ok, 'text/plain', 'POST', {}],
        [ok, 'application/json; charset=latin1', 'POST', {}],
        [ok, 'application/json', 'POST', { 'content-encoding': 'gzip' }],
        [ok, 'application/json', 'POST', { accept: 'text/html' }],
        // An automatic persisted query whose hash does not match: Apollo's 400 had no code (a 500's).
        [
          '{"query": "{ viewer { userId } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
          'application/json',
          'POST',
          {},
        ],
        [
          '{"query": "{ viewer { userId } }", "extensions": {"persistedQuery": {"version": 2}}}',
          'application/json',
          'POST',
          {},
        ],
        // graphql-js stops after 50 bad variable values, with an error Apollo left uncoded (a 500).
        [
          JSON.stringify({
            query: 'mutation($w: [ArmWeightInput!]!) { setExperimentWeights(id: "x", weights: $w) { id } }',
            variables: { w: range(60).map(() => ({ arm: 5, weight: 'x' })) },
          }),
          'application/json',
          'POST',
          {},
        ],
        [
          JSON.stringify({ query: 'mutation { createApiKey(role: USER, name: "via GET") { id } }' }),
          '',
          'GET',
          { 'apollo-require-preflight': 'true' },
        ],
        // The multipart parser's own errors: no boundary (no answer at all), a body that is no form.
        [ok, 'multipart/form-data', 'POST', { 'apollo-require-preflight': 'true' }],
        [ok, 'multipart/form-data; boundary=x', 'POST', { 'apollo-require-preflight': 'true' }],
      ]),
    );
    tally.print('transport: outcomes');
  });

  it('answers hostile subscriptions (and other operations) over WebSocket with coded errors, keeping the connection', async () => {
    const tally = new Tally();
    const subscriptions = fc.oneof(
      fc.record({
        name: fc.constant('trainingRunUpdated(id)'),
        query: fc.constant('subscription($id: ID) { trainingRunUpdated(id: $id) { id status } }'),
        variables: fc.record({ id: anyId({ real: fixture.real }) }),
      }),
      fc.record({
        name: fc.constant('catalogChanged with variables'),
        query: fc.constant('subscription { catalogChanged { kind product { id name } } }'),
        variables: fc.dictionary(fc.string({ maxLength: 5 }), anyString(), { maxKeys: 3 }),
      }),
      shapes.map((shape) => ({ name: shape.name, query: shape.query, variables: {} as Record<string, unknown> })),
      shapes.map((shape) => ({
        name: `subscription ${shape.name}`,
        query: shape.query.replace(/^\s*(query|mutation)?/, 'subscription'),
        variables: {} as Record<string, unknown>,
      })),
    );
    const state: { client: Client | null } = { client: null };
    const connect = () =>
      createClient({
        url: `${server.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { Authorization: `Bearer ${ADMIN_KEY}` },
        retryAttempts: 0,
        lazy: true,
      });
    /** The first thing the server says about a subscription, as a response; a closed connection is a failure. */
    const subscribe = (query: string, variables: Record<string, unknown>) =>
      new Promise<GraphQLResponse>((resolve) => {
        const client = (state.client ??= connect());
        const timer = setTimeout(() => {
          dispose();
          resolve({ status: 200, data: { running: true } });
        }, 300);
        const dispose = client.subscribe(
          { query, variables },
          {
            next: (value) => {
              clearTimeout(timer);
              dispose();
              resolve({ status: 200, ...(value as object) });
            },
            error: (error) => {
              clearTimeout(timer);
              if (Array.isArray(error)) return resolve({ status: 200, errors: error });
              // The socket closed: a bad subscription must not cost the client its connection,
              // except a message over the size limit (1009, the WebSocket way of saying 413).
              const { code, reason } = error as { code?: number; reason?: string };
              void client.dispose();
              state.client = null;
              if (code === 1009) {
                return resolve({
                  status: 413,
                  errors: [{ message: 'message too big', extensions: { code: 'BAD_REQUEST' } }],
                });
              }
              resolve({ status: 500, errors: [{ message: `connection closed: ${code} ${reason}` }] });
            },
            complete: () => {
              clearTimeout(timer);
              resolve({ status: 200, data: { complete: true } });
            },
          },
        );
      });
    try {
      await fc.assert(
        fc.asyncProperty(subscriptions, async ({ name, query, variables }) => {
          const context = `ws ${name}: ${truncate(query, 300)} ${describeValue(variables)}`;
          const { res } = await probe(server, context, () => timely(() => subscribe(query, variables), context));
          tally.add(name.replace(/\d+/g, 'N'), res);
        }),
        fuzzParams<[{ name: string; query: string; variables: Record<string, unknown> }]>(3, [
          [{ name: 'syntax error', query: 'subscription { catalogChanged( }', variables: {} }],
          [{ name: 'unknown field', query: 'subscription { nope }', variables: {} }],
          [
            {
              name: 'bad variable',
              query: 'subscription($id: ID) { trainingRunUpdated(id: $id) { id } }',
              variables: { id: { a: 1 } },
            },
          ],
          [
            {
              name: 'mutation over ws',
              query: 'mutation { createProduct(input: { name: "" }) { id } }',
              variables: {},
            },
          ],
          [
            {
              name: 'token flood',
              query: `subscription { catalogChanged { kind } } ${'{'.repeat(5000)}`,
              variables: {},
            },
          ],
          [
            {
              name: 'subscription @skip($x)',
              query: 'subscription($x: Boolean = false) { catalogChanged @skip(if: $x) { kind } }',
              variables: {},
            },
          ],
        ]),
      );
    } finally {
      await state.client?.dispose();
    }
    tally.print('websocket: outcomes');
  });
});
