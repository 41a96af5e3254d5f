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

describe('VitrinaClient.fetchFile', () => {
  /** A fetch that answers with `body` (and records the URLs and headers it was asked with). */
  function serving(body: ConstructorParameters<typeof Response>[0], init: ResponseInit = {}) {
    const asked: Array<{ url: string; headers: Record<string, string> }> = [];
    const fetch = async (url: string | URL | Request, request?: RequestInit) => {
      asked.push({ url: String(url), headers: request?.headers as Record<string, string> });
      return new Response(body, init);
    };
    return { fetch: fetch as typeof globalThis.fetch, asked };
  }

  it('fetches a path under the API base with the key and the end user', async () => {
    const { fetch, asked } = serving(new Uint8Array([1, 2, 3]));
    const client = new VitrinaClient({
      url: 'https://host/vitrina/graphql',
      apiKey: 'k',
      endUser: 'telegram:1',
      fetch,
    });
    expect(await client.fetchFile('/images/abc', 10)).toEqual(Buffer.from([1, 2, 3]));
    expect(asked).toEqual([
      { url: 'https://host/vitrina/images/abc', headers: { authorization: 'Bearer k', 'x-end-user': 'telegram:1' } },
    ]);
    const root = new VitrinaClient({ url: 'http://host:4000', fetch });
    await root.fetchFile('/images/abc', 10);
    expect(asked[1]!.url).toBe('http://host:4000/images/abc');
  });

  it('never sends the key to another origin', async () => {
    const { fetch, asked } = serving('x');
    const client = new VitrinaClient({ url: 'http://api.test/graphql', apiKey: 'k', fetch });
    for (const elsewhere of ['http://evil.test/images/abc', 'https://api.test/images/abc']) {
      await expect(client.fetchFile(elsewhere, 10)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(asked).toEqual([]);
    await client.fetchFile('http://api.test/images/abc', 10);
    expect(asked.map((a) => a.url)).toEqual(['http://api.test/images/abc']);
  });

  it('calls a missing file NOT_FOUND and another failure BAD_RESPONSE', async () => {
    const missing = new VitrinaClient({ url: 'http://api.test', fetch: serving('{}', { status: 404 }).fetch });
    await expect(missing.fetchFile('/images/abc', 10)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const broken = new VitrinaClient({ url: 'http://api.test', fetch: serving('oops', { status: 500 }).fetch });
    await expect(broken.fetchFile('/images/abc', 10)).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 500 });
  });

  it('refuses a file over the limit by its declared length, and stops reading one that does not declare it', async () => {
    const declared = serving(new Uint8Array(11), { headers: { 'content-length': '11' } });
    const client = new VitrinaClient({ url: 'http://api.test', fetch: declared.fetch });
    await expect(client.fetchFile('/images/abc', 10)).rejects.toMatchObject({ code: 'TOO_LARGE' });

    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(4));
      },
      cancel() {
        cancelled = true;
      },
    });
    const streaming = new VitrinaClient({ url: 'http://api.test', fetch: serving(endless).fetch });
    await expect(streaming.fetchFile('/images/abc', 10)).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(10);
  });
});
