import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { loadConfig } from '../../src/config.js';
import { startVitrina, type Vitrina } from '../../src/app.js';
import { createLogger } from '../../src/api/logger.js';
import { entities } from '../../src/entities/index.js';
import { templateDatabase } from './database.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export type Auth = { key?: string | null; endUser?: string; headers?: Record<string, string> };
export type GraphQLResponse<T = Record<string, any>> = {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; [k: string]: unknown } }>;
};
export type UploadFile = { bytes: Buffer | Uint8Array; name?: string; type?: string };

export type TestServer = {
  vitrina: Vitrina;
  url: string;
  dataDir: string;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    auth?: Auth,
  ): Promise<GraphQLResponse<T>>;
  /** A GraphQL multipart request with one file at `variables.<fileVariable>`. */
  upload<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown>,
    fileVariable: string,
    file: UploadFile,
    auth?: Auth,
  ): Promise<GraphQLResponse<T>>;
  /** `actsForTelegramAdmins`: the bot's key, an admin when acting for ADMIN_TELEGRAM_IDS. */
  createKey(
    role: 'ADMIN' | 'SERVICE' | 'USER',
    name?: string,
    options?: { actsForTelegramAdmins?: boolean },
  ): Promise<{ id: string; key: string }>;
  /** Empty every table and the image store, keeping the schema. */
  reset(): Promise<void>;
  stop(): Promise<void>;
};

function headersFor(auth: Auth = {}): Record<string, string> {
  const key = auth.key === undefined ? ADMIN_KEY : auth.key;
  return {
    ...(key ? { authorization: `Bearer ${key}` } : {}),
    ...(auth.endUser ? { 'x-end-user': auth.endUser } : {}),
    ...auth.headers,
  };
}

async function asResponse<T>(res: Response): Promise<GraphQLResponse<T>> {
  const text = await res.text();
  try {
    return { status: res.status, ...(JSON.parse(text) as object) };
  } catch {
    return { status: res.status, errors: [{ message: text }] };
  }
}

/**
 * A real vitrina on a free port, over a private in-memory PGlite, with a temporary DATA_DIR.
 * `logger` replaces the silent default (e.g. one writing into memory, to read what was logged).
 * `databaseUrl` serves from that PostgreSQL instead, and `dataDir` shares an image store (the
 * caller's to remove): together, one replica of several.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  { logger, databaseUrl, dataDir: sharedDataDir }: { logger?: Logger; databaseUrl?: string; dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = sharedDataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-test-')));
  const config = loadConfig({
    DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'silent',
    DEMO_CATALOG: 'false',
    // Tests drive the API far faster than a person: the rate limit has its own tests.
    RATE_LIMIT_PER_MINUTE: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const database = databaseUrl ? null : await templateDatabase();
  const vitrina = await startVitrina(config, {
    ...(database ? { database } : {}),
    port: 0,
    logger: logger ?? createLogger('silent'),
  });
  const endpoint = `${vitrina.url}/graphql`;

  const server: TestServer = {
    vitrina,
    url: vitrina.url,
    dataDir,
    async gql(query, variables, auth) {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headersFor(auth) },
        body: JSON.stringify({ query, variables }),
      });
      return asResponse(res);
    },
    async upload(query, variables, fileVariable, file, auth) {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query, variables: { ...variables, [fileVariable]: null } }));
      form.set('map', JSON.stringify({ 0: [`variables.${fileVariable}`] }));
      form.set('0', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name ?? 'upload');
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'apollo-require-preflight': 'true', ...headersFor(auth) },
        body: form,
      });
      return asResponse(res);
    },
    async createKey(role, name = `${role.toLowerCase()} key`, { actsForTelegramAdmins = false } = {}) {
      const res = await server.gql<{ createApiKey: { id: string; key: string } }>(
        `mutation($role: Role!, $name: String!, $bot: Boolean) {
          createApiKey(role: $role, name: $name, actsForTelegramAdmins: $bot) { id key }
        }`,
        { role, name, bot: actsForTelegramAdmins },
      );
      if (!res.data?.createApiKey) throw new Error(`createApiKey failed: ${JSON.stringify(res.errors)}`);
      return res.data.createApiKey;
    },
    async reset() {
      const tables = entities.map((e) => `"${vitrina.dataSource.getMetadata(e).tableName}"`).join(', ');
      await vitrina.dataSource.query(`TRUNCATE ${tables} CASCADE`);
      await fs.rm(path.join(dataDir, 'images'), { recursive: true, force: true });
      // Back to a served base version, as at a first start.
      const active = await vitrina.services.registry.bootstrap();
      await vitrina.services.index.ensureIndex(active);
    },
    async stop() {
      await vitrina.stop();
      await database?.close();
      if (!sharedDataDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Files under a directory, recursively (to check that nothing was stored). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
