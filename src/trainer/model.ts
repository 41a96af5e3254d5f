import type * as tfTypes from '@tensorflow/tfjs';
import type { Adapter, AdapterKind } from './adapter.js';
import type { TrainingParams } from './params.js';
import { loadTf, type Tf } from './tf.js';
import type { Batch } from './train.js';

const SHAPES = (dim: number, rank: number): Record<string, number[]> => ({
  scale: [dim],
  down: [dim, rank],
  up: [rank, dim],
  weight: [dim, dim],
});

/** Rows projected per tfjs call: bounds the memory of one step and lets the event loop breathe. */
const PROJECT_CHUNK = 1024;

/**
 * An adapter's tensors as tfjs variables: its forward pass, one AdamW step, and bulk
 * projection. Matrix products go through `matMul` below, never tfjs's transposed kernels,
 * which are 15× slower than the plain one on the wasm backend.
 */
export class AdapterModel {
  private readonly variables: Record<string, tfTypes.Variable>;
  private readonly kind: AdapterKind;
  private readonly dim: number;
  private readonly rank: number;
  private readonly eye: tfTypes.Tensor | null;
  private readonly matMul: (a: tfTypes.Tensor2D, b: tfTypes.Tensor2D) => tfTypes.Tensor2D;

  constructor(
    private readonly tf: Tf,
    adapter: Adapter,
  ) {
    const { kind, dim, rank } = adapter;
    this.kind = kind;
    this.dim = dim;
    this.rank = rank;
    const shapes = SHAPES(dim, rank);
    this.variables = {};
    for (const [name, values] of Object.entries(adapter.tensors)) {
      const initial = tf.tensor(values, shapes[name]);
      this.variables[name] = tf.variable(initial);
      initial.dispose();
    }
    this.eye = kind === 'linear' ? tf.eye(dim) : null;
    this.matMul = plainMatMul(tf);
  }

  /** L2-normalised adapter(x) for a batch of rows. */
  forward(x: tfTypes.Tensor2D): tfTypes.Tensor2D {
    const { tf, variables: v } = this;
    let y: tfTypes.Tensor2D;
    if (this.kind === 'linear') y = this.matMul(x, v.weight! as tfTypes.Tensor2D);
    else y = tf.mul(x, v.scale!);
    if (this.kind === 'residual') {
      y = tf.add(y, this.matMul(this.matMul(x, v.down! as tfTypes.Tensor2D), v.up! as tfTypes.Tensor2D));
    }
    return tf.div(y, tf.sqrt(tf.add(tf.sum(tf.square(y), 1, true), 1e-12)));
  }

  /** One Adam step on the InfoNCE loss, then decoupled decay toward the identity; returns the loss. */
  step(optimizer: tfTypes.Optimizer, batch: Batch, p: TrainingParams): number {
    const { tf } = this;
    const cost = tf.tidy(() => {
      const queries = tf.tensor2d(batch.queries, [batch.size, this.dim]);
      const candidates = tf.tensor2d(batch.candidates, [batch.columns, this.dim]);
      const mask = tf.tensor2d(batch.mask, [batch.size, batch.columns]);
      const labels = tf.oneHot(tf.range(0, batch.size, 1, 'int32'), batch.columns);
      const loss = () => {
        const logits = this.matMul(this.forward(queries), tf.transpose(this.forward(candidates)));
        return tf.losses.softmaxCrossEntropy(labels, tf.add(tf.div(logits, p.temperature), mask)) as tfTypes.Scalar;
      };
      const value = optimizer.minimize(loss, true, Object.values(this.variables))!;
      const decay = p.learningRate * p.weightDecay;
      if (decay > 0) {
        for (const [name, variable] of Object.entries(this.variables)) {
          const target = name === 'scale' ? 1 : name === 'weight' ? this.eye! : 0;
          variable.assign(tf.sub(variable, tf.mul(tf.sub(variable, target), decay)));
        }
      }
      return value;
    });
    const value = cost.dataSync()[0]!;
    cost.dispose();
    if (!Number.isFinite(value)) throw new Error('training diverged (the loss is not finite); lower the learning rate');
    return value;
  }

  /** Adapted, L2-normalised copies of the vectors. */
  project(vectors: readonly Float32Array[]): Float32Array[] {
    const out: Float32Array[] = [];
    for (let start = 0; start < vectors.length; start += PROJECT_CHUNK) {
      const chunk = vectors.slice(start, start + PROJECT_CHUNK);
      const packed = new Float32Array(chunk.length * this.dim);
      chunk.forEach((v, i) => packed.set(v, i * this.dim));
      const adapted = this.tf.tidy(() => this.forward(this.tf.tensor2d(packed, [chunk.length, this.dim])));
      const values = adapted.dataSync() as Float32Array;
      for (let i = 0; i < chunk.length; i++) out.push(values.slice(i * this.dim, (i + 1) * this.dim));
      adapted.dispose();
    }
    return out;
  }

  /** queries × catalog cosine matrix (both already adapted), row-major. */
  similarities(queries: readonly Float32Array[], catalog: readonly Float32Array[]): Float32Array {
    const { tf, dim } = this;
    const pack = (rows: readonly Float32Array[]) => {
      const packed = new Float32Array(rows.length * dim);
      rows.forEach((v, i) => packed.set(v, i * dim));
      return tf.tensor2d(packed, [rows.length, dim]);
    };
    const scores = tf.tidy(() => this.matMul(pack(queries), tf.transpose(pack(catalog))));
    const values = Float32Array.from(scores.dataSync() as Float32Array);
    scores.dispose();
    return values;
  }

  snapshot(): Adapter {
    const tensors: Record<string, Float32Array> = {};
    for (const [name, variable] of Object.entries(this.variables)) {
      tensors[name] = Float32Array.from(variable.dataSync() as Float32Array);
    }
    return { kind: this.kind, dim: this.dim, rank: this.rank, tensors };
  }

  dispose(): void {
    for (const variable of Object.values(this.variables)) variable.dispose();
    this.eye?.dispose();
  }
}

/**
 * a·b whose gradients are plain products of explicitly transposed operands: tfjs's own
 * gradient uses the transposed kernels, the slow path on wasm.
 */
function plainMatMul(tf: Tf): (a: tfTypes.Tensor2D, b: tfTypes.Tensor2D) => tfTypes.Tensor2D {
  return tf.customGrad((...args) => {
    const [a, b, save] = args as [tfTypes.Tensor2D, tfTypes.Tensor2D, tfTypes.GradSaveFunc];
    save([a, b]);
    return {
      value: tf.matMul(a, b),
      gradFunc: (dy, saved) => {
        const [sa, sb] = saved as [tfTypes.Tensor2D, tfTypes.Tensor2D];
        return [
          tf.matMul(dy as tfTypes.Tensor2D, tf.transpose(sb)),
          tf.matMul(tf.transpose(sa), dy as tfTypes.Tensor2D),
        ];
      },
    };
  }) as (a: tfTypes.Tensor2D, b: tfTypes.Tensor2D) => tfTypes.Tensor2D;
}

/**
 * `applyAdapterMany` on tfjs (wasm SIMD): about 20× faster than the plain loops for a whole
 * catalog, and it yields to the event loop between chunks.
 */
export async function applyAdapterManyFast(
  adapter: Adapter,
  vectors: readonly Float32Array[],
): Promise<Float32Array[]> {
  const tf = await loadTf();
  const model = new AdapterModel(tf, adapter);
  try {
    const out: Float32Array[] = [];
    for (let start = 0; start < vectors.length; start += PROJECT_CHUNK) {
      out.push(...model.project(vectors.slice(start, start + PROJECT_CHUNK)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return out;
  } finally {
    model.dispose();
  }
}
