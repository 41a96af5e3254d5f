/**
 * Can an admin trust vitrina's A/B verdicts, however often they are read? On COIL-100, with a
 * real vitrina (embedded database, built-in encoder):
 *  1. a candidate version is trained on shoppers' feedback, as in the learning-loop benchmark,
 *     and an exact copy of it is made (same adapter weights) for A/A tests;
 *  1b. assignment: 1,000 users on a 50/50 split search twice through the API, then 90/10;
 *  2. outcomes: every shopper photo of the held-out views is searched through the API once with
 *     each version active, recording whether the version ranks the right product first;
 *  3. simulated experiments on those outcomes (bench/ab-simulation.ts: production assignment,
 *     production `compareArms` + `recommend`, 80% of searches judged, the report read every 25
 *     searches), each decided by the OLD rule (P(lift > minLift) ≥ 0.95, one look's rule) and the
 *     NEW one (always-valid lift interval above minLift, src/stats/sequential.ts) on the same runs:
 *     - **identical versions** (A/A): `--runs` experiments of `--horizon` searches, and
 *       `--long-runs` of `--long-horizon` (longer monitoring, more looks): how often is a version
 *       falsely promoted at the end, and at any look?
 *     - **better candidate** (base vs candidate): `--runs` experiments read until both rules
 *       promote: searches to promotion under each rule;
 *     simulating is what makes hundreds of experiments affordable (the API costs ~70 ms a search);
 *  4. **better candidate through the API**: one 50/50 SPLIT of base vs candidate, simulated shoppers
 *     searching and judging over GraphQL, the report read every 25 searches until it recommends
 *     promotion (the new rule, as the server runs it);
 *  5. routing cost: `route()` per call, and searchByImage latency with and without a running split.
 * Usage: node --import tsx bench/ab-experiment.ts [--dataset dir] [--runs 200] [--horizon 500]
 *   [--long-runs 100] [--long-horizon 3000] [--seed 7]
 * Writes bench/results/ab-experiment.{json,md}.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ModelVersion } from '../src/entities/model-version.entity.js';
import type { VitrinaClient } from '../src/client/graphql-client.js';
import { DEFAULT_SETTINGS } from '../src/services/experiment-settings.js';
import { buildQueries, DATASET, rng } from './retrieval.js';
import { judge, openCoilShop, searchPhoto, trainOnFeedback } from './coil-loop.js';
import { falsePromotions, searchesToPromotion, simulateRun, type Outcomes } from './ab-simulation.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: process.env.VITRINA_COIL_DIR ?? DATASET },
    runs: { type: 'string', default: '200' },
    horizon: { type: 'string', default: '500' },
    'long-runs': { type: 'string', default: '100' },
    'long-horizon': { type: 'string', default: '3000' },
    seed: { type: 'string', default: '7' },
  },
});
const dataset = path.resolve(values.dataset!);
const runs = Number(values.runs);
const horizon = Number(values.horizon);
const longRuns = Number(values['long-runs']);
const longHorizon = Number(values['long-horizon']);
const seed = Number(values.seed);
const root = path.resolve(import.meta.dirname, '..');
const FEEDBACK_VIEWS = [15, 45, 75, 105, 135, 165, 195, 225, 255, 285, 315, 345];
const HELD_OUT_VIEWS = [60, 120, 180, 240, 300];
const USERS = 150;
const FEEDBACK_SHARE = 0.8;
const LOOK_EVERY = 25;
const MIN_SAMPLES = 100;
const BETTER_MAX_SEARCHES = 4000;
const SIMULATED_MAX_SEARCHES = 8000;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

type ArmNumbers = {
  arm: { name: string };
  searches: number;
  users: number;
  judged: number;
  correct: number;
  accuracy: number | null;
  accuracyLow: number;
  accuracyHigh: number;
  probabilityToBeatControl: number | null;
  probabilityOfLift: number | null;
  expectedLoss: number | null;
  liftInterval: { lower: number; upper: number } | null;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
};
type Report = {
  recommendation: string;
  reason: string;
  sampleRatio: { pValue: number; mismatch: boolean } | null;
  arms: ArmNumbers[];
};
const REPORT = `query($id: ID!) { experimentReport(id: $id) { recommendation reason sampleRatio { pValue mismatch }
  arms { arm { name } searches users judged correct accuracy accuracyLow accuracyHigh probabilityToBeatControl
         probabilityOfLift expectedLoss liftInterval { lower upper } latencyP50Ms latencyP99Ms } } }`;

const started = performance.now();
const shop = await openCoilShop(dataset);
const { admin, vitrina } = shop;
const base = await vitrina.services.registry.active();

// 1. The candidate.
const trained = await trainOnFeedback(shop, { views: FEEDBACK_VIEWS, variants: 2, seed, dataset });
const candidateId = trained.run.modelVersion!.id;
console.log(
  `candidate ${trained.run.modelVersion!.name}: run validation top-1 ${r3(trained.run.metricsBefore!.top1)} → ${r3(trained.run.metricsAfter!.top1)}`,
);
// An exact copy of the candidate (same adapter weights), for the A/A test.
const versions = vitrina.dataSource.getRepository(ModelVersion);
const original = await versions.findOneByOrFail({ id: candidateId });
const copy = await versions.save(
  versions.create({
    ...original,
    id: undefined,
    name: `${original.name}-copy`,
    status: 'ready',
    activatedAt: null,
    createdAt: undefined,
  }),
);
await vitrina.services.embeddings.requestCatalogEmbedding();
await vitrina.worker!.drain(300_000);

// Shopper photos of held-out views: the pool simulated traffic draws from.
const pool = await buildQueries(shop.objects, HELD_OUT_VIEWS, 4, seed + 2000, undefined, dataset);
const clients = new Map<string, VitrinaClient>();
async function shopper(user: string): Promise<VitrinaClient> {
  if (!clients.has(user)) clients.set(user, await shop.client('SERVICE', user));
  return clients.get(user)!;
}

type Simulation = {
  searches: number;
  promotedAt: number | null;
  final: Report;
  looks: Array<{ searches: number; recommendation: string; probabilityToBeat: number | null }>;
};

/** One experiment of simulated shoppers over the API, until the report recommends promotion. */
async function simulate(
  controlId: string,
  candidate: string,
  runSeed: number,
  maxSearches: number,
): Promise<Simulation> {
  const { createExperiment } = await admin.request<{ createExperiment: { id: string } }>(
    `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`,
    {
      input: {
        name: `bench ${runSeed}`,
        mode: 'SPLIT',
        arms: [
          { modelVersionId: controlId, weight: 1 },
          { modelVersionId: candidate, weight: 1 },
        ],
        minSamples: MIN_SAMPLES,
      },
    },
  );
  const id = createExperiment.id;
  const random = rng(runSeed);
  const looks: Simulation['looks'] = [];
  let promotedAt: number | null = null;
  let searches = 0;
  let report!: Report;
  while (searches < maxSearches) {
    const user = `sim${runSeed}:${Math.floor(random() * USERS)}`;
    const query = pool[Math.floor(random() * pool.length)]!;
    const client = await shopper(user);
    const result = await searchPhoto(client, query);
    if (random() < FEEDBACK_SHARE) await judge(client, result, shop.productOf.get(query.object)!);
    searches++;
    if (searches % LOOK_EVERY === 0 || searches === maxSearches) {
      ({ experimentReport: report } = await admin.request<{ experimentReport: Report }>(REPORT, { id }));
      looks.push({
        searches,
        recommendation: report.recommendation,
        probabilityToBeat: report.arms[1]!.probabilityToBeatControl,
      });
      if (report.recommendation === 'PROMOTE') {
        promotedAt = searches;
        break;
      }
    }
  }
  await admin.request('mutation($id: ID!) { stopExperiment(id: $id) { id } }', { id });
  return { searches, promotedAt, final: report, looks };
}

// 1b. Assignment through the API: 1,000 users on a 50/50 split search twice, then 90/10, once more.
const { createExperiment: splitting } = await admin.request<{ createExperiment: { id: string } }>(
  `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`,
  {
    input: {
      name: 'assignment',
      mode: 'SPLIT',
      arms: [
        { modelVersionId: base.id, weight: 50 },
        { modelVersionId: candidateId, weight: 50 },
      ],
    },
  },
);
const assignmentUsers = Array.from({ length: 1000 }, (_, i) => `telegram:${10_000 + i}`);
const armsOf = async (): Promise<string[]> => {
  const arms: string[] = [];
  for (const [i, user] of assignmentUsers.entries()) {
    arms.push((await searchPhoto(await shopper(user), pool[i % pool.length]!)).experimentArm!);
  }
  return arms;
};
const firstArms = await armsOf();
const secondArms = await armsOf();
await admin.request(
  `mutation($id: ID!) { setExperimentWeights(id: $id, weights: [{ arm: "control", weight: 90 }, { arm: "candidate", weight: 10 }]) { id } }`,
  { id: splitting.id },
);
const reweighted = await armsOf();
await admin.request('mutation($id: ID!) { stopExperiment(id: $id) { id } }', { id: splitting.id });
const moves = firstArms.map((a, i) => `${a}→${reweighted[i]}`).filter((m) => m.split('→')[0] !== m.split('→')[1]);
const assignment = {
  users: assignmentUsers.length,
  controlShare5050: firstArms.filter((a) => a === 'control').length / assignmentUsers.length,
  sameArmOnSecondSearch: firstArms.filter((a, i) => a === secondArms[i]).length,
  controlShare9010: reweighted.filter((a) => a === 'control').length / assignmentUsers.length,
  moved: moves.length,
  movedCandidateToControl: moves.filter((m) => m === 'candidate→control').length,
};
console.log(`assignment: ${JSON.stringify(assignment)}`);

// 2. Outcomes: does each version rank each pool photo's product first? One search per photo each.
async function rankedFirst(versionId: string): Promise<boolean[]> {
  await admin.request('mutation($id: ID!) { activateModelVersion(id: $id, force: true) { id } }', { id: versionId });
  const client = await shopper('outcomes:1');
  const firsts: boolean[] = [];
  for (const query of pool) {
    const result = await searchPhoto(client, query);
    firsts.push(result.results[0]?.product.id === shop.productOf.get(query.object));
  }
  return firsts;
}
const baseFirsts = await rankedFirst(base.id);
const candidateFirsts = await rankedFirst(candidateId);
const copyFirsts = await rankedFirst(copy.id);
await admin.request('mutation($id: ID!) { activateModelVersion(id: $id, force: true) { id } }', { id: base.id });
const share = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;
const outcomes = {
  poolTop1: { base: r3(share(baseFirsts)), candidate: r3(share(candidateFirsts)), copy: r3(share(copyFirsts)) },
  copyAgreesWithCandidate: copyFirsts.filter((x, i) => x === candidateFirsts[i]).length,
};
console.log(`outcomes: ${JSON.stringify(outcomes)}`);

// 3. Simulated experiments, each decided by the old and the new rule.
const settings = { ...DEFAULT_SETTINGS, minSamples: MIN_SAMPLES };
const traffic = { users: USERS, feedbackShare: FEEDBACK_SHARE, lookEvery: LOOK_EVERY };
function simulateMany(o: Outcomes, count: number, firstSeed: number, maxSearches: number, untilBothPromote: boolean) {
  return Array.from({ length: count }, (_, i) =>
    simulateRun(o, settings, traffic, { seed: firstSeed + i, maxSearches, untilBothPromote }),
  );
}
const aa = falsePromotions(
  simulateMany([candidateFirsts, copyFirsts], runs, seed + 100, horizon, false),
  horizon,
  LOOK_EVERY,
);
console.log(`A/A, ${runs} × ${horizon}: ${JSON.stringify(aa)}`);
const aaLong = falsePromotions(
  simulateMany([candidateFirsts, copyFirsts], longRuns, seed + 10_000, longHorizon, false),
  longHorizon,
  LOOK_EVERY,
);
console.log(`A/A, ${longRuns} × ${longHorizon}: ${JSON.stringify(aaLong)}`);
const betterRuns = simulateMany([baseFirsts, candidateFirsts], runs, seed + 20_000, SIMULATED_MAX_SEARCHES, true);
const betterSimulated = {
  runs,
  maxSearches: SIMULATED_MAX_SEARCHES,
  old: searchesToPromotion(betterRuns.map((r) => r.oldPromotedAt)),
  new: searchesToPromotion(betterRuns.map((r) => r.newPromotedAt)),
};
const slowdown = betterSimulated.old.median ? r3(betterSimulated.new.median! / betterSimulated.old.median) : null;
console.log(`better candidate, simulated: ${JSON.stringify(betterSimulated)}; new/old median ${slowdown}`);

// 4. A truly better candidate, through the API.
const better = await simulate(base.id, candidateId, seed, BETTER_MAX_SEARCHES);
const betterArms = better.final.arms;
console.log(
  `better candidate: ${better.final.recommendation} after ${better.searches} searches; P(beat) ${r3(betterArms[1]!.probabilityToBeatControl!)}; top-1 ${r3(betterArms[0]!.accuracy!)} vs ${r3(betterArms[1]!.accuracy!)}`,
);

// 5. Routing cost, with the candidate serving outside the experiment too (both sides apply an adapter).
await admin.request('mutation($id: ID!) { activateModelVersion(id: $id, force: true) { id } }', { id: candidateId });
const experiments = vitrina.services.experiments;
async function routeMicros(): Promise<number> {
  const calls = 20_000;
  for (let i = 0; i < 1000; i++) await experiments.router.route(`warm:${i}`);
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await experiments.router.route(`user:${i}`);
  return ((performance.now() - t0) * 1000) / calls;
}
async function searchLatencies(count: number): Promise<number[]> {
  const client = await shopper('latency:1');
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await searchPhoto(client, pool[i % pool.length]!);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const routeOff = await routeMicros();
const latencyOff = await searchLatencies(300);
const { createExperiment: routing } = await admin.request<{ createExperiment: { id: string } }>(
  `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`,
  {
    input: {
      name: 'routing cost',
      mode: 'SPLIT',
      arms: [
        { modelVersionId: candidateId, weight: 1 },
        { modelVersionId: copy.id, weight: 1 },
      ],
    },
  },
);
const routeOn = await routeMicros();
const latencyOn = await searchLatencies(300);
await admin.request('mutation($id: ID!) { stopExperiment(id: $id) { id } }', { id: routing.id });

const report = {
  benchmark: 'ab-experiment',
  dataset: path.basename(dataset),
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  protocol: {
    heldOutViews: HELD_OUT_VIEWS,
    photoPool: pool.length,
    users: USERS,
    feedbackShare: FEEDBACK_SHARE,
    lookEvery: LOOK_EVERY,
    minSamples: MIN_SAMPLES,
    horizon,
    runs,
    longHorizon,
    longRuns,
    seed,
  },
  candidate: {
    version: trained.run.modelVersion!.name,
    runTop1Before: trained.run.metricsBefore!.top1,
    runTop1After: trained.run.metricsAfter!.top1,
  },
  assignment,
  outcomes,
  identicalVersions: aa,
  identicalVersionsLong: aaLong,
  betterCandidateSimulated: { ...betterSimulated, newOverOldMedian: slowdown },
  betterCandidateApi: better,
  routing: {
    routeMicrosNoExperiment: r3(routeOff),
    routeMicrosSplit: r3(routeOn),
    searchP50NoExperimentMs: r3(pct(latencyOff, 0.5)),
    searchP50SplitMs: r3(pct(latencyOn, 0.5)),
    searchP99NoExperimentMs: r3(pct(latencyOff, 0.99)),
    searchP99SplitMs: r3(pct(latencyOn, 0.99)),
  },
  totalSeconds: Math.round((performance.now() - started) / 100) / 10,
};
const [c, t] = betterArms;
const rate = (n: number, of: number) => `${n}/${of} (${r3((100 * n) / of)} %)`;
const falseRow = (x: typeof aa) =>
  `| identical versions, ${x.runs} simulated runs × ${x.horizon} searches (${x.looks} looks) | old: ${rate(x.old.atAnyLook, x.runs)} | new: ${rate(x.new.atAnyLook, x.runs)} | old: ${rate(x.old.atEnd, x.runs)} | new: ${rate(x.new.atEnd, x.runs)} |`;
const spread = (x: typeof betterSimulated.old) =>
  `median ${x.median ?? 'never'} (10–90 %: ${x.p10 ?? 'never'}–${x.p90 ?? 'never'}${x.neverPromoted ? `, ${x.neverPromoted} never by ${SIMULATED_MAX_SEARCHES}` : ''})`;
const table = [
  `Dataset ${report.dataset}: ${shop.objects.length} objects, catalog = the 0° view; traffic = ${pool.length} shopper photos of views ${HELD_OUT_VIEWS.join('/')}°, ${USERS} users per run, feedback on ${FEEDBACK_SHARE * 100}% of searches, report read every ${LOOK_EVERY} searches, minSamples ${MIN_SAMPLES} judged searches per arm. Old rule: P(lift > 1 point) ≥ 0.95; new rule: always-valid 95% lift interval above 1 point (SPRT + normal-mixture confidence sequence, clock started at minSamples; src/stats/sequential.ts). Simulated runs replay outcomes measured through the API (top-1 on the pool: base ${outcomes.poolTop1.base}, candidate ${outcomes.poolTop1.candidate}, its copy ${outcomes.poolTop1.copy}) and are decided by the production code.`,
  '',
  '| scenario | false promotion at any look, old rule | new rule | at the end, old rule | new rule |',
  '|---|---|---|---|---|',
  falseRow(aa),
  falseRow(aaLong),
  '',
  '| scenario | result |',
  '|---|---|',
  `| better candidate (${report.candidate.version}) vs base, ${runs} simulated runs: searches to promotion | old rule ${spread(betterSimulated.old)}; new rule ${spread(betterSimulated.new)}; new/old median ${slowdown} |`,
  `| better candidate vs base through the API (new rule) | ${better.final.recommendation} after ${better.searches} searches: top-1 ${r3(t!.accuracy!)} [${r3(t!.accuracyLow)}, ${r3(t!.accuracyHigh)}] vs ${r3(c!.accuracy!)} [${r3(c!.accuracyLow)}, ${r3(c!.accuracyHigh)}], lift interval [${r3(t!.liftInterval?.lower ?? NaN)}, ${r3(t!.liftInterval?.upper ?? NaN)}], P(beat) ${r3(t!.probabilityToBeatControl!)} |`,
  `| assignment, 1,000 users over the API | 50/50: control share ${assignment.controlShare5050}, same arm on a second search ${assignment.sameArmOnSecondSearch}/1000; 90/10: control share ${assignment.controlShare9010}, ${assignment.moved} users moved, ${assignment.movedCandidateToControl} of them candidate → control |`,
  `| routing | route(): ${r3(routeOff)} µs without an experiment, ${r3(routeOn)} µs in a split; searchByImage p50 ${r3(pct(latencyOff, 0.5))} → ${r3(pct(latencyOn, 0.5))} ms, p99 ${r3(pct(latencyOff, 0.99))} → ${r3(pct(latencyOn, 0.99))} ms |`,
].join('\n');
console.log(table);
await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
await fs.writeFile(path.join(root, 'bench/results/ab-experiment.json'), `${JSON.stringify(report, null, 2)}\n`);
await fs.writeFile(path.join(root, 'bench/results/ab-experiment.md'), `${table}\n`);
await shop.stop();
