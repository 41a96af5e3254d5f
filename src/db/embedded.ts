import fs from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export type EmbeddedPostgres = {
  /** A `postgres://` URL on loopback that node-postgres (and so TypeORM) can use. */
  url: string;
  db: PGlite;
  close(): Promise<void>;
};

export type EmbeddedOptions = {
  /** Directory for the database files; omit for an in-memory database. */
  dataDir?: string;
  /** A data directory tarball (PGlite `dumpDataDir`) to start from, for fast test databases. */
  loadDataDir?: Blob;
};

/** Where the embedded database lives inside DATA_DIR. */
export const embeddedDataDir = (dataDir: string): string => path.join(dataDir, 'pgdata');

/**
 * PGlite (Postgres compiled to WASM) with pgvector and pg_trgm, served on 127.0.0.1 by
 * pglite-socket. PGlite is a single session, so clients must use a pool of one connection.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) await fs.mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { vector, pg_trgm },
  });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  let closed = false;
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    db,
    async close() {
      if (closed) return;
      closed = true;
      await server.stop();
      await db.close();
    },
  };
}
