import { parentPort, workerData } from 'node:worker_threads';
import { BuiltinEncoder } from './builtin-encoder.js';
import type { DescriptorParams } from './params.js';

/** The built-in encoder's catalog embedding in its own thread (started by catalog-thread.ts). */
export type CatalogRequest = { id: number; images: Uint8Array[] };
export type CatalogReply = { id: number; vectors?: Float32Array[]; error?: { name: string; message: string } };

const encoder = new BuiltinEncoder((workerData as { params: DescriptorParams }).params);

parentPort!.on('message', async ({ id, images }: CatalogRequest) => {
  try {
    const buffers = images.map((bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const vectors = await encoder.embedCatalogImages(buffers);
    // Copied, not transferred: a few KiB per batch, and a vector may be a view on a shared buffer.
    parentPort!.postMessage({ id, vectors } satisfies CatalogReply);
  } catch (error) {
    const { name, message } = error as Error;
    parentPort!.postMessage({ id, error: { name, message } } satisfies CatalogReply);
  }
});
