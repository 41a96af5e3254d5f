import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiError, VitrinaClient } from '../../../src/client/graphql-client.js';
import { makeImage } from '../../helpers/images.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

const PER_MINUTE = 4;

/** Opens a GraphQL-over-WebSocket connection: 'ack' once accepted, else the close code. */
function connect(
  server: TestServer,
  key: string,
  endUser?: string,
): Promise<{ outcome: number | 'ack'; socket: WebSocket }> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  return new Promise((resolve, reject) => {
    socket.on('open', () =>
      socket.send(
        JSON.stringify({
          type: 'connection_init',
          payload: { Authorization: `Bearer ${key}`, ...(endUser ? { 'X-End-User': endUser } : {}) },
        }),
      ),
    );
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') resolve({ outcome: 'ack', socket });
    });
    socket.on('close', (code) => resolve({ outcome: code, socket }));
    socket.on('error', reject);
  });
}

function closed(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.close();
  });
}

describe('request rate limits', () => {
  let server: TestServer;
  /** Made without the API: the admin key has a request budget too. */
  const newKey = async (role: 'user' | 'service') =>
    (await server.vitrina.services.apiKeys.create(role, role, 'system')).key;

  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) });
  });
  afterAll(async () => server?.stop());

  it('answers 429 RATE_LIMITED with a retry hint once a key has used its budget, and other callers keep theirs', async () => {
    const [first, second] = [await newKey('user'), await newKey('user')];
    for (let i = 0; i < PER_MINUTE; i++) {
      expect((await server.gql('{ viewer { role } }', {}, { key: first })).errors).toBeUndefined();
    }
    const endpoint = `${server.url}/graphql`;
    const refused = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${first}` },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors[0]).toEqual({
      message: `Too many requests: retry after ${retryAfter} s`,
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
    });

    expect((await server.gql('{ viewer { role } }', {}, { key: second })).errors).toBeUndefined();
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/vitrina_errors_total\{code="RATE_LIMITED"\} [1-9]/);
  });

  it('gives a service key one budget per end user it acts for', async () => {
    const service = await newKey('service');
    const asShopper = (endUser: string) => server.gql('{ viewer { role } }', {}, { key: service, endUser });
    for (let i = 0; i < PER_MINUTE; i++) expect((await asShopper('telegram:1')).errors).toBeUndefined();
    expect((await asShopper('telegram:1')).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect((await asShopper('telegram:2')).errors).toBeUndefined();
  });

  it('refuses an upload over budget before reading it, and stores nothing', async () => {
    const user = await newKey('user');
    for (let i = 0; i < PER_MINUTE; i++) await server.gql('{ viewer { role } }', {}, { key: user });
    const searchesBefore = await server.vitrina.dataSource.query('SELECT count(*)::int AS n FROM searches');
    const res = await server.upload(
      'mutation($image: Upload!) { searchByImage(image: $image) { id } }',
      { image: null },
      'image',
      { bytes: await makeImage(3), name: 'photo.png', type: 'image/png' },
      { key: user },
    );
    expect(res.status).toBe(429);
    expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(await server.vitrina.dataSource.query('SELECT count(*)::int AS n FROM searches')).toEqual(searchesBefore);
  });

  it('limits subscriptions over WebSocket from the same budget, and counts each refusal once', async () => {
    const rateLimited = async () =>
      Number(
        /^vitrina_errors_total\{code="RATE_LIMITED"\} (\d+)$/m.exec(
          await (await fetch(`${server.url}/metrics`)).text(),
        )?.[1],
      );
    const before = await rateLimited();
    const { outcome, socket } = await connect(server, await newKey('user'));
    expect(outcome).toBe('ack');
    const codes: string[] = [];
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'error') codes.push(message.payload[0].extensions.code);
    });
    for (let i = 0; i <= PER_MINUTE; i++) {
      socket.send(
        JSON.stringify({
          id: String(i),
          type: 'subscribe',
          payload: { query: 'subscription { trainingRunUpdated(id: "00000000-0000-0000-0000-000000000000") { id } }' },
        }),
      );
    }
    await expect.poll(() => codes).toContain('RATE_LIMITED');
    await closed(socket);
    expect(await rateLimited()).toBe(before + codes.filter((code) => code === 'RATE_LIMITED').length);
  });
});

describe('WebSocket connection limits', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ WS_MAX_CONNECTIONS: '3', WS_MAX_CONNECTIONS_PER_KEY: '2' });
  });
  afterAll(async () => server?.stop());

  it('closes connections beyond the per-key limit with 4429 and beyond the server limit with 1013', async () => {
    const [a, b] = [await server.createKey('USER'), await server.createKey('USER')];
    const first = await connect(server, a.key);
    const second = await connect(server, a.key);
    expect([first.outcome, second.outcome]).toEqual(['ack', 'ack']);
    expect((await connect(server, a.key)).outcome).toBe(4429);

    const third = await connect(server, b.key);
    expect(third.outcome).toBe('ack');
    expect((await connect(server, b.key)).outcome).toBe(1013);

    // A closed connection gives its place back.
    await closed(first.socket);
    const again = await connect(server, a.key);
    expect(again.outcome).toBe('ack');
    await Promise.all([second, third, again].map(({ socket }) => closed(socket)));
  });

  it('counts connections that fail authentication only while they are open', async () => {
    for (let i = 0; i < 3; i++) expect((await connect(server, 'vtr_unknown')).outcome).toBe(4403);
    const user = await server.createKey('USER');
    const open = await connect(server, user.key);
    expect(open.outcome).toBe('ack');
    await closed(open.socket);
  });
});

describe('the client and RATE_LIMITED', () => {
  /** A stand-in API that refuses the first request with a one-second retry hint. */
  async function refusingOnce(): Promise<{ url: string; requests: () => number; close: () => void }> {
    let requests = 0;
    const fake = http.createServer((req, res) => {
      requests++;
      req.resume();
      res.setHeader('content-type', 'application/json');
      if (requests === 1) {
        res.statusCode = 429;
        res.setHeader('retry-after', '1');
        res.end(
          JSON.stringify({
            errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 } }],
          }),
        );
      } else {
        res.end(JSON.stringify({ data: { viewer: { role: 'USER' } } }));
      }
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const { port } = fake.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/graphql`, requests: () => requests, close: () => fake.close() };
  }

  it('waits out a short retry hint and retries', async () => {
    const api = await refusingOnce();
    try {
      const client = new VitrinaClient({ url: api.url, apiKey: 'k' });
      expect(await client.request('{ viewer { role } }')).toEqual({ viewer: { role: 'USER' } });
      expect(api.requests()).toBe(2);
    } finally {
      api.close();
    }
  });

  it('reports a longer wait than it accepts as RATE_LIMITED with the hint', async () => {
    const api = await refusingOnce();
    try {
      const client = new VitrinaClient({ url: api.url, apiKey: 'k', maxRetryAfterSeconds: 0 });
      const error = await client.request('{ viewer { role } }').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, extensions: { retryAfterSeconds: 1 } });
      expect(api.requests()).toBe(1);
    } finally {
      api.close();
    }
  });
});
