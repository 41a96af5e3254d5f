import {
  CreateExperimentDocument,
  ExperimentDocument,
  ExperimentReportDocument,
  ExperimentsDocument,
  ModelVersionsDocument,
  SetExperimentWeightsDocument,
  StopExperimentDocument,
  type ArmReportFieldsFragment,
  type CreateExperimentInput,
  type ExperimentFieldsFragment,
  type ExperimentMode,
  type ExperimentReportQuery,
} from '../client/generated/graphql.js';
import type { VitrinaClient } from '../client/graphql-client.js';
import {
  choice,
  date,
  decimal,
  fixed,
  integer,
  parseOptions,
  println,
  printJson,
  required,
  table,
  UsageError,
  type Command,
  type Io,
} from './command.js';

const MODES: readonly ExperimentMode[] = ['SPLIT', 'SHADOW', 'BANDIT'];

type Report = ExperimentReportQuery['experimentReport'];

/** `vitrina experiment start | report | weights | stop | list` (admin): A/B tests between model versions. */
export async function experimentCommand({ args, io, client }: Command): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'start':
      return start(rest, io, client);
    case 'report':
      return report(rest, io, client);
    case 'weights':
      return weights(rest, io, client);
    case 'stop':
      return stop(rest, io, client);
    case 'list':
    case undefined: {
      const { values } = parseOptions(rest, {});
      const { experiments } = await client().execute(ExperimentsDocument, {});
      if (values.json) printJson(io, experiments);
      else if (experiments.length === 0) println(io, 'no experiments yet; start one with: vitrina experiment start');
      else println(io, table([LIST_HEADER, ...experiments.map(listRow)]));
      return 0;
    }
    default:
      throw new UsageError(`unknown experiment command "${sub}"`);
  }
}

/** `start <candidate> [--control <id>] [--split %] [--mode ..] [--name ..] [thresholds]`; the control is arm one. */
async function start(args: string[], io: Io, client: () => VitrinaClient): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    control: { type: 'string' },
    split: { type: 'string' },
    mode: { type: 'string' },
    name: { type: 'string' },
    'min-samples': { type: 'string' },
    probability: { type: 'string' },
    'min-lift': { type: 'string' },
    'max-failure-rate': { type: 'string' },
    'max-latency-ms': { type: 'string' },
    'bandit-floor': { type: 'string' },
    'bandit-window': { type: 'string' },
    'auto-promote': { type: 'boolean' },
    'auto-rollback': { type: 'boolean' },
  });
  const candidate = required(positionals[0], '<candidate version id>');
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const mode = values.mode === undefined ? 'SPLIT' : choice(values.mode, '--mode', MODES);
  if (mode === 'SHADOW' && values.split !== undefined)
    throw new UsageError('--split does not apply to a shadow experiment: the control serves every search');
  const split = decimal(values.split?.replace(/%$/, ''), '--split') ?? 50;
  if (!(split > 0 && split < 100)) throw new UsageError('--split must be a percentage between 0 and 100');
  if (values.control === candidate) throw new UsageError('the candidate and the control must be different versions');
  const settings = {
    minSamples: integer(values['min-samples'], '--min-samples', 1, 1_000_000),
    probability: decimal(values.probability, '--probability'),
    minLift: decimal(values['min-lift'], '--min-lift'),
    maxFailureRate: decimal(values['max-failure-rate'], '--max-failure-rate'),
    maxLatencyMs: decimal(values['max-latency-ms'], '--max-latency-ms'),
    banditFloor: decimal(values['bandit-floor'], '--bandit-floor'),
    banditWindowSeconds: integer(values['bandit-window'], '--bandit-window', 1, 30 * 86_400),
    autoPromote: values['auto-promote'],
    autoRollback: values['auto-rollback'],
  };

  const api = client();
  let control = values.control;
  let name = values.name;
  if (control === undefined || name === undefined) {
    // The active version is the default control; version names make the default experiment name.
    const { modelVersions } = await api.execute(ModelVersionsDocument, {});
    const active = modelVersions.find((v) => v.status === 'ACTIVE');
    control ??= active?.id;
    if (control === undefined) throw new Error('no version is active: name the control with --control <version id>');
    if (control === candidate)
      throw new Error(`${candidate} is the active version: name another candidate, or a --control`);
    const nameOf = (id: string) => modelVersions.find((v) => v.id === id)?.name ?? id;
    name ??= `${nameOf(candidate)} vs ${nameOf(control)}`;
  }
  const input: CreateExperimentInput = {
    name,
    mode,
    arms: [
      { modelVersionId: control, weight: 100 - split },
      { modelVersionId: candidate, weight: split },
    ],
    ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
  };
  const { createExperiment: experiment } = await api.execute(CreateExperimentDocument, { input });
  if (values.json) {
    printJson(io, experiment);
    return 0;
  }
  println(io, `started experiment "${experiment.name}" (${experiment.id}), ${experiment.mode}`);
  println(io, indent(armsTable(experiment)));
  println(io, `follow it with: vitrina experiment report`);
  return 0;
}

/** `report [<id>] [--json]`: per arm traffic, top-1 accuracy, posteriors and latency; the recommendation. */
async function report(args: string[], io: Io, client: () => VitrinaClient): Promise<number> {
  const { values, positionals } = parseOptions(args, {});
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const api = client();
  const id = positionals[0] ?? (await running(api)).id;
  const { experimentReport: r } = await api.execute(ExperimentReportDocument, { id });
  if (values.json) printJson(io, r);
  else printReport(io, r);
  return 0;
}

/** `weights [<id>] <arm>=<weight> ...`: new relative weights; only users at the margins change arm. */
async function weights(args: string[], io: Io, client: () => VitrinaClient): Promise<number> {
  const { values, positionals } = parseOptions(args, {});
  const [first, ...others] = positionals;
  const named = first !== undefined && !first.includes('='); // else: the running experiment
  const pairs = named ? others : positionals;
  if (pairs.length === 0) throw new UsageError('weights needs <arm>=<weight> pairs, e.g. control=90 candidate=10');
  const given = pairs.map((pair) => {
    const match = /^([^=]+)=(.+)$/.exec(pair);
    if (!match) throw new UsageError(`"${pair}" is not <arm>=<weight>`);
    const weight = decimal(match[2], `the weight of ${match[1]}`)!;
    if (weight < 0) throw new UsageError(`the weight of ${match[1]} must be ≥ 0`);
    return { arm: match[1]!, weight };
  });
  if (new Set(given.map((w) => w.arm)).size !== given.length) throw new UsageError('each arm may be named once');
  const api = client();
  const id = named ? first : (await running(api)).id;
  const { setExperimentWeights: experiment } = await api.execute(SetExperimentWeightsDocument, { id, weights: given });
  if (values.json) printJson(io, experiment);
  else {
    println(io, `new weights for experiment "${experiment.name}" (${experiment.id})`);
    println(io, indent(armsTable(experiment)));
  }
  return 0;
}

/**
 * `stop [<id>] [--promote <version id | arm> | --promote-winner]`: stop the experiment, keeping
 * the active version or activating one of its arms (the report's recommendation with
 * --promote-winner, refused when it recommends none).
 */
async function stop(args: string[], io: Io, client: () => VitrinaClient): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    promote: { type: 'string' },
    'promote-winner': { type: 'boolean' },
  });
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  if (values.promote !== undefined && values['promote-winner'])
    throw new UsageError('give --promote <version id> or --promote-winner, not both');
  const api = client();
  const experiment = positionals[0]
    ? (await api.execute(ExperimentDocument, { id: positionals[0] })).experiment
    : await running(api);
  let promote: string | undefined;
  if (values['promote-winner']) {
    const { experimentReport: r } = await api.execute(ExperimentReportDocument, { id: experiment.id });
    if (!r.recommendedModelVersion)
      throw new Error(
        `the report recommends no version (${r.recommendation}: ${r.reason}); stop without promoting, or choose one with --promote`,
      );
    promote = r.recommendedModelVersion.id;
  } else if (values.promote !== undefined) {
    // An arm's name stands for its version; anything else goes to the API as a version id.
    promote = experiment.arms.find((a) => a.name === values.promote)?.modelVersion.id ?? values.promote;
  }
  const { stopExperiment: stopped } = await api.execute(StopExperimentDocument, {
    id: experiment.id,
    promoteModelVersionId: promote ?? null,
  });
  if (values.json) {
    printJson(io, stopped);
    return 0;
  }
  const promoted = stopped.arms.find((a) => a.modelVersion.id === stopped.promotedVersionId);
  println(
    io,
    `stopped experiment "${stopped.name}" (${stopped.id}); ${
      promoted
        ? `now serving ${promoted.modelVersion.name} (${promoted.modelVersion.id}), arm ${promoted.name}`
        : 'the active version is unchanged'
    }`,
  );
  return 0;
}

/** The experiment that is running now (at most one runs at a time). */
async function running(api: VitrinaClient): Promise<ExperimentFieldsFragment> {
  const { experiments } = await api.execute(ExperimentsDocument, {});
  const found = experiments.find((e) => e.status === 'RUNNING');
  if (!found) throw new Error('no experiment is running; name one (vitrina experiment list shows them all)');
  return found;
}

function printReport(io: Io, r: Report): void {
  const e = r.experiment;
  const promoted = e.arms.find((a) => a.modelVersion.id === e.promotedVersionId);
  const when =
    e.status === 'RUNNING'
      ? `running since ${date(e.createdAt)}`
      : `stopped ${date(e.stoppedAt)}${promoted ? `, ${promoted.modelVersion.name} promoted` : ''}`;
  println(io, `experiment "${e.name}" (${e.id}): ${e.mode}, ${when}`);
  println(io, indent(table([REPORT_HEADER, ...r.arms.map(reportRow)])));
  const ratio = r.sampleRatio;
  println(
    io,
    ratio === null
      ? `sample ratio: not checked (${e.mode === 'SPLIT' ? 'fewer than 20 users so far' : 'split experiments only'})`
      : `sample ratio: ${ratio.mismatch ? 'MISMATCH, users do not split as designed' : 'ok'} (chi-square ${ratio.chiSquare.toFixed(2)}, p = ${ratio.pValue.toPrecision(3)})`,
  );
  println(
    io,
    `judged searches: ${Math.round(r.sampleProgress * 100)}% of minSamples (${e.settings.minSamples ?? '-'}) per arm`,
  );
  println(io, `recommendation: ${r.recommendation}`);
  println(io, `  ${r.reason}`);
  if (e.status === 'RUNNING' && r.recommendedModelVersion) {
    const v = r.recommendedModelVersion;
    const verb = r.recommendation === 'PROMOTE' ? 'promote' : 'keep';
    println(io, `  ${verb} ${v.name} (${v.id}) with: vitrina experiment stop ${e.id} --promote-winner`);
  }
}

const percent = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? '-' : `${(x * 100).toFixed(digits)}%`;

const indent = (text: string) => text.replace(/^/gm, '  ');

const REPORT_HEADER = [
  'ARM',
  'VERSION',
  'SHARE',
  'SEARCHES',
  'USERS',
  'JUDGED',
  'TOP-1 (95% CI)',
  'P(BEAT CONTROL)',
  'EXP. LOSS',
  'P50 MS',
  'P99 MS',
  'FAILURES',
];

const reportRow = (a: ArmReportFieldsFragment) => [
  a.arm.name,
  a.modelVersion.name,
  percent(a.share),
  String(a.searches),
  String(a.users),
  String(a.judged),
  a.accuracy === null ? '-' : `${percent(a.accuracy)} (${percent(a.accuracyLow)}–${percent(a.accuracyHigh)})`,
  fixed(a.probabilityToBeatControl),
  fixed(a.expectedLoss, 4),
  fixed(a.latencyP50Ms, 1),
  fixed(a.latencyP99Ms, 1),
  String(a.failures),
];

/** The arms with their shares of traffic (weights are relative). */
function armsTable(e: ExperimentFieldsFragment): string {
  const total = e.arms.reduce((sum, a) => sum + a.weight, 0);
  return table([
    ['ARM', 'VERSION', 'ID', 'SHARE'],
    ...e.arms.map((a) => [a.name, a.modelVersion.name, a.modelVersion.id, percent(total > 0 ? a.weight / total : 0)]),
  ]);
}

const LIST_HEADER = ['ID', 'NAME', 'MODE', 'STATUS', 'ARMS', 'CREATED', 'STOPPED', 'PROMOTED'];

function listRow(e: ExperimentFieldsFragment): string[] {
  const total = e.arms.reduce((sum, a) => sum + a.weight, 0);
  return [
    e.id,
    e.name,
    e.mode,
    e.status,
    e.arms.map((a) => `${a.name}=${a.modelVersion.name} ${percent(total > 0 ? a.weight / total : 0, 0)}`).join(', '),
    date(e.createdAt),
    date(e.stoppedAt),
    e.arms.find((a) => a.modelVersion.id === e.promotedVersionId)?.modelVersion.name ?? '-',
  ];
}
