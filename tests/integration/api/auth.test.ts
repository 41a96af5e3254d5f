import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/**
 * Keys and roles: how a key is presented, refused, stored and acted through. Which role may call
 * which operation is tests/integration/api/access-matrix.test.ts.
 */
describe('API keys and roles', () => {
  let server: TestServer;
  let keys: { admin: string; service: string; user: string; revoked: string };

  beforeAll(async () => {
    server = await startTestServer({ ADMIN_TELEGRAM_IDS: '777' });
  });
  afterAll(async () => server?.stop());

  beforeEach(async () => {
    await server.reset();
    const [admin, service, user, revoked] = await Promise.all([
      server.createKey('ADMIN'),
      server.createKey('SERVICE', 'bot', { actsForTelegramAdmins: true }),
      server.createKey('USER'),
      server.createKey('USER', 'to revoke'),
    ]);
    const revoke = await server.gql('mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }', {
      id: revoked.id,
    });
    expect(revoke.data?.revokeApiKey.revokedAt).toBeTruthy();
    keys = { admin: admin.key, service: service.key, user: user.key, revoked: revoked.key };
  });

  it('refuses a revoked, unknown or malformed key for the whole request with 401', async () => {
    for (const authorization of [`Bearer ${keys.revoked}`, 'Bearer vtr_not-a-key', 'Basic abc']) {
      const res = await server.gql('{ products { totalCount } }', {}, { key: null, headers: { authorization } });
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a revoke from a non-admin and leaves the key working', async () => {
    const list = await server.gql<{ apiKeys: { id: string; name: string }[] }>('{ apiKeys { id name } }');
    const userKey = list.data!.apiKeys.find((k) => k.name === 'user key')!;
    const res = await server.gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: userKey.id },
      { key: keys.user },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await server.gql('{ viewer { role } }', {}, { key: keys.user })).data?.viewer.role).toBe('USER');
  });

  it('shows a new key once and stores only its hash', async () => {
    const created = await server.createKey('USER', 'shown once');
    const listed = await server.gql<{ apiKeys: Record<string, unknown>[] }>('{ apiKeys { id keyPrefix name role } }');
    const row = listed.data!.apiKeys.find((k) => k.id === created.id)!;
    expect(row).toMatchObject({ name: 'shown once', role: 'USER' });
    expect(created.key.startsWith(row.keyPrefix as string)).toBe(true);
    const stored = await server.vitrina.dataSource.query('SELECT * FROM api_keys WHERE id = $1', [created.id]);
    expect(JSON.stringify(stored)).not.toContain(created.key);
    expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records who a service key acts for, and refuses end users for user keys', async () => {
    const acting = await server.gql(
      '{ viewer { role roles userId } }',
      {},
      { key: keys.service, endUser: 'telegram:42' },
    );
    expect(acting.data?.viewer).toEqual({ role: 'SERVICE', roles: ['SERVICE'], userId: 'telegram:42' });
    const admin = await server.gql('{ viewer { roles } }', {}, { key: keys.service, endUser: 'telegram:777' });
    expect(admin.data?.viewer.roles).toEqual(['SERVICE', 'ADMIN']);
    const userActing = await server.gql('{ viewer { role } }', {}, { key: keys.user, endUser: 'telegram:42' });
    expect(userActing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const malformed = await server.gql('{ viewer { role } }', {}, { key: keys.service, endUser: 'no namespace' });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND for unknown ids and BAD_USER_INPUT for invalid input', async () => {
    const missing = await server.gql('mutation { revokeApiKey(id: "00000000-0000-0000-0000-000000000000") { id } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const garbage = await server.gql('mutation { revokeApiKey(id: "not-a-uuid") { id } }');
    expect(garbage.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const badRole = await server.gql('mutation { createApiKey(role: ROOT, name: "x") { key } }');
    expect(badRole.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const emptyName = await server.gql('mutation { createApiKey(role: USER, name: "") { key } }');
    expect(emptyName.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
