import { describe, expect, it } from 'vitest';
import { ApiError, VitrinaClient } from '../../../src/client/graphql-client.js';

/** A fetch that answers every request with this GraphQL body (and records the requests). */
function answering(body: unknown, status = 200) {
  const requests: RequestInit[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
    requests.push(init!);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

describe('VitrinaClient', () => {
  it('maps a GraphQL error to ApiError with its code and the rest of its extensions', async () => {
    const { fetch, requests } = answering({
      errors: [
        {
          message: 'Version v3 did worse than its parent on held-out feedback',
          extensions: { code: 'BAD_USER_INPUT', reason: 'WORSE_THAN_PARENT' },
        },
      ],
    });
    const client = new VitrinaClient({ url: 'http://api.test/graphql', apiKey: 'k', endUser: 'telegram:1', fetch });
    const error = await client.request('mutation { rollbackModelVersion { id } }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { reason: 'WORSE_THAN_PARENT' } });
    const headers = requests[0]!.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer k');
    expect(headers['x-end-user']).toBe('telegram:1');
  });

  it('calls an error without a code INTERNAL_SERVER_ERROR and a body that is not JSON BAD_RESPONSE', async () => {
    const noCode = new VitrinaClient({
      url: 'http://api.test/graphql',
      fetch: answering({ errors: [{ message: 'x' }] }).fetch,
    });
    await expect(noCode.request('{ a }')).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR', extensions: {} });
    const html = (async () => new Response('<html>', { status: 500 })) as unknown as typeof globalThis.fetch;
    const broken = new VitrinaClient({ url: 'http://api.test/graphql', fetch: html, retries: 0 });
    await expect(broken.request('{ a }')).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 500 });
  });
});
