import { applyAdapter, identityAdapter, validateAdapter, type Adapter } from './adapter.js';
import { splitBySearch, validateTrainingData, type TrainingData } from './data.js';
import { dot, NO_METRICS, rankPositives, type EvaluationMetrics } from './evaluate.js';
import { AdapterModel } from './model.js';
import { resolveTrainingParams, type TrainingParams } from './params.js';
import { createRandom, shuffle, type Random } from '../lib/random.js';
import { loadTf, type Tf } from './tf.js';
import { abortError } from './abort.js';

export type { TrainingData, TrainingExample } from './data.js';
export type { EvaluationMetrics } from './evaluate.js';
export { DEFAULT_TRAINING_PARAMS, resolveTrainingParams, type TrainingParams } from './params.js';

export interface TrainingProgress {
  /** 0..1 over every planned batch; 1 when training ends (also when it stops early). */
  progress: number;
  /** 1-based. */
  epoch: number;
  /** Mean loss of this epoch's batches so far. */
  loss: number;
}

export interface TrainingOptions {
  /** The version trained from: its adapter is the baseline and, when of the same shape, the start. */
  parent?: Adapter | null;
  onProgress?(progress: TrainingProgress): void;
  /** Called before each training step (a worker gives way to foreground work here). */
  beforeStep?(): void;
  signal?: AbortSignal;
}

export interface TrainingResult {
  /** The best epoch's weights (by validation MRR; the last epoch's without a validation set). */
  adapter: Adapter;
  /** The parent (or the base encoder) on the validation examples. */
  metricsBefore: EvaluationMetrics;
  metricsAfter: EvaluationMetrics;
  epochsRun: number;
  /** 0 when nothing was trained (no training example has a positive). */
  bestEpoch: number;
  /** Examples of the training searches; `trainPairs` of them have a positive and drive the loss. */
  trainExamples: number;
  trainPairs: number;
  /** 0 when there were too few searches to hold any out: the metrics then say nothing. */
  validationExamples: number;
  durationMs: number;
  /** Mean training loss per epoch. */
  lossHistory: number[];
  /** Validation MRR after each epoch (empty without a validation set). */
  validationMrrHistory: number[];
  /** Whether training started from the parent's weights (same kind, dim and rank). */
  warmStart: boolean;
  /** The tfjs backend that ran it: tensorflow, wasm or cpu. */
  backend: string;
}

/** A (query photo, right product) pair with the products judged wrong for that photo. */
interface Pair {
  query: number;
  positive: number;
  negatives: number[];
}

/** Masked logits: far below any cosine / temperature, still finite in float32. */
const MASKED = -1e4;

/**
 * Fine-tunes an adapter on feedback with InfoNCE: each (query photo, product) pair is scored
 * against in-batch negatives (the other pairs' products) and hard negatives (the products users
 * judged wrong for that photo). Query and catalog go through the same adapter.
 *
 * Examples without a positive carry only "incorrect" judgements: their products become hard
 * negatives of every pair with the same query photo; a photo with no positive at all gives the
 * loss no anchor and is left out.
 */
export async function trainAdapter(
  data: TrainingData,
  params: Partial<TrainingParams>,
  options: TrainingOptions = {},
): Promise<TrainingResult> {
  const started = performance.now();
  const p = resolveTrainingParams(params);
  validateTrainingData(data);
  const parent = options.parent ?? null;
  if (parent) {
    validateAdapter(parent);
    if (parent.dim !== data.dim) throw new Error(`parent adapter has dim ${parent.dim}, the data ${data.dim}`);
  }
  throwIfAborted(options.signal);
  const tf = await loadTf();

  const split = splitBySearch(data.examples, p.validationShare, p.seed);
  const pairs = buildPairs(data, split.train);
  const metricsBefore = evaluateAdapter(tf, parent ?? identityAdapter('diagonal', data.dim), data, split.validation);
  const rank = Math.min(p.rank, data.dim);
  const warmStart =
    parent !== null && parent.kind === p.adapterKind && (parent.kind !== 'residual' || parent.rank === rank);
  const start = warmStart ? cloneAdapter(parent!) : identityAdapter(p.adapterKind, data.dim, rank, p.seed);
  const base = {
    metricsBefore,
    trainExamples: split.train.length,
    trainPairs: pairs.length,
    validationExamples: split.validation.length,
    warmStart,
    backend: tf.getBackend(),
  };
  if (pairs.length === 0) {
    options.onProgress?.({ progress: 1, epoch: 0, loss: 0 });
    const metricsAfter = evaluateAdapter(tf, start, data, split.validation);
    const durationMs = performance.now() - started;
    return {
      ...base,
      adapter: start,
      metricsAfter,
      epochsRun: 0,
      bestEpoch: 0,
      durationMs,
      lossHistory: [],
      validationMrrHistory: [],
    };
  }

  const { best, epoch, lossHistory, validationMrrHistory } = await fit(
    { tf, data, pairs, validation: split.validation, start, metricsBefore },
    p,
    options,
  );
  if (epoch < p.epochs) options.onProgress?.({ progress: 1, epoch, loss: lossHistory.at(-1)! });
  return {
    ...base,
    adapter: best.adapter,
    metricsAfter: best.metrics,
    epochsRun: epoch,
    bestEpoch: best.epoch,
    durationMs: performance.now() - started,
    lossHistory,
    validationMrrHistory,
  };
}

type FitInput = {
  tf: Tf;
  data: TrainingData;
  pairs: ReturnType<typeof buildPairs>;
  validation: number[];
  start: Adapter;
  metricsBefore: EvaluationMetrics;
};

/**
 * The epochs: batches of pairs in a seeded order, each epoch evaluated on the held-out searches;
 * the best epoch's weights win, and training stops after `patience` epochs without improvement.
 */
async function fit(
  { tf, data, pairs, validation, start, metricsBefore }: FitInput,
  p: TrainingParams,
  options: TrainingOptions,
) {
  const imagesOf = imagesByProduct(data);
  const random = createRandom(p.seed);
  const batchesPerEpoch = Math.ceil(pairs.length / p.batchSize);
  const totalBatches = batchesPerEpoch * p.epochs;
  const model = new AdapterModel(tf, start);
  const optimizer = tf.train.adam(p.learningRate);
  const lossHistory: number[] = [];
  const validationMrrHistory: number[] = [];
  let best = { adapter: start, epoch: 0, mrr: -Infinity, metrics: metricsBefore };
  let epoch = 0;
  try {
    let sinceBest = 0;
    while (epoch < p.epochs && sinceBest < p.patience) {
      epoch++;
      // A product ranks by its best image: pick, for each pair, the images nearest under the current weights.
      const nearest = nearestImagePicker(data, imagesOf, epoch === 1 ? start : model.snapshot());
      const order = shuffle([...pairs.keys()], random);
      let lossSum = 0;
      for (let b = 0; b < batchesPerEpoch; b++) {
        await yieldToEventLoop();
        throwIfAborted(options.signal);
        options.beforeStep?.();
        const batch = order.slice(b * p.batchSize, (b + 1) * p.batchSize).map((i) => pairs[i]!);
        lossSum += model.step(optimizer, makeBatch(data, batch, nearest, p.catalogNegatives, random), p);
        const done = (epoch - 1) * batchesPerEpoch + b + 1;
        options.onProgress?.({ progress: done / totalBatches, epoch, loss: lossSum / (b + 1) });
      }
      lossHistory.push(lossSum / batchesPerEpoch);
      const candidate = model.snapshot();
      const metrics = evaluateModel(model, data, validation);
      if (validation.length === 0) {
        best = { adapter: candidate, epoch, mrr: -Infinity, metrics };
        continue;
      }
      validationMrrHistory.push(metrics.mrr);
      if (metrics.mrr > best.mrr) {
        best = { adapter: candidate, epoch, mrr: metrics.mrr, metrics };
        sinceBest = 0;
      } else {
        sinceBest++;
      }
    }
  } finally {
    optimizer.dispose();
    model.dispose();
  }
  return { best, epoch, lossHistory, validationMrrHistory };
}

/** The validation metrics of the model's current weights, computed on tfjs. */
function evaluateModel(model: AdapterModel, data: TrainingData, validation: readonly number[]): EvaluationMetrics {
  return rankPositives(data, validation, (queryIds) => {
    const catalog = model.project(data.catalog.map((c) => c.vector));
    return model.similarities(model.project(queryIds.map((q) => data.queries[q]!)), catalog);
  });
}

function evaluateAdapter(
  tf: Tf,
  adapter: Adapter,
  data: TrainingData,
  validation: readonly number[],
): EvaluationMetrics {
  if (validation.length === 0) return { ...NO_METRICS };
  const model = new AdapterModel(tf, adapter);
  try {
    return evaluateModel(model, data, validation);
  } finally {
    model.dispose();
  }
}

export interface Batch {
  size: number;
  columns: number;
  /** size × dim */
  queries: Float32Array;
  /** columns × dim: the pairs' positives (column i for pair i), their hard negatives, random catalog images. */
  candidates: Float32Array;
  /** size × columns: MASKED where a column shows pair i's own product but is not its label. */
  mask: Float32Array;
}

function makeBatch(
  data: TrainingData,
  batch: Pair[],
  nearest: NearestImage,
  catalogNegatives: number,
  random: Random,
): Batch {
  const { dim } = data;
  const columns: number[] = []; // catalog image per column
  const seen = new Set<number>();
  const picked = batch.map((pair) => {
    const query = data.queries[pair.query]!;
    return { positive: nearest(query, pair.positive), negatives: pair.negatives.map((n) => nearest(query, n)) };
  });
  for (const { positive } of picked) columns.push(positive);
  for (const { negatives } of picked) {
    for (const image of negatives) {
      if (image >= 0 && !seen.has(image)) {
        seen.add(image);
        columns.push(image);
      }
    }
  }
  const sampled = Math.min(catalogNegatives, data.catalog.length);
  for (let k = 0; k < sampled; k++) {
    const image = Math.floor(random.next() * data.catalog.length);
    if (!seen.has(image)) {
      seen.add(image);
      columns.push(image);
    }
  }
  const queries = new Float32Array(batch.length * dim);
  batch.forEach((pair, i) => queries.set(data.queries[pair.query]!, i * dim));
  const candidates = new Float32Array(columns.length * dim);
  columns.forEach((image, j) => candidates.set(data.catalog[image]!.vector, j * dim));
  const mask = new Float32Array(batch.length * columns.length);
  batch.forEach((pair, i) => {
    columns.forEach((image, j) => {
      if (j !== i && data.catalog[image]!.product === pair.positive) mask[i * columns.length + j] = MASKED;
    });
  });
  return { size: batch.length, columns: columns.length, queries, candidates, mask };
}

/** The catalog image of a product nearest to a query (-1 when it has none). */
type NearestImage = (query: Float32Array, product: number) => number;

function nearestImagePicker(data: TrainingData, imagesOf: number[][], adapter: Adapter): NearestImage {
  const adapted = new Map<number, Float32Array>();
  const project = (image: number) => {
    let v = adapted.get(image);
    if (!v) adapted.set(image, (v = applyAdapter(adapter, data.catalog[image]!.vector)));
    return v;
  };
  return (query, product) => {
    const images = imagesOf[product]!;
    if (images.length <= 1) return images[0] ?? -1;
    const q = applyAdapter(adapter, query);
    let best = images[0]!;
    let bestScore = -Infinity;
    for (const image of images) {
      const score = dot(q, project(image));
      if (score > bestScore) [best, bestScore] = [image, score];
    }
    return best;
  };
}

/** One pair per training example with a positive whose product has a catalog image. */
function buildPairs(data: TrainingData, train: readonly number[]): Pair[] {
  const imagesOf = imagesByProduct(data);
  const positives = new Map<number, Set<number>>();
  const negatives = new Map<number, Set<number>>();
  const add = (map: Map<number, Set<number>>, key: number, value: number) => {
    const set = map.get(key);
    if (set) set.add(value);
    else map.set(key, new Set([value]));
  };
  for (const i of train) {
    const example = data.examples[i]!;
    if (example.positive !== null) add(positives, example.query, example.positive);
    for (const n of example.negatives) add(negatives, example.query, n);
  }
  const pairs: Pair[] = [];
  for (const i of train) {
    const { query, positive } = data.examples[i]!;
    if (positive === null || imagesOf[positive]!.length === 0) continue;
    const right = positives.get(query)!;
    const wrong = [...(negatives.get(query) ?? [])].filter((n) => !right.has(n) && imagesOf[n]!.length > 0);
    pairs.push({ query, positive, negatives: wrong });
  }
  return pairs;
}

function imagesByProduct(data: TrainingData): number[][] {
  const images: number[][] = Array.from({ length: data.productCount }, () => []);
  data.catalog.forEach((c, i) => images[c.product]!.push(i));
  return images;
}

function cloneAdapter(adapter: Adapter): Adapter {
  const tensors = Object.fromEntries(Object.entries(adapter.tensors).map(([name, t]) => [name, Float32Array.from(t)]));
  return { ...adapter, tensors };
}

/** Lets a worker receive its stop message between batches. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export { abortError };

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}
