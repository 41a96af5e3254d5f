import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { ADMIN_KEY, listFiles, startTestServer, type Auth, type GraphQLResponse, type TestServer } from './server.js';
import { makeImage } from './images.js';
import { createLogger } from '../../src/api/logger.js';

/**
 * Property-based fuzzing of the public API: shared settings, arbitraries, and the oracle every
 * case must pass (a clear coded error or a success, the server still up, nothing stored changed
 * by a refusal).
 *
 * `FUZZ_RUNS` scales the cases per property (`npm test` keeps it small); `FUZZ_SEED` is a number
 * to replay a failure, or `random` (`npm run fuzz`), and is printed either way.
 */
const DEFAULT_SEED = 20261202;
const DEFAULT_RUNS = 12;

function resolveSeed(value: string | undefined): number {
  if (!value) return DEFAULT_SEED;
  if (value === 'random') return (Math.random() * 2 ** 31) | 0;
  const seed = Number(value);
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or "random", not ${value}`);
  return seed;
}

export const FUZZ_SEED = resolveSeed(process.env.FUZZ_SEED);
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? DEFAULT_RUNS) || DEFAULT_RUNS);

/**
 * Settings for one `fc.assert`: the run's seed, fixed examples (regressions) first, then
 * `weight × FUZZ_RUNS` generated cases.
 */
export function fuzzParams<Ts extends unknown[]>(weight = 1, examples: Ts[] = []): fc.Parameters<Ts> {
  return {
    seed: FUZZ_SEED,
    numRuns: examples.length + Math.max(1, Math.round(FUZZ_RUNS * weight)),
    path: process.env.FUZZ_PATH || undefined,
    examples,
    endOnFailure: true,
  };
}

/** Print how to replay this file's run (a failure also names fast-check's `path`: FUZZ_PATH). */
export function announceSeed(file: string): void {
  console.info(
    `[fuzz] ${file}: seed ${FUZZ_SEED}, FUZZ_RUNS ${FUZZ_RUNS}; replay: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS} npx vitest run tests/integration/fuzz/${file}.test.ts`,
  );
}

/** Errors the server logged (its own view of a 500), newest last; `probe` shows new ones on failure. */
export const serverErrors: string[] = [];

/** A server for fuzzing: no rate limit, no background timers that write, small upload limits. */
export function startFuzzServer(env: Record<string, string> = {}): Promise<TestServer> {
  const logger = createLogger('error', {
    write: (line: string) => {
      serverErrors.push(truncate(line, 3000));
    },
  });
  return startTestServer(
    {
      RATE_LIMIT_PER_MINUTE: '0',
      DRIFT_INTERVAL_SECONDS: '0',
      RETRAIN_INTERVAL_SECONDS: '0',
      RETRAIN_ON_DRIFT: 'false',
      MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT),
      MAX_IMAGE_PIXELS: String(PIXEL_LIMIT),
      ...env,
    },
    { logger },
  );
}

export const UPLOAD_LIMIT = 512 * 1024;
export const PIXEL_LIMIT = 20_000_000;

// ---------------------------------------------------------------------------------------------
// The oracle

/**
 * The codes a refusal may carry: ours, and Apollo's own for a request it cannot run (an
 * unknown operation name, an automatic persisted query it has not seen).
 */
export const ALLOWED_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);
/**
 * 405: a mutation over GET, or another method; 406: an Accept header without JSON; 415: a body
 * charset or encoding not supported.
 */
export const ALLOWED_STATUSES = new Set([200, 400, 401, 403, 405, 406, 413, 415]);

/** What must never reach a client: stack frames, SQL, driver and runtime error texts. */
const LEAKS =
  /\n\s+at |node_modules|\.[cm]?[jt]s:\d+|QueryFailedError|relation "|syntax error at or near|violates .* constraint|duplicate key value|invalid byte sequence|invalid input syntax for|Maximum call stack|TypeError|ReferenceError|RangeError|Cannot read propert|is not a function/;

/**
 * A response is clean when its status is expected and every error has an allowed code and a
 * short, readable message without internals. Returns whether the request was refused.
 */
export function expectClean(res: GraphQLResponse, context: string): boolean {
  const where = `${context}\n→ ${truncate(JSON.stringify(res), 1500)}`;
  expect(ALLOWED_STATUSES.has(res.status), `unexpected HTTP status ${res.status}: ${where}`).toBe(true);
  const errors = res.errors ?? [];
  if (res.status !== 200) expect(errors.length, `a ${res.status} without errors: ${where}`).toBeGreaterThan(0);
  for (const error of errors) {
    const code = error.extensions?.code;
    expect(typeof code === 'string' && ALLOWED_CODES.has(code), `error code ${String(code)}: ${where}`).toBe(true);
    expect(typeof error.message === 'string' && error.message.trim().length > 0, `empty message: ${where}`).toBe(true);
    expect(LEAKS.test(error.message), `message leaks internals: ${where}`).toBe(false);
    // A resolver's own message is short, whatever the client sent.
    if ((error as { path?: unknown }).path)
      expect(error.message.length, `a long message: ${where}`).toBeLessThanOrEqual(1000);
    expect(error.extensions, `extensions leak internals: ${where}`).not.toHaveProperty('stacktrace');
    expect(error.extensions, `extensions leak internals: ${where}`).not.toHaveProperty('exception');
  }
  if (errors.length === 0) expect(res.data, `neither data nor errors: ${where}`).toBeTruthy();
  return errors.length > 0;
}

export async function expectHealthy(server: TestServer): Promise<void> {
  const res = await fetch(`${server.url}/healthz`);
  expect(res.status, 'the server stopped answering /healthz').toBe(200);
}

/**
 * Everything stored: every public table (row count and a hash of its rows, in a stable order)
 * and every file under DATA_DIR/images. `api_keys.last_used_at` is left out: presenting a valid
 * key records its use whether or not the request then succeeds.
 */
export async function fingerprint(server: TestServer): Promise<Record<string, string>> {
  const ds = server.vitrina.dataSource;
  const tables = (
    (await ds.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`,
    )) as { tablename: string }[]
  ).map((t) => t.tablename);
  const rows = (await ds.query(
    tables
      .map(
        (t) =>
          `SELECT '${t}' AS t, count(*)::int AS n,
             md5(coalesce(string_agg((to_jsonb(x) - 'last_used_at')::text, '|' ORDER BY (to_jsonb(x) - 'last_used_at')::text), '')) AS h
           FROM "${t}" x`,
      )
      .join(' UNION ALL '),
  )) as { t: string; n: number; h: string }[];
  const result: Record<string, string> = {};
  for (const r of rows) result[r.t] = `${r.n}:${r.h}`;
  const root = path.join(server.dataDir, 'images');
  const files = await listFiles(root);
  const hash = createHash('md5');
  for (const file of files.sort()) {
    const stat = await fs.stat(file).catch(() => null);
    hash.update(`${path.relative(root, file)}:${stat?.size ?? 'gone'}\n`);
  }
  result['files:images'] = `${files.length}:${hash.digest('hex')}`;
  return result;
}

/** Outcomes per label (operation and answer), printed after a property to show what was covered. */
export class Tally {
  private readonly counts = new Map<string, number>();
  add(label: string, res: GraphQLResponse): void {
    const outcome = res.errors?.length ? (res.errors[0]!.extensions?.code ?? 'no code') : 'ok';
    const key = `${label} → ${outcome}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  print(title: string): void {
    const lines = [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k}: ${n}`);
    console.info(`[fuzz] ${title}\n${lines.join('\n')}`);
  }
}

/** Run one request; a refusal must leave everything stored as it was, and the server up. */
export async function probe(
  server: TestServer,
  context: string,
  send: () => Promise<GraphQLResponse>,
): Promise<{ res: GraphQLResponse; refused: boolean }> {
  const before = await fingerprint(server);
  const logged = serverErrors.length;
  const res = await send();
  const refused = expectClean(
    res,
    `${context}${serverErrors.length > logged ? `\nserver logged: ${serverErrors.slice(logged).join('\n')}` : ''}`,
  );
  if (refused)
    expect(await fingerprint(server), `a refused request changed what is stored: ${context}`).toEqual(before);
  await expectHealthy(server);
  return { res, refused };
}

export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
}

/** A readable description of a value for failure messages (huge strings shortened). */
export function describeValue(value: unknown): string {
  return truncate(
    JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'string' && v.length > 80 ? `<${v.length} chars: ${v.slice(0, 40)}…>` : v,
    ) ?? String(value),
    800,
  );
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Code points that break naive handling: NUL, lone surrogates, bidi controls, joiners, BOM, … */
const NASTY_UNITS = [
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\ud800',
  '\udfff',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\u{10ffff}',
  '\u0301',
  '\u00a0',
  '\u2028',
  '\r',
  '\n',
  '\t',
  '%',
  '_',
  '\\',
  "'",
  '"',
  '$',
  ':',
  '#',
  '/',
  '👩‍👩‍👧‍👦',
  '🇺🇦',
  'İ',
  'ß',
  'ﷺ',
  'a',
  'Z',
  '7',
];

export const EDGE_STRINGS = [
  '',
  ' ',
  '   ',
  '\u0000',
  'nul\u0000inside',
  '\ud800',
  'lone \udc00 low',
  'pair \ud83d\ude00 ok',
  '\u202eevil.exe\u202c',
  'مرحبا بالعالم',
  'שלום',
  '👩‍👩‍👧‍👦 family',
  '🇺🇦🏳️‍🌈',
  'e\u0301 vs é',
  '\ufeffBOM',
  '\u200b',
  'Zalgo: z̷̢̛̪͓̈́̓a̴̛͇̗͐l̶̰͑g̸̘̈́o̵̳͝',
  '\u{10ffff}\u{e0001}',
  "'; DROP TABLE products; --",
  "' OR '1'='1",
  '" OR ""="',
  '1; SELECT pg_sleep(10)',
  '$1',
  '%_%\\',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '../../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  'telegram:12345',
  '\r\n\r\nHTTP/1.1 200 OK',
];

/** Strings of every kind: edge cases, any code points, nasty units, and long to very long ones. */
export function anyString(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
    { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...NASTY_UNITS), minLength: 1, maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(101, 201, 301, 501, 2001, 5001, 70_000, 400_000),
          fc.constantFrom('x', 'é', '😀', '\u0000'),
        )
        .map(([n, unit]) => unit.repeat(n)),
    },
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Strings a user could mean: no NUL, no lone surrogate, within a field's length. */
export function oddButValidString(maxLength: number, minLength = 1): fc.Arbitrary<string> {
  const valid = (s: string) =>
    s.length >= minLength && s.length <= maxLength && !LONE_SURROGATE.test(s) && !s.includes('\u0000');
  return fc
    .oneof(
      fc.constantFrom(...EDGE_STRINGS),
      fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(maxLength, 80) }),
      fc.string({ unit: fc.constantFrom(...NASTY_UNITS), minLength, maxLength: Math.min(maxLength, 40) }),
      fc.constant('ø'.repeat(maxLength)),
    )
    .filter(valid);
}

export function anyInt(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.integer({ min: -10, max: 110 }),
    fc.constantFrom(0, -1, 1, 5, 50, 51, 100, 101, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 53), 1e21),
    fc.integer(),
    fc.double(),
    fc.constantFrom(1.5, -0, '5', '', true, null, [], {}, [5]),
  );
}

export function anyFloat(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.double(),
    fc.double({ min: -2, max: 2, noNaN: true }),
    fc.constantFrom(0, -0, 1, 0.5, 1e-300, 5e-324, 1.7976931348623157e308, -1e308, 1e21, 123456789),
    fc.constantFrom('0.5', 'NaN', 'Infinity', true, null, []),
  );
}

export type IdPools = { real: string[] };

/** Ids that name nothing (or something of another kind): malformed, SQL-ish, huge, unknown UUIDs. */
export function anyId(pools: IdPools): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: pools.real.length > 0 ? fc.constantFrom(...pools.real) : fc.uuid() },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '0',
        '-1',
        'nope',
        '00000000-0000-0000-0000-000000000000',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
        'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
        '{00000000-0000-0000-0000-000000000000}',
        ' 00000000-0000-0000-0000-000000000000 ',
        '00000000-0000-0000-0000-000000000000\u0000',
        '00000000000000000000000000000000',
        "' OR 1=1 --",
        "1'; DELETE FROM products; --",
        '../../etc/passwd',
        '%',
        '\u0000',
        '\ud800',
        'cHJvZHVjdDpub3BlOg',
      ),
    },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.constantFrom(1.5, true, null, [], {}, ['x']) },
    { weight: 2, arbitrary: anyString() },
  );
}

/** JSON values for JSONObject arguments: deep, wide, odd keys, NUL and lone surrogates in strings. */
export function anyJson(): fc.Arbitrary<unknown> {
  const key = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...EDGE_STRINGS.filter((s) => s.length < 40)));
  const leaf = fc.oneof(
    fc.constantFrom(null, true, false, 0, -1, 1e308, 5e-324, 2 ** 53 + 1),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    anyString(),
  );
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
      leaf,
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    ),
  }));
  const deep = fc
    .tuple(fc.constantFrom(20, 200, 2000, 20_000, 150_000), fc.constantFrom<'list' | 'object'>('list', 'object'))
    .map(([depth, kind]) => ({ nested: new DeepJson(depth, kind) }));
  const wide = fc
    .integer({ min: 100, max: 20_000 })
    .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])));
  return fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(key, value, { maxKeys: 6 }) },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: wide },
    { weight: 1, arbitrary: value },
  );
}

/**
 * JSON nested `depth` levels deep, written out by `toJson` (JSON.stringify itself gives up after a
 * few thousand levels, and so would fast-check printing a counterexample).
 */
export class DeepJson {
  constructor(
    readonly depth: number,
    readonly kind: 'list' | 'object',
  ) {}
  text(): string {
    return this.kind === 'list'
      ? `${'['.repeat(this.depth)}${']'.repeat(this.depth)}`
      : `${'{"d":'.repeat(this.depth)}0${'}'.repeat(this.depth)}`;
  }
  toJSON(): string {
    return `<${this.kind} nested ${this.depth} deep>`;
  }
  [fc.toStringMethod](): string {
    return `new DeepJson(${this.depth}, ${JSON.stringify(this.kind)})`;
  }
}

/** JSON.stringify, with DeepJson values written out in full. */
export function toJson(value: unknown): string {
  const deep: DeepJson[] = [];
  const text = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (raw instanceof DeepJson) return `\u0001deep:${deep.push(raw) - 1}\u0001`;
    return v;
  });
  return text.replace(/"\\u0001deep:(\d+)\\u0001"/g, (_m, i: string) => deep[Number(i)]!.text());
}

/** A GraphQL request over JSON, for bodies TestServer.gql cannot write (see DeepJson). */
export async function postGraphQL(
  server: TestServer,
  body: string,
  auth: Auth = {},
  contentType = 'application/json',
): Promise<GraphQLResponse> {
  const key = auth.key === undefined ? ADMIN_KEY : auth.key;
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(auth.endUser ? { 'x-end-user': auth.endUser } : {}),
      ...auth.headers,
    },
    body,
  });
  const text = await res.text();
  try {
    return { status: res.status, ...(JSON.parse(text) as object) };
  } catch {
    return { status: res.status, errors: [{ message: text }] };
  }
}

/** Who sends a request: admin, shopper, service acting for an end user, nobody, or a stranger. */
export type Keys = { user: string; service: string };
export function anyAuth(keys: Keys): fc.Arbitrary<Auth> {
  const headerValue = fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant<Auth>({}) },
    { weight: 3, arbitrary: fc.constant<Auth>({ key: keys.user }) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(fc.constantFrom('telegram:1', 'telegram:42', 'web:alice@example.com'), headerValue)
        .map((endUser): Auth => ({ key: keys.service, endUser })),
    },
    { weight: 1, arbitrary: fc.constant<Auth>({ key: null }) },
    { weight: 1, arbitrary: fc.constantFrom<Auth>({ key: 'vtr_not-a-key' }, { key: 'x'.repeat(5000) }) },
    {
      weight: 1,
      arbitrary: headerValue.map((authorization): Auth => ({ key: null, headers: { authorization } })),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// A small catalog with one of everything, so that real ids of every kind exist.

export type Fixture = {
  keys: Keys;
  productIds: string[];
  imageSearchId: string;
  textSearchId: string;
  exampleId: string;
  annotationId: string;
  modelVersionId: string;
  apiKeyIds: string[];
  real: string[];
};

export async function seedFixture(server: TestServer): Promise<Fixture> {
  const ok = <T>(res: GraphQLResponse<T>): T => {
    if (res.errors || !res.data) throw new Error(`fixture: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
  const productIds: string[] = [];
  for (const [i, name] of ['Red mug', 'Blue teapot', 'Green vase'].entries()) {
    const data = ok(
      await server.gql<{ createProduct: { id: string } }>(
        'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
        { input: { name, category: 'kitchen', description: `A ${name.toLowerCase()}`, sku: `FIX-${i}` } },
      ),
    );
    productIds.push(data.createProduct.id);
    ok(
      await server.upload(
        'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
        { id: data.createProduct.id },
        'image',
        { bytes: await makeImage(i + 1) },
      ),
    );
  }
  await server.vitrina.worker!.drain();
  const user = await server.createKey('USER', 'fuzz shopper');
  const service = await server.createKey('SERVICE', 'fuzz bot');
  const image = ok(
    await server.upload<{ searchByImage: { id: string } }>(
      'mutation($image: Upload!) { searchByImage(image: $image) { id } }',
      {},
      'image',
      { bytes: await makeImage(2, { format: 'jpeg' }) },
      { key: user.key },
    ),
  );
  const text = ok(
    await server.gql<{ searchByText: { id: string } }>(
      'mutation { searchByText(text: "teapot") { id } }',
      {},
      { key: user.key },
    ),
  );
  const example = ok(
    await server.gql<{ giveFeedback: { id: string } }>(
      'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }',
      { input: { searchId: image.searchByImage.id, productId: productIds[1], verdict: 'CORRECT_PRODUCT' } },
      { key: user.key },
    ),
  );
  const annotation = ok(
    await server.gql<{ suggestProduct: { id: string } }>(
      'mutation($input: SuggestProductInput!) { suggestProduct(input: $input) { id } }',
      { input: { searchId: image.searchByImage.id, name: 'Yellow jug', category: 'kitchen' } },
      { key: user.key },
    ),
  );
  ok(
    await server.gql(
      'mutation($id: ID!) { commentOnSearch(searchId: $id, text: "close, but not quite") { id } }',
      { id: image.searchByImage.id },
      { key: user.key },
    ),
  );
  const version = ok(await server.gql<{ activeModelVersion: { id: string } }>('{ activeModelVersion { id } }'));
  await server.vitrina.worker!.drain();
  const fixture = {
    keys: { user: user.key, service: service.key },
    productIds,
    imageSearchId: image.searchByImage.id,
    textSearchId: text.searchByText.id,
    exampleId: example.giveFeedback.id,
    annotationId: annotation.suggestProduct.id,
    modelVersionId: version.activeModelVersion.id,
    apiKeyIds: [user.id, service.id],
  };
  return {
    ...fixture,
    real: [
      ...productIds,
      fixture.imageSearchId,
      fixture.textSearchId,
      fixture.exampleId,
      fixture.annotationId,
      fixture.modelVersionId,
      ...fixture.apiKeyIds,
    ],
  };
}
