import { describe, expect, it } from 'vitest';
import { ApiError, graphqlEndpoint, VitrinaClient } from '../../../src/client/graphql-client.js';

/** A fetch that answers every request with this GraphQL body (and records the requests). */
function answering(body: unknown, status = 200) {
  const requests: RequestInit[] = [];
  const urls: string[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    urls.push(String(url));
    requests.push(init!);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests, urls };
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

  it('sends requests to the GraphQL endpoint of the base URL it was given', async () => {
    const { fetch, urls } = answering({ data: { a: 1 } });
    const client = new VitrinaClient({ url: 'http://api.test:4000', fetch });
    expect(client.url).toBe('http://api.test:4000/graphql');
    await client.request('{ a }');
    expect(urls).toEqual(['http://api.test:4000/graphql']);
  });
});

describe('graphqlEndpoint', () => {
  it.each([
    ['http://host:4000', 'http://host:4000/graphql'],
    ['http://host:4000/', 'http://host:4000/graphql'],
    ['http://host:4000/graphql', 'http://host:4000/graphql'],
    ['http://host:4000/graphql/', 'http://host:4000/graphql'],
    ['https://host/vitrina', 'https://host/vitrina/graphql'],
    ['https://host/vitrina/', 'https://host/vitrina/graphql'],
    ['https://host/vitrina/graphql', 'https://host/vitrina/graphql'],
    ['https://host/vitrina//', 'https://host/vitrina/graphql'],
    ['http://host/graphql-api', 'http://host/graphql-api/graphql'],
    ['http://user:pw@host:4000/?tenant=a', 'http://user:pw@host:4000/graphql?tenant=a'],
  ])('%s → %s', (url, endpoint) => {
    expect(graphqlEndpoint(url)).toBe(endpoint);
  });
});
