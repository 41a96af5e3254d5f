// The embedded database's thread. PGlite is Postgres compiled to WASM: every query runs on the
// thread that owns it. Here that is this worker, so the API's event loop keeps serving requests
// (decoding uploads, resolving GraphQL) while Postgres plans and scans on the other core.
// Plain JavaScript: a worker must load without a TypeScript loader, under tsx and vitest alike.
import { Blob } from 'node:buffer';
import fs from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** @type {{ dataDir?: string, loadDataDir?: ArrayBuffer, maxConnections: number, socketPath?: string }} */
const options = workerData;

async function open() {
  if (options.dataDir) await fs.mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir ? new Blob([options.loadDataDir]) : undefined,
    extensions: { vector, pg_trgm },
  });
  // A Unix socket in a private directory by default (the server asks no password); loopback TCP on request.
  const server = new PGLiteSocketServer(
    options.socketPath
      ? { db, path: options.socketPath, maxConnections: options.maxConnections }
      : { db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections },
  );
  await server.start();
  return { db, server };
}

open().then(
  ({ db, server }) => {
    parentPort.on('message', async (message) => {
      try {
        if (message.type === 'dump') {
          const blob = await db.dumpDataDir('none');
          const bytes = await blob.arrayBuffer();
          parentPort.postMessage({ id: message.id, ok: true, value: bytes }, [bytes]);
        } else if (message.type === 'close') {
          await server.stop();
          await db.close();
          parentPort.postMessage({ id: message.id, ok: true });
          parentPort.close();
        }
      } catch (error) {
        parentPort.postMessage({ id: message.id, ok: false, error: String(error?.stack ?? error) });
      }
    });
    parentPort.postMessage({ type: 'ready', address: server.getServerConn() });
  },
  (error) => parentPort.postMessage({ type: 'failed', error: String(error?.stack ?? error) }),
);
