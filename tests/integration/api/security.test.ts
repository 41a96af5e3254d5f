import { getIntrospectionQuery } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Auth, type TestServer } from '../../helpers/server.js';
import { makeImage } from '../../helpers/images.js';
import { templateDatabase } from '../../helpers/database.js';
import { RequestRateLimiter } from '../../../src/api/rate-limit.js';

/**
 * The attacks of #13, each performed through the real server as a hostile integrator with an
 * ordinary key would, and refused with the right code. docs/reliability.md (security) lists them.
 */
const ADMIN_TELEGRAM_ID = '777';
const SEARCH = 'mutation($image: Upload!) { searchByImage(image: $image, limit: 3) { id results { product { id } } } }';
const CREATE_KEY = `mutation($role: Role!, $bot: Boolean) {
  createApiKey(role: $role, name: "minted", actsForTelegramAdmins: $bot) { id key role }
}`;

describe('security: a hostile integrator', () => {
  let server: TestServer;
  let seed = 1;
  let productId: string;

  beforeAll(async () => {
    server = await startTestServer({ ADMIN_TELEGRAM_IDS: ADMIN_TELEGRAM_ID });
    const created = await server.gql<{ createProduct: { id: string } }>(
      'mutation { createProduct(input: { name: "Mug", category: "kitchen" }) { id } }',
    );
    productId = created.data!.createProduct.id;
    await server.upload(
      'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
      { id: productId },
      'image',
      { bytes: await makeImage(1000), type: 'image/png' },
    );
    await server.vitrina.worker!.drain();
  }, 60_000);
  afterAll(async () => server?.stop());

  async function searchAs(auth: Auth): Promise<string> {
    const res = await server.upload<{ searchByImage: { id: string } }>(
      SEARCH,
      {},
      'image',
      { bytes: await makeImage(seed++), type: 'image/png' },
      auth,
    );
    if (!res.data?.searchByImage) throw new Error(`search failed: ${JSON.stringify(res.errors)}`);
    return res.data.searchByImage.id;
  }

  describe('1. a SERVICE key naming a Telegram admin', () => {
    it('is no admin unless it is the key marked to act for Telegram admins', async () => {
      const integration = await server.createKey('SERVICE', 'some integration');
      const asAdmin = { key: integration.key, endUser: `telegram:${ADMIN_TELEGRAM_ID}` };
      const viewer = await server.gql('{ viewer { roles } }', {}, asAdmin);
      expect(viewer.data?.viewer.roles).toEqual(['SERVICE']);
      const minted = await server.gql(CREATE_KEY, { role: 'ADMIN' }, asAdmin);
      expect(minted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(minted.data).toBeNull();

      const bot = await server.createKey('SERVICE', 'bot', { actsForTelegramAdmins: true });
      const roles = await server.gql('{ viewer { roles } }', {}, { key: bot.key, endUser: asAdmin.endUser });
      expect(roles.data?.viewer.roles).toEqual(['SERVICE', 'ADMIN']);
    });

    it('acting as a delegated admin, cannot create or revoke admin keys, nor mint another bot key', async () => {
      const bot = await server.createKey('SERVICE', 'bot', { actsForTelegramAdmins: true });
      const delegated = { key: bot.key, endUser: `telegram:${ADMIN_TELEGRAM_ID}` };
      for (const variables of [{ role: 'ADMIN' }, { role: 'SERVICE', bot: true }]) {
        const res = await server.gql(CREATE_KEY, variables, delegated);
        expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('FORBIDDEN');
      }
      const admin = await server.createKey('ADMIN', 'real admin');
      const revoke = await server.gql(
        'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
        { id: admin.id },
        delegated,
      );
      expect(revoke.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await server.gql('{ viewer { role } }', {}, { key: admin.key })).data?.viewer.role).toBe('ADMIN');
      // Ordinary keys stay the bot's admins' to manage.
      const user = await server.gql(CREATE_KEY, { role: 'USER' }, delegated);
      expect(user.data?.createApiKey.role).toBe('USER');
    });

    it('marks only SERVICE keys, and only through an ADMIN key', async () => {
      const res = await server.gql(CREATE_KEY, { role: 'USER', bot: true });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const listed = await server.gql<{ apiKeys: Array<{ name: string; actsForTelegramAdmins: boolean }> }>(
        '{ apiKeys { name actsForTelegramAdmins } }',
      );
      expect(listed.data!.apiKeys.some((k) => k.name === 'bot' && k.actsForTelegramAdmins)).toBe(true);
      expect(listed.data!.apiKeys.some((k) => k.name === 'minted')).toBe(true); // only the USER key
      expect(listed.data!.apiKeys.filter((k) => k.name === 'minted' && k.actsForTelegramAdmins)).toEqual([]);
    });
  });

  describe('2. two service keys naming the same end user', () => {
    it('see nothing of each other’s searches, feedback or comments', async () => {
      const a = await server.createKey('SERVICE', 'integration A');
      const b = await server.createKey('SERVICE', 'integration B');
      const asA = { key: a.key, endUser: 'telegram:111' };
      const asB = { key: b.key, endUser: 'telegram:111' };
      const searchId = await searchAs(asA);

      const read = await server.gql('query($id: ID!) { search(id: $id) { id } }', { id: searchId }, asB);
      expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const comment = await server.gql(
        'mutation($id: ID!) { commentOnSearch(searchId: $id, text: "mine now") { id } }',
        { id: searchId },
        asB,
      );
      expect(comment.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const feedback = await server.gql(
        'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }',
        { input: { searchId, productId, verdict: 'CORRECT_PRODUCT' } },
        asB,
      );
      expect(feedback.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const stored = await server.vitrina.dataSource.query(
        'SELECT (SELECT count(*) FROM search_comments WHERE search_id = $1)::int AS comments, (SELECT count(*) FROM training_examples WHERE search_id = $1)::int AS examples',
        [searchId],
      );
      expect(stored).toEqual([{ comments: 0, examples: 0 }]);

      // The owner still reaches it, and sees its end user by the name it gave.
      const own = await server.gql('query($id: ID!) { search(id: $id) { id } }', { id: searchId }, asA);
      expect(own.data?.search.id).toBe(searchId);
      const mine = await server.gql<{ giveFeedback: { userId: string } }>(
        'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { userId } }',
        { input: { searchId, productId, verdict: 'CORRECT_PRODUCT' } },
        asA,
      );
      expect(mine.data?.giveFeedback.userId).toBe('telegram:111');
      expect((await server.gql('{ viewer { userId } }', {}, asB)).data?.viewer.userId).toBe('telegram:111');
      // An admin sees whose end user it is.
      const listed = await server.gql<{ trainingExamples: { nodes: Array<{ userId: string }> } }>(
        'query($id: ID!) { trainingExamples(filter: { searchId: $id }) { nodes { userId } } }',
        { id: searchId },
      );
      expect(listed.data?.trainingExamples.nodes).toEqual([{ userId: `key:${a.id}/telegram:111` }]);
    });
  });

  describe('3. a key revoked while its WebSocket is open', () => {
    const clients: Client[] = [];
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.dispose()));
    });

    function open(key: string) {
      const closed: { code?: number } = {};
      const client = createClient({
        url: `${server.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { Authorization: `Bearer ${key}` },
        retryAttempts: 0,
        lazy: false,
        on: { closed: (event) => void (closed.code = (event as { code: number }).code) },
      });
      clients.push(client);
      const run = (query: string) =>
        new Promise<{ data?: unknown; errors?: Array<{ extensions?: { code?: string } }> }>((resolve) => {
          client.subscribe(
            { query },
            {
              next: (value) => resolve(value as never),
              error: (error) =>
                resolve(Array.isArray(error) ? { errors: error } : { errors: [{ extensions: { code: 'CLOSED' } }] }),
              complete: () => {},
            },
          );
        });
      return { run, closed };
    }

    it('is closed at once when revoked on this server, and can run nothing more', async () => {
      const minted = await server.createKey('ADMIN', 'to be revoked');
      const socket = open(minted.key);
      expect(await socket.run('{ viewer { role } }')).toMatchObject({ data: { viewer: { role: 'ADMIN' } } });
      await server.gql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: minted.id });
      for (const deadline = Date.now() + 2_000; socket.closed.code === undefined && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(socket.closed.code).toBe(4403);
      const after = await socket.run('mutation { createApiKey(role: ADMIN, name: "escalated") { key } }');
      expect(after.data ?? null).toBeNull();
      expect((await server.gql('{ apiKeys { name } }')).data?.apiKeys).not.toContainEqual({ name: 'escalated' });
    });

    it('is refused within seconds when revoked through another replica (the database alone says so)', async () => {
      const minted = await server.createKey('ADMIN', 'revoked elsewhere');
      const socket = open(minted.key);
      expect(await socket.run('{ viewer { role } }')).toMatchObject({ data: { viewer: { role: 'ADMIN' } } });
      await server.vitrina.dataSource.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [minted.id]);
      // The key cache lags at most 5 s; the sweep closes the socket within another 5 s.
      let code: string | undefined;
      for (const deadline = Date.now() + 12_000; Date.now() < deadline;) {
        const res = await socket.run('mutation { createApiKey(role: USER, name: "after revoke") { key } }');
        code = res.errors?.[0]?.extensions?.code;
        if (code) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(['UNAUTHENTICATED', 'CLOSED']).toContain(code);
      for (const deadline = Date.now() + 12_000; socket.closed.code === undefined && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(socket.closed.code).toBe(4403);
    }, 30_000);
  });

  describe('4. identities of admins', () => {
    it('are shown to admins only: who rated, who reviewed, who trained', async () => {
      const shopper = await server.createKey('USER', 'shopper');
      const searchId = await searchAs({ key: shopper.key });
      const example = await server.gql<{ giveFeedback: { id: string } }>(
        'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }',
        { input: { searchId, productId, verdict: 'CORRECT_PRODUCT' } },
        { key: shopper.key },
      );
      const bot = await server.createKey('SERVICE', 'bot', { actsForTelegramAdmins: true });
      const admin = { key: bot.key, endUser: `telegram:${ADMIN_TELEGRAM_ID}` };
      await server.gql(
        'mutation($id: ID!) { rateExample(id: $id, quality: 4) { id } }',
        { id: example.data!.giveFeedback.id },
        admin,
      );
      await server.vitrina.dataSource.query(
        `UPDATE model_versions SET created_by = $1 WHERE id = (SELECT model_version_id FROM searches WHERE id = $2)`,
        [`key:${bot.id}/telegram:${ADMIN_TELEGRAM_ID}`, searchId],
      );
      const FIELDS = `mutation($input: FeedbackInput!) { giveFeedback(input: $input) { ratedBy } }`;
      const input = { input: { searchId, productId, verdict: 'CORRECT_PRODUCT' } };
      const asShopper = await server.gql(FIELDS, input, { key: shopper.key });
      expect(asShopper.data?.giveFeedback).toEqual({ ratedBy: null });
      const version = await server.gql(
        'query($id: ID!) { search(id: $id) { modelVersion { createdBy } } }',
        { id: searchId },
        { key: shopper.key },
      );
      expect(version.data?.search).toEqual({ modelVersion: { createdBy: null } });

      const asAdmin = await server.gql('{ modelVersions { createdBy } }', {}, admin);
      expect(asAdmin.data?.modelVersions).toContainEqual({ createdBy: `telegram:${ADMIN_TELEGRAM_ID}` });
      const listed = await server.gql('{ trainingExamples(first: 50) { nodes { ratedBy } } }');
      expect(listed.data?.trainingExamples.nodes).toContainEqual({
        ratedBy: `key:${bot.id}/telegram:${ADMIN_TELEGRAM_ID}`,
      });
    });
  });

  describe('6. anonymous WebSocket connections', () => {
    it('are refused at connection_init and not held', async () => {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      expect(await closed).toBe(4403);
    });
  });

  describe('10. introspection', () => {
    it('refuses a 40-deep introspection query and accepts the standard one', async () => {
      let deep = 'name';
      for (let i = 0; i < 40; i++) deep = `ofType { ${deep} }`;
      const attack = await server.gql(`{ __schema { types { fields { type { ${deep} } } } } }`);
      expect(attack.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(attack.data ?? null).toBeNull();
      const standard = await server.gql(getIntrospectionQuery());
      expect(standard.errors).toBeUndefined();
      expect(standard.data?.__schema.types.length).toBeGreaterThan(10);
    });
  });

  describe('5. rate limits', () => {
    let limited: TestServer;
    beforeAll(async () => {
      limited = await startTestServer({
        RATE_LIMIT_PER_MINUTE: '5',
        RATE_LIMIT_PER_KEY_PER_MINUTE: '8',
        RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '60',
        RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3',
      });
    });
    afterAll(async () => limited?.stop());
    const status = async (res: Promise<{ status: number }>) => (await res).status;

    it('caps a service key rotating X-End-User at its key-wide budget', async () => {
      const key = (await limited.vitrina.services.apiKeys.create('service', 'rotating', 'system')).key;
      const answers: number[] = [];
      for (let i = 0; i < 10; i++) {
        answers.push(await status(limited.gql('{ viewer { role } }', {}, { key, endUser: `telegram:${i}` })));
      }
      expect(answers).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
    });

    it('limits /images/… like the API', async () => {
      const answers: number[] = [];
      for (let i = 0; i < 6; i++) answers.push(await status(fetch(`${limited.url}/images/${'0'.repeat(63)}${i}`)));
      expect(answers).toEqual([404, 404, 404, 404, 404, 429]);
    });

    it('counts failed authentications per address: a new random token per request is refused before its lookup', async () => {
      const good = (await limited.vitrina.services.apiKeys.create('user', 'good', 'system')).key;
      const random = () => ({ key: `vtr_${Math.random().toString(36).slice(2)}` });
      const answers: number[] = [];
      for (let i = 0; i < 5; i++) answers.push(await status(limited.gql('{ viewer { role } }', {}, random())));
      expect(answers).toEqual([401, 401, 401, 429, 429]);
      // The address is refused whatever it presents until the minute is over.
      const res = await limited.gql('{ viewer { role } }', {}, { key: good });
      expect(res.status).toBe(429);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    });
  });

  describe('5. rate limits behind a load balancer (TRUST_PROXY)', () => {
    const failures = async (server: TestServer, forwardedFor: string) => {
      const answers: number[] = [];
      for (let i = 0; i < 4; i++) {
        const key = `vtr_${Math.random().toString(36).slice(2)}`;
        answers.push(
          (await server.gql('{ viewer { role } }', {}, { key, headers: { 'x-forwarded-for': forwardedFor } })).status,
        );
      }
      return answers;
    };

    it("counts each client its balancer names, and only a trusted balancer's word", async () => {
      const env = { RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '2', RATE_LIMIT_PER_MINUTE: '100' };
      const behind = await startTestServer({ ...env, TRUST_PROXY: 'loopback' });
      const direct = await startTestServer(env);
      try {
        // Trusted: two clients, two budgets.
        expect(await failures(behind, '203.0.113.1')).toEqual([401, 401, 429, 429]);
        expect(await failures(behind, '203.0.113.2')).toEqual([401, 401, 429, 429]);
        // Not trusted: a forged X-Forwarded-For buys no new budget; the connection's address pays.
        expect(await failures(direct, '203.0.113.1')).toEqual([401, 401, 429, 429]);
        expect(await failures(direct, '203.0.113.2')).toEqual([429, 429, 429, 429]);
      } finally {
        await behind.stop();
        await direct.stop();
      }
    });
  });

  describe('6. rate limits with a shared PostgreSQL', () => {
    it('gives replicas one budget: two limiters on one database share it', async () => {
      const pg = await templateDatabase('migrated', { maxConnections: 4, tcp: true });
      const { default: pgModule } = await import('pg');
      const pool = new pgModule.Pool({ connectionString: pg.url, max: 1 });
      try {
        const limits = { perMinute: 4, perKeyPerMinute: 100, perAddressPerMinute: 100, authFailuresPerMinute: 10 };
        const replicas = [new RequestRateLimiter(limits, pool), new RequestRateLimiter(limits, pool)];
        const caller = { authorization: 'Bearer vtr_shared', address: '127.0.0.2' };
        const answers: Array<number | null> = [];
        for (let i = 0; i < 6; i++) answers.push(await replicas[i % 2]!.take(caller));
        expect(answers.slice(0, 4)).toEqual([null, null, null, null]);
        expect(answers[4]).toBeGreaterThan(0);
        expect(answers[5]).toBeGreaterThan(0);
        const stored = await pool.query('SELECT count(*)::int AS n FROM rate_limits');
        expect(stored.rows[0].n).toBeGreaterThan(0);
      } finally {
        await pool.end();
        await pg.close();
      }
    });
  });

  describe('10. /metrics with METRICS_TOKEN', () => {
    it('answers only the bearer token', async () => {
      const token = 'metrics-token-0123456789';
      const guarded = await startTestServer({ METRICS_TOKEN: token });
      try {
        const scrape = (authorization?: string) =>
          fetch(`${guarded.url}/metrics`, { headers: authorization ? { authorization } : {} });
        for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${token}`]) {
          expect((await scrape(authorization)).status, String(authorization)).toBe(401);
        }
        const ok = await scrape(`Bearer ${token}`);
        expect(ok.status).toBe(200);
        expect(await ok.text()).toContain('vitrina_searches_total');
      } finally {
        await guarded.stop();
      }
    });
  });
});
