import { Presets, SingleBar } from 'cli-progress';
import {
  CancelTrainingDocument,
  StartTrainingDocument,
  TrainingRunDocument,
  TrainingStatsDocument,
  type TrainingInput,
  type TrainingRunFieldsFragment,
} from '../client/generated/graphql.js';
import type { VitrinaClient } from '../client/graphql-client.js';
import {
  choice,
  date,
  decimal,
  fixed,
  integer,
  isTty,
  parseOptions,
  println,
  printJson,
  required,
  table,
  UsageError,
  type Command,
  type Io,
} from './command.js';

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const ADAPTERS = ['RESIDUAL', 'DIAGONAL', 'LINEAR'] as const;

/** `vitrina stats`: is there enough feedback to train? */
export async function statsCommand({ args, io, client }: Command): Promise<number> {
  const { values } = parseOptions(args, {});
  const { trainingStats: s } = await client().execute(TrainingStatsDocument, {});
  if (values.json) {
    printJson(io, s);
    return 0;
  }
  println(io, `examples: ${s.total} (${s.usable} usable, ${s.usableUnused} usable and not trained on yet)`);
  println(
    io,
    `positives ${s.positives}, negatives ${s.negatives}; ${s.distinctProducts} products, ${s.distinctUsers} users`,
  );
  println(io, `by type: ${s.byType.map((t) => `${t.feedbackType.toLowerCase()}: ${t.count}`).join(', ')}`);
  println(io, `by quality: ${s.byQuality.map((q) => `${q.rating ?? 'unrated'}: ${q.count}`).join(', ')}`);
  println(io, `pending suggestions: ${s.pendingAnnotations}; last training: ${date(s.lastTrainingAt)}`);
  println(io, `${s.canTrain ? 'can train' : 'cannot train yet'}: ${s.recommendation}`);
  return 0;
}

/**
 * `vitrina train [--epochs N ...]` starts a run and follows it until it ends (a progress bar on a
 * terminal); `train status <id>`, `train cancel <id>`. Exit code 1 when the run does not succeed.
 */
export async function trainCommand({ args, io, client }: Command): Promise<number> {
  const [sub] = args;
  if (sub === 'status' || sub === 'cancel') {
    const { values, positionals } = parseOptions(args.slice(1), {});
    const id = required(positionals[0], '<run id>');
    const run =
      sub === 'status'
        ? (await client().execute(TrainingRunDocument, { id })).trainingRun
        : (await client().execute(CancelTrainingDocument, { id })).cancelTraining;
    if (values.json) printJson(io, run);
    else printRun(io, run);
    return 0;
  }
  const { values, positionals } = parseOptions(args, {
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    'learning-rate': { type: 'string' },
    'weight-decay': { type: 'string' },
    adapter: { type: 'string' },
    rank: { type: 'string' },
    temperature: { type: 'string' },
    'validation-share': { type: 'string' },
    parent: { type: 'string' },
    detach: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unknown train command "${positionals[0]}"`);
  const input: TrainingInput = {
    epochs: integer(values.epochs, '--epochs', 1, 1000),
    batchSize: integer(values['batch-size'], '--batch-size', 1, 4096),
    learningRate: decimal(values['learning-rate'], '--learning-rate'),
    weightDecay: decimal(values['weight-decay'], '--weight-decay'),
    adapterKind: values.adapter === undefined ? undefined : choice(values.adapter, '--adapter', ADAPTERS).toLowerCase(),
    rank: integer(values.rank, '--rank', 1, 4096),
    temperature: decimal(values.temperature, '--temperature'),
    validationShare: decimal(values['validation-share'], '--validation-share'),
    parentVersionId: values.parent,
  };
  const api = client();
  const started = (await api.execute(StartTrainingDocument, { input })).startTraining;
  if (values.detach) {
    if (values.json) printJson(io, started);
    else
      println(io, `training run ${started.id} ${started.status}; follow it with: vitrina train status ${started.id}`);
    return 0;
  }
  if (!values.json) println(io, `training run ${started.id} started (${describeParameters(started)})`);
  const run = await follow(api, started, io, !values.json && isTty(io.stderr));
  if (values.json) printJson(io, run);
  else printRun(io, run);
  return run.status === 'SUCCEEDED' ? 0 : 1;
}

export const POLL_INTERVAL_MS = 500;

/** Poll `trainingRun(id)` until the run ends, drawing a progress bar on a terminal. */
async function follow(
  api: VitrinaClient,
  run: TrainingRunFieldsFragment,
  io: Io,
  progress: boolean,
): Promise<TrainingRunFieldsFragment> {
  const bar = progress
    ? new SingleBar(
        { format: 'train [{bar}] {percentage}% | {status} | epoch {epoch} | loss {loss}', stream: io.stderr },
        Presets.shades_classic,
      )
    : null;
  const fields = (r: TrainingRunFieldsFragment) => ({
    status: r.status.toLowerCase(),
    epoch: r.epoch ?? '-',
    loss: fixed(r.loss, 4),
  });
  bar?.start(100, Math.round(run.progress * 100), fields(run));
  try {
    while (!FINAL.has(run.status)) {
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      run = (await api.execute(TrainingRunDocument, { id: run.id })).trainingRun;
      bar?.update(Math.round(run.progress * 100), fields(run));
    }
  } finally {
    bar?.stop();
  }
  return run;
}

function describeParameters(run: TrainingRunFieldsFragment): string {
  const p = run.parameters;
  return [
    `${p.adapterKind ?? 'default'} adapter`,
    `${p.epochs ?? '-'} epochs`,
    `batch size ${p.batchSize ?? '-'}`,
    `learning rate ${p.learningRate ?? '-'}`,
    `weight decay ${p.weightDecay ?? '-'}`,
  ].join(', ');
}

/** A run's state, and once it succeeded its metrics before (parent) and after (new version). */
function printRun(io: Io, run: TrainingRunFieldsFragment): void {
  const took = run.durationMs === null ? '' : ` in ${(run.durationMs / 1000).toFixed(1)} s`;
  println(io, `training run ${run.id}: ${run.status}${took}`);
  if (!FINAL.has(run.status)) {
    println(io, `  progress ${Math.round(run.progress * 100)}%, epoch ${run.epoch ?? '-'}, loss ${fixed(run.loss, 4)}`);
  }
  if (run.error) println(io, `  error: ${run.error}`);
  if (run.modelVersion)
    println(io, `  version ${run.modelVersion.name} (${run.modelVersion.id}) ${run.modelVersion.status}`);
  if (run.status === 'SUCCEEDED') println(io, `  examples used: ${run.examplesUsed}`);
  const { metricsBefore: before, metricsAfter: after } = run;
  if (before && after) {
    const row = (label: string, m: typeof before) => [label, fixed(m.top1), fixed(m.recallAt5), fixed(m.mrr)];
    const lines = table([['', 'TOP-1', 'RECALL@5', 'MRR'], row('before', before), row('after', after)]);
    println(io, lines.replace(/^/gm, '  '));
    println(io, `  held-out searches: ${before.queries ?? '-'}`);
    if (run.modelVersion?.status === 'READY') {
      println(io, `  serve it with: vitrina models activate ${run.modelVersion.id}`);
    }
  }
}
