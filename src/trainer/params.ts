import { ADAPTER_KINDS, DEFAULT_RANK, type AdapterKind } from './adapter.js';

export interface TrainingParams {
  /** Adam step size. */
  learningRate: number;
  batchSize: number;
  /** Upper bound; early stopping may end sooner. */
  epochs: number;
  /** Decoupled (AdamW-style) decay of the adapter's deviation from the identity, per step × learningRate. */
  weightDecay: number;
  adapterKind: AdapterKind;
  /** Width of the residual path (`residual` only); capped at the embedding dimension. */
  rank: number;
  /** Share of the searches (with a positive) held out for evaluation and early stopping. */
  validationShare: number;
  /**
   * Random catalog images added to each batch as extra negatives: the loss then resembles the
   * real task (rank against the whole catalog), which keeps the adapter from overfitting a
   * handful of in-batch negatives. 0 turns it off.
   */
  catalogNegatives: number;
  /** InfoNCE temperature on cosine similarities. */
  temperature: number;
  /** Stop after this many epochs without a better validation MRR. */
  patience: number;
  /** Seeds the split, the shuffles and the residual init. */
  seed: number;
}

/**
 * The seed's batch size, epochs and weight decay. The learning rate is Adam's for an adapter
 * that starts at the identity at the encoders' dims (512, 1000): on synthetic feedback
 * (tests/unit/trainer/synthetic.ts) 3e-4 gave the best held-out top-1 at both dims, with
 * ~60 or ~500 searches; 1e-3 already overfits there (a residual step moves the output by about
 * lr·√(dim·rank), so small dims such as 64 want ~3e-3).
 */
export const DEFAULT_TRAINING_PARAMS: Readonly<TrainingParams> = Object.freeze({
  learningRate: 3e-4,
  batchSize: 8,
  epochs: 3,
  weightDecay: 0.01,
  adapterKind: 'residual',
  rank: DEFAULT_RANK,
  validationShare: 0.2,
  catalogNegatives: 64,
  temperature: 0.05,
  patience: 2,
  seed: 1,
});

type Check = (value: unknown) => string | null;

const number =
  (min: number, max: number, { integer = false, minExclusive = false } = {}): Check =>
  (value) => {
    const kind = integer ? 'an integer' : 'a number';
    const range = `${minExclusive ? '(' : '['}${min}, ${max}]`;
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      return `must be ${kind} in ${range}`;
    }
    if (value < min || (minExclusive && value === min) || value > max) return `must be ${kind} in ${range}`;
    return null;
  };

const CHECKS: Record<keyof TrainingParams, Check> = {
  learningRate: number(0, 1, { minExclusive: true }),
  batchSize: number(1, 1024, { integer: true }),
  epochs: number(1, 1000, { integer: true }),
  weightDecay: number(0, 1),
  adapterKind: (value) =>
    ADAPTER_KINDS.includes(value as AdapterKind) ? null : `must be one of ${ADAPTER_KINDS.join(', ')}`,
  rank: number(1, 4096, { integer: true }),
  validationShare: number(0, 0.9),
  catalogNegatives: number(0, 4096, { integer: true }),
  temperature: number(0.001, 10),
  patience: number(1, 1000, { integer: true }),
  seed: number(0, 2 ** 32 - 1, { integer: true }),
};

/**
 * Defaults overlaid with the given values (`undefined` and `null` mean "the default"). Throws
 * one Error naming every bad or unknown key.
 */
export function resolveTrainingParams(partial: Partial<Record<keyof TrainingParams, unknown>> = {}): TrainingParams {
  const resolved: Record<string, unknown> = { ...DEFAULT_TRAINING_PARAMS };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(partial)) {
    if (!(key in CHECKS)) {
      problems.push(`${key} is not a training parameter`);
      continue;
    }
    if (value === undefined || value === null) continue;
    const problem = CHECKS[key as keyof TrainingParams](value);
    if (problem) problems.push(`${key} ${problem} (got ${JSON.stringify(value)})`);
    else resolved[key] = value;
  }
  if (problems.length > 0) throw new Error(`Invalid training parameters: ${problems.join('; ')}`);
  return resolved as unknown as TrainingParams;
}
