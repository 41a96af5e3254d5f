/**
 * Does the learning loop pay off? On COIL-100 objects, through the GraphQL API of a real
 * vitrina (embedded database, built-in encoder):
 *  1. the catalog holds one studio view (0°) per object;
 *  2. simulated shoppers search with shopper photos of the *feedback views* (15°, 45°, … 345°)
 *     and judge the results: CORRECT on the right product when it is listed, INCORRECT on the
 *     wrong ones ranked above it, CORRECT_PRODUCT when the right one is missing;
 *  3. an admin trains through `startTraining` and waits for the run;
 *  4. top-1 is measured on *held-out views* (60°, 120°, … 300°, new photos) never used in
 *     feedback, with the base version serving, then with the new one.
 * Usage: node --import tsx bench/learning-loop.ts [--dataset dir] [--variants 2] [--seed 7]
 * Writes bench/results/learning-loop(.<dataset>).{json,md}.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildQueries, DATASET } from './retrieval.js';
import { activate, heldOutTop1, LIMIT, openCoilShop, trainOnFeedback } from './coil-loop.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: process.env.VITRINA_COIL_DIR ?? DATASET },
    variants: { type: 'string', default: '2' },
    seed: { type: 'string', default: '7' },
  },
});
const dataset = path.resolve(values.dataset!);
const variants = Number(values.variants);
const seed = Number(values.seed);
const root = path.resolve(import.meta.dirname, '..');
const FEEDBACK_VIEWS = [15, 45, 75, 105, 135, 165, 195, 225, 255, 285, 315, 345];
const HELD_OUT_VIEWS = [60, 120, 180, 240, 300];
const r3 = (x: number) => Math.round(x * 1000) / 1000;

const started = performance.now();
// 1. Catalog: one 0° studio view per object.
const shop = await openCoilShop(dataset);
const { objects } = shop;

// Held-out photos (their own seed): measured before any feedback.
const heldOut = await buildQueries(objects, HELD_OUT_VIEWS, variants, seed + 1000, undefined, dataset);
const baseTop1 = await heldOutTop1(shop, heldOut);
console.log(`base version, held-out top-1: ${baseTop1} (${heldOut.length} queries)`);

// 2–3. Shoppers' feedback on the feedback views, then training on it.
const trained = await trainOnFeedback(shop, { views: FEEDBACK_VIEWS, variants, seed, dataset });
const { run, feedback } = trained;
const trainSeconds = trained.wallSeconds;
console.log(`feedback: ${trained.searches} searches, ${JSON.stringify(feedback)}`);
console.log(
  `training: ${run.examplesUsed} examples, ${trainSeconds.toFixed(1)} s, before ${JSON.stringify(run.metricsBefore)}, after ${JSON.stringify(run.metricsAfter)}`,
);

// 4. The new version on the held-out views.
await activate(shop, run.modelVersion!.id);
const trainedTop1 = await heldOutTop1(shop, heldOut);
console.log(`trained version ${run.modelVersion!.name}, held-out top-1: ${trainedTop1}`);

const gain = Math.round((trainedTop1 - baseTop1) * 1000) / 10;
const internalDirection = Math.sign(
  run.metricsAfter!.top1 - run.metricsBefore!.top1 || run.metricsAfter!.mrr - run.metricsBefore!.mrr,
);
const report = {
  benchmark: 'learning-loop',
  dataset: path.basename(dataset),
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  protocol: {
    catalogView: 0,
    feedbackViews: FEEDBACK_VIEWS,
    heldOutViews: HELD_OUT_VIEWS,
    variants,
    seed,
    limit: LIMIT,
  },
  objects: objects.length,
  feedback: {
    searches: trained.searches,
    top1DuringFeedback: trained.top1,
    ...feedback,
  },
  training: {
    examplesUsed: run.examplesUsed,
    durationMs: run.durationMs,
    wallSeconds: Math.round(trainSeconds * 10) / 10,
    metricsBefore: run.metricsBefore,
    metricsAfter: run.metricsAfter,
  },
  heldOut: { queries: heldOut.length, baseTop1, trainedTop1, gainPoints: gain },
  agreement: {
    heldOutDirection: Math.sign(trainedTop1 - baseTop1),
    metricsAfterDirection: internalDirection,
    agree: Math.sign(trainedTop1 - baseTop1) === internalDirection,
  },
  totalSeconds: Math.round((performance.now() - started) / 100) / 10,
};
const table = [
  `Dataset ${report.dataset}: ${objects.length} objects, catalog = the 0° view, feedback on views ${FEEDBACK_VIEWS.join('/')}°, held-out views ${HELD_OUT_VIEWS.join('/')}° (${variants} shopper photos each).`,
  '',
  '| measure | base version | trained version |',
  '|---|---:|---:|',
  `| held-out top-1 (${heldOut.length} searches over the API) | ${baseTop1} | ${trainedTop1} (${gain >= 0 ? '+' : ''}${gain} points) |`,
  `| run's own validation top-1 / MRR (${run.metricsAfter!.queries} held-out searches of the feedback) | ${r3(run.metricsBefore!.top1)} / ${r3(run.metricsBefore!.mrr)} | ${r3(run.metricsAfter!.top1)} / ${r3(run.metricsAfter!.mrr)} |`,
  '',
  `Feedback: ${trained.searches} searches → ${feedback.CORRECT} CORRECT, ${feedback.INCORRECT} INCORRECT, ${feedback.CORRECT_PRODUCT} CORRECT_PRODUCT. Training: ${run.examplesUsed} examples, ${((run.durationMs ?? 0) / 1000).toFixed(1)} s in the run (${trainSeconds.toFixed(1)} s from startTraining to a ready, indexed version). Directions agree: ${report.agreement.agree}.`,
].join('\n');
console.log(table);
const suffix = path.basename(dataset) === 'coil100-dev' ? '' : `.${path.basename(dataset)}`;
await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
await fs.writeFile(
  path.join(root, `bench/results/learning-loop${suffix}.json`),
  `${JSON.stringify(report, null, 2)}\n`,
);
await fs.writeFile(path.join(root, `bench/results/learning-loop${suffix}.md`), `${table}\n`);
await shop.stop();
