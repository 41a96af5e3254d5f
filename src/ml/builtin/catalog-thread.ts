import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CatalogReply, CatalogRequest } from './catalog-worker.js';
import type { DescriptorParams } from './params.js';

/** The catalog threads' priority (Linux nice value): searches and imports on the API's threads come first. */
const BACKGROUND_NICENESS = 10;

type Pending = { resolve: (vectors: Float32Array[]) => void; reject: (error: Error) => void };

/** One worker thread and the requests it has yet to answer. */
class CatalogWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(private readonly params: DescriptorParams) {}

  embed(images: Buffer[]): Promise<Float32Array[]> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref(); // busy: keep the process alive until the answer
      worker.postMessage({ id, images } satisfies CatalogRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
    this.failAll(new Error('the catalog encoder thread was closed'));
  }

  private start(): Worker {
    const worker = new Worker(new URL('../../lib/worker-boot.js', import.meta.url), {
      workerData: {
        entry: new URL('./catalog-worker.ts', import.meta.url).href,
        params: this.params,
        nice: BACKGROUND_NICENESS,
      },
    });
    worker.on('message', ({ id, vectors, error }: CatalogReply) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (this.pending.size === 0) worker.unref(); // idle: no reason to keep the process alive
      if (!waiting) return;
      if (vectors) waiting.resolve(vectors);
      else
        waiting.reject(Object.assign(new Error(error?.message ?? 'catalog embedding failed'), { name: error?.name }));
    });
    const died = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      this.failAll(error);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the catalog encoder thread exited with code ${code}`)));
    worker.unref();
    return worker;
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}

/**
 * Catalog photos described in threads of their own, one per core, at a lower priority. Each
 * photo is described under several lights, which costs several times a query photo: on the
 * API's event loop a large import's embedding would hold up the import itself and every search.
 * A batch is split across the threads. Threads start on first use; one that dies fails what it
 * was doing, and the next call starts another.
 */
export class CatalogThreads {
  private readonly workers: CatalogWorker[];

  constructor(params: DescriptorParams, size = os.availableParallelism()) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => new CatalogWorker(params));
  }

  async embed(images: Buffer[]): Promise<Float32Array[]> {
    const share = Math.ceil(images.length / this.workers.length);
    const parts = this.workers
      .map((worker, i) => [worker, images.slice(i * share, (i + 1) * share)] as const)
      .filter(([, part]) => part.length > 0);
    return (await Promise.all(parts.map(([worker, part]) => worker.embed(part)))).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
