import type { Adapter } from './adapter.js';
import type { TrainingData, TrainingExample } from './data.js';
import type { TrainingParams, TrainingProgress, TrainingResult } from './train.js';

/** Training data with every vector in one buffer, so it crosses to a worker without copying. */
export interface PackedTrainingData {
  dim: number;
  productCount: number;
  queryCount: number;
  /** queryCount query vectors, then one vector per catalog image, dim floats each. */
  vectors: Float32Array;
  catalogProducts: Int32Array;
  examples: TrainingExample[];
}

export interface WorkerInput {
  entry: string;
  data: PackedTrainingData;
  params: Partial<TrainingParams>;
  parent: Adapter | null;
  /** A ForegroundGate's shared counter: the worker pauses between steps while it is above 0. */
  foreground: Int32Array | null;
  /** Niceness for the worker's thread (read by worker-boot.js). */
  nice?: number;
}

export type WorkerMessage =
  | { type: 'progress'; progress: TrainingProgress }
  | { type: 'result'; result: TrainingResult }
  | { type: 'error'; name: string; message: string; stack?: string };

export function packTrainingData(data: TrainingData): { packed: PackedTrainingData; transfer: ArrayBuffer[] } {
  const { dim, queries, catalog } = data;
  const vectors = new Float32Array((queries.length + catalog.length) * dim);
  queries.forEach((q, i) => {
    if (q.length !== dim) throw new Error(`query ${i} has ${q.length} dimensions, expected ${dim}`);
    vectors.set(q, i * dim);
  });
  catalog.forEach((c, i) => {
    if (c.vector.length !== dim)
      throw new Error(`catalog image ${i} has ${c.vector.length} dimensions, expected ${dim}`);
    vectors.set(c.vector, (queries.length + i) * dim);
  });
  const catalogProducts = Int32Array.from(catalog, (c) => c.product);
  const packed = {
    dim,
    productCount: data.productCount,
    queryCount: queries.length,
    vectors,
    catalogProducts,
    examples: data.examples,
  };
  return { packed, transfer: [vectors.buffer, catalogProducts.buffer] };
}

/** Views into the packed buffer; nothing is copied. */
export function unpackTrainingData(packed: PackedTrainingData): TrainingData {
  const { dim, queryCount, vectors, catalogProducts } = packed;
  const view = (row: number) => vectors.subarray(row * dim, (row + 1) * dim);
  return {
    dim,
    productCount: packed.productCount,
    queries: Array.from({ length: queryCount }, (_, i) => view(i)),
    catalog: Array.from(catalogProducts, (product, i) => ({ product, vector: view(queryCount + i) })),
    examples: packed.examples,
  };
}
