/**
 * Can an admin trust vitrina's A/B verdicts? On COIL-100, through the GraphQL API of a real
 * vitrina (embedded database, built-in encoder):
 *  1. a candidate version is trained on shoppers' feedback, as in the learning-loop benchmark;
 *  1b. assignment: 1,000 users on a 50/50 split search twice through the API, then 90/10;
 *  2. **better candidate**: a 50/50 SPLIT of the base version (control) against it; simulated
 *     shoppers (service key, one end user each) search shopper photos of held-out views and
 *     judge the results (80% of searches get feedback); the report is read every 25 searches
 *     until it recommends promotion;
 *  3. **identical versions** (an A/A test): the same, with the candidate against an exact copy of
 *     itself, for a fixed number of searches, 20 times with different seeds — how often does the
 *     report falsely recommend promotion at the end, and how often at any look along the way?
 *  4. routing cost: `route()` per call, and searchByImage latency with and without a running split.
 * Usage: node --import tsx bench/ab-experiment.ts [--dataset dir] [--runs 20] [--horizon 500] [--seed 7]
 * Writes bench/results/ab-experiment.{json,md}.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ModelVersion } from '../src/entities/model-version.entity.js';
import type { VitrinaClient } from '../src/client/graphql-client.js';
import { buildQueries, DATASET, rng } from './retrieval.js';
import { judge, openCoilShop, searchPhoto, trainOnFeedback } from './coil-loop.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: process.env.VITRINA_COIL_DIR ?? DATASET },
    runs: { type: 'string', default: '20' },
    horizon: { type: 'string', default: '500' },
    seed: { type: 'string', default: '7' },
  },
});
const dataset = path.resolve(values.dataset!);
const runs = Number(values.runs);
const horizon = Number(values.horizon);
const seed = Number(values.seed);
const root = path.resolve(import.meta.dirname, '..');
const FEEDBACK_VIEWS = [15, 45, 75, 105, 135, 165, 195, 225, 255, 285, 315, 345];
const HELD_OUT_VIEWS = [60, 120, 180, 240, 300];
const USERS = 150;
const FEEDBACK_SHARE = 0.8;
const LOOK_EVERY = 25;
const MIN_SAMPLES = 100;
const BETTER_MAX_SEARCHES = 2000;
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
         probabilityOfLift expectedLoss latencyP50Ms latencyP99Ms } } }`;

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
  everPromoted: boolean;
  final: Report;
  looks: Array<{ searches: number; recommendation: string; probabilityToBeat: number | null }>;
};

/** One experiment of simulated traffic; stops early at the first promotion when asked to. */
async function simulate(
  controlId: string,
  candidate: string,
  runSeed: number,
  { stopAtPromotion, maxSearches }: { stopAtPromotion: boolean; maxSearches: number },
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
      if (report.recommendation === 'PROMOTE' && promotedAt === null) {
        promotedAt = searches;
        if (stopAtPromotion) break;
      }
    }
  }
  await admin.request('mutation($id: ID!) { stopExperiment(id: $id) { id } }', { id });
  return { searches, promotedAt, everPromoted: promotedAt !== null, final: report, looks };
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

// 2. A truly better candidate.
const better = await simulate(base.id, candidateId, seed, { stopAtPromotion: true, maxSearches: BETTER_MAX_SEARCHES });
const betterArms = better.final.arms;
console.log(
  `better candidate: ${better.final.recommendation} after ${better.searches} searches; P(beat) ${r3(betterArms[1]!.probabilityToBeatControl!)}; top-1 ${r3(betterArms[0]!.accuracy!)} vs ${r3(betterArms[1]!.accuracy!)}`,
);

// 3. Identical versions, `runs` times.
const identical: Simulation[] = [];
for (let i = 0; i < runs; i++) {
  const result = await simulate(candidateId, copy.id, seed + 100 + i, { stopAtPromotion: false, maxSearches: horizon });
  identical.push(result);
  console.log(
    `A/A run ${i + 1}/${runs}: final ${result.final.recommendation} (P(beat) ${r3(result.final.arms[1]!.probabilityToBeatControl!)}; ${result.final.reason}), ever promoted: ${result.everPromoted}`,
  );
}
const falseAtEnd = identical.filter((r) => r.final.recommendation === 'PROMOTE').length;
const falseAnyLook = identical.filter((r) => r.everPromoted).length;
const srmFlags = identical.filter((r) => r.final.sampleRatio?.mismatch).length;

// 4. Routing cost, with the candidate serving outside the experiment too (both sides apply an adapter).
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
    seed,
  },
  candidate: {
    version: trained.run.modelVersion!.name,
    runTop1Before: trained.run.metricsBefore!.top1,
    runTop1After: trained.run.metricsAfter!.top1,
  },
  assignment,
  betterCandidate: better,
  identicalVersions: {
    runs,
    falsePromotionsAtEnd: falseAtEnd,
    falsePromotionsAtAnyLook: falseAnyLook,
    sampleRatioMismatches: srmFlags,
    finals: identical.map((r) => ({
      recommendation: r.final.recommendation,
      reason: r.final.reason,
      sampleRatio: r.final.sampleRatio,
      probabilityToBeat: r.final.arms[1]!.probabilityToBeatControl,
      accuracies: r.final.arms.map((a) => a.accuracy),
      users: r.final.arms.map((a) => a.users),
      judged: r.final.arms.map((a) => a.judged),
    })),
  },
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
const table = [
  `Dataset ${report.dataset}: ${shop.objects.length} objects, catalog = the 0° view; traffic = ${pool.length} shopper photos of views ${HELD_OUT_VIEWS.join('/')}°, ${USERS} users per run, feedback on ${FEEDBACK_SHARE * 100}% of searches, report read every ${LOOK_EVERY} searches, minSamples ${MIN_SAMPLES} judged searches per arm.`,
  '',
  '| scenario | result |',
  '|---|---|',
  `| better candidate (${report.candidate.version}) vs base | ${better.final.recommendation} after ${better.searches} searches: top-1 ${r3(t!.accuracy!)} [${r3(t!.accuracyLow)}, ${r3(t!.accuracyHigh)}] vs ${r3(c!.accuracy!)} [${r3(c!.accuracyLow)}, ${r3(c!.accuracyHigh)}], P(beat) ${r3(t!.probabilityToBeatControl!)}, expected loss ${r3(t!.expectedLoss!)} |`,
  `| assignment, 1,000 users over the API | 50/50: control share ${assignment.controlShare5050}, same arm on a second search ${assignment.sameArmOnSecondSearch}/1000; 90/10: control share ${assignment.controlShare9010}, ${assignment.moved} users moved, ${assignment.movedCandidateToControl} of them candidate → control |`,
  `| identical versions, ${runs} runs × ${horizon} searches | false promotion at the end: ${falseAtEnd}/${runs}; at any of the ${Math.ceil(horizon / LOOK_EVERY)} looks: ${falseAnyLook}/${runs}; sample-ratio mismatch flagged: ${srmFlags}/${runs} |`,
  `| routing | route(): ${r3(routeOff)} µs without an experiment, ${r3(routeOn)} µs in a split; searchByImage p50 ${r3(pct(latencyOff, 0.5))} → ${r3(pct(latencyOn, 0.5))} ms, p99 ${r3(pct(latencyOff, 0.99))} → ${r3(pct(latencyOn, 0.99))} ms |`,
].join('\n');
console.log(table);
await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
await fs.writeFile(path.join(root, 'bench/results/ab-experiment.json'), `${JSON.stringify(report, null, 2)}\n`);
await fs.writeFile(path.join(root, 'bench/results/ab-experiment.md'), `${table}\n`);
await shop.stop();
