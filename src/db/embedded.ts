import path from 'node:path';
import { Worker } from 'node:worker_threads';

export type EmbeddedPostgres = {
  /** A `postgres://` URL on loopback that node-postgres (and so TypeORM) can use. */
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
};

/** Where the embedded database lives inside DATA_DIR. */
export const embeddedDataDir = (dataDir: string): string => path.join(dataDir, 'pgdata');

const WORKER = new URL('./embedded-worker.js', import.meta.url);

/**
 * PGlite (Postgres compiled to WASM) with pgvector and pg_trgm, in its own thread, served on
 * 127.0.0.1 by pglite-socket. PGlite is a single session, so clients must use a pool of one.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const load = options.loadDataDir;
  // The tarball is copied into its own buffer, whose memory then moves to the worker.
  const loadDataDir = load ? load.buffer.slice(load.byteOffset, load.byteOffset + load.byteLength) : undefined;
  const worker = new Worker(WORKER, {
    workerData: { dataDir: options.dataDir, loadDataDir, maxConnections: options.maxConnections ?? 1 },
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

  let closing: Promise<void> | undefined;
  return {
    url: `postgres://postgres:postgres@${address}/postgres`,
    async dump() {
      return Buffer.from((await request('dump')) as ArrayBuffer);
    },
    close() {
      closing ??= exited
        ? Promise.resolve()
        : request('close').then(
            () => new Promise<void>((resolve) => (exited ? resolve() : worker.once('exit', () => resolve()))),
          );
      return closing;
    },
  };
}
