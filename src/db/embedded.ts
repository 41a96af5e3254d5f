import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export type EmbeddedPostgres = {
  /**
   * A `postgres://` URL that node-postgres (and createDataSource) can use: a Unix socket in a
   * directory only this user can enter (`?host=<dir>`), or 127.0.0.1 when asked for TCP.
   */
  url: string;
  /** The whole data directory as a tarball (PGlite `dumpDataDir`), e.g. for test templates. */
  dump(): Promise<Buffer>;
  close(): Promise<void>;
};

export type EmbeddedOptions = {
  /** Directory for the database files; omit for an in-memory database. */
  dataDir?: string;
  /** A data directory tarball (PGlite `dumpDataDir`) to start from, for fast test databases. */
  loadDataDir?: Buffer;
  /**
   * Clients the socket accepts at once (default 1). PGlite is a single session: with more,
   * statements of different clients interleave, so only tests that mimic a shared server use it.
   */
  maxConnections?: number;
  /**
   * Directory of the Unix socket (made with mode 700; default a private temporary one). The
   * embedded server has no password: a loopback port would let any local user in.
   */
  socketDir?: string;
  /** Listen on a 127.0.0.1 port instead: for tests that stand in for a PostgreSQL server. */
  tcp?: boolean;
};

/** node-postgres finds a server's socket in a directory under this name (port 5432). */
const SOCKET_NAME = '.s.PGSQL.5432';
/** sockaddr_un holds 108 bytes: a longer path cannot be bound. */
const MAX_SOCKET_PATH = 100;

/** A directory for the socket that only this user can enter, and whether it is ours to remove. */
async function socketDirectory(wanted: string | undefined): Promise<{ dir: string; temporary: boolean }> {
  if (wanted && path.join(path.resolve(wanted), SOCKET_NAME).length <= MAX_SOCKET_PATH) {
    const dir = path.resolve(wanted);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.chmod(dir, 0o700);
    // A socket left by a killed process: nobody listens on it (one process owns a DATA_DIR).
    await fs.rm(path.join(dir, SOCKET_NAME), { force: true });
    return { dir, temporary: false };
  }
  return { dir: await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-pg-')), temporary: true }; // mode 700
}

/** Where the embedded database lives inside DATA_DIR. */
export const embeddedDataDir = (dataDir: string): string => path.join(dataDir, 'pgdata');

/** The embedded database of a DATA_DIR: its files, and its socket in a private `run/` beside them. */
export const embeddedOptions = (dataDir: string): EmbeddedOptions => ({
  dataDir: embeddedDataDir(dataDir),
  socketDir: path.join(dataDir, 'run'),
});

const WORKER = new URL('./embedded-worker.js', import.meta.url);

/**
 * PGlite (Postgres compiled to WASM) with pgvector and pg_trgm, in its own thread, served on
 * 127.0.0.1 by pglite-socket. PGlite is a single session, so clients must use a pool of one.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const load = options.loadDataDir;
  // The tarball is copied into its own buffer, whose memory then moves to the worker.
  const loadDataDir = load ? load.buffer.slice(load.byteOffset, load.byteOffset + load.byteLength) : undefined;
  const socket = options.tcp ? null : await socketDirectory(options.socketDir);
  const worker = new Worker(WORKER, {
    workerData: {
      dataDir: options.dataDir,
      loadDataDir,
      maxConnections: options.maxConnections ?? 1,
      socketPath: socket ? path.join(socket.dir, SOCKET_NAME) : undefined,
    },
    transferList: loadDataDir ? [loadDataDir as ArrayBuffer] : [],
  });

  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  let exited = false;
  const request = (type: 'dump' | 'close'): Promise<unknown> => {
    if (exited) return Promise.reject(new Error('the embedded database has stopped'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, type });
    });
  };

  const address = await new Promise<string>((resolve, reject) => {
    worker.on(
      'message',
      (message: { type?: string; id?: number; ok?: boolean; value?: unknown; error?: string; address?: string }) => {
        if (message.type === 'ready') resolve(message.address!);
        else if (message.type === 'failed') reject(new Error(`the embedded database did not open: ${message.error}`));
        else if (message.id !== undefined) {
          const waiter = pending.get(message.id);
          pending.delete(message.id);
          if (message.ok) waiter?.resolve(message.value);
          else waiter?.reject(new Error(message.error));
        }
      },
    );
    worker.on('error', reject);
    worker.on('exit', (code) => {
      exited = true;
      reject(new Error(`the embedded database thread exited with code ${code}`));
      for (const waiter of pending.values()) waiter.reject(new Error('the embedded database thread exited'));
      pending.clear();
    });
  });

  const removeSocket = () => (socket?.temporary ? fs.rm(socket.dir, { recursive: true, force: true }) : undefined);
  let closing: Promise<void> | undefined;
  return {
    url: socket
      ? `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socket.dir)}`
      : `postgres://postgres:postgres@${address}/postgres`,
    async dump() {
      return Buffer.from((await request('dump')) as ArrayBuffer);
    },
    close() {
      closing ??= (
        exited
          ? Promise.resolve()
          : request('close').then(
              () => new Promise<void>((resolve) => (exited ? resolve() : worker.once('exit', () => resolve()))),
            )
      ).finally(removeSocket);
      return closing;
    },
  };
}
