import { describe, expect, it } from 'vitest';
import { HealthService, type HealthDeps } from '../../../src/services/health.service.js';

const healthy: HealthDeps = {
  pingDatabase: async () => {},
  activeVersion: async () => ({ name: 'builtin-v2-base' }),
  degraded: () => null,
};

describe('HealthService', () => {
  it('is ready and names the serving version while the database answers', async () => {
    expect(await new HealthService(healthy).check()).toEqual({
      ok: true,
      checks: { database: 'ok', model: 'builtin-v2-base' },
    });
  });

  it('is not ready while the database does not answer, and says why', async () => {
    const down = new HealthService({
      ...healthy,
      pingDatabase: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
      activeVersion: async () => {
        throw new Error('not asked: the database is down');
      },
    });
    expect(await down.check()).toEqual({ ok: false, checks: { database: 'unavailable (ECONNREFUSED)' } });
  });

  it('stays ready while a fallback version serves, and says so', async () => {
    const report = await new HealthService({
      ...healthy,
      degraded: () => ({ version: 'v3', reason: 'checksum mismatch' }),
    }).check();
    expect(report).toMatchObject({
      ok: true,
      checks: { fallback: expect.stringMatching(/^v3 cannot serve \(checksum mismatch\)/) },
    });
  });
});
