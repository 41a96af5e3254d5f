/**
 * What do gallery views add to the learning loop? On COIL-100 objects, through the GraphQL API of
 * a real vitrina (embedded database, built-in encoder), on one set of feedback:
 *  1. the catalog holds one studio view (0°) per object; held-out top-1 is measured on shopper
 *     photos of views never used in feedback (the learning-loop benchmark's protocol);
 *  2. a shopper (one user key) searches photos of the feedback views and judges the results;
 *     every confirmed photo waits in the review queue, and an admin accepts them all
 *     (`galleryViews` → `reviewGalleryView`; duplicates and the per-product cap apply);
 *  3. an admin trains on the same feedback; the new version serves the gallery, and
 *     `copyModelVersion(servesGallery: false)` makes the same adapter without it;
 *  4. held-out top-1 for four arms: base (before any feedback), adapter only, gallery only (the
 *     base version with the accepted views), both;
 *  5. poisoning: another user confirms a wrong product for 50 photos; with the default policy,
 *     the others' held-out top-1 (arm "both") before and after.
 * Usage: node --import tsx bench/gallery.ts [--dataset dir] [--views 30,90,150,210,270,330]
 *        [--variants 2] [--held-out-variants 6] [--seed 7]
 * Writes bench/results/gallery(.<dataset>)(.views-<views>).{json,md} (the suffixes for other data or views).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildQueries, type Query } from './retrieval.js';
import { galleryProtocol, HELD_OUT_VIEWS } from './gallery-protocol.js';
import {
  activate,
  collectFeedback,
  heldOutTop1,
  openCoilShop,
  searchPhoto,
  train,
  type CoilShop,
} from './coil-loop.js';

const { dataset, feedbackViews, variants, heldOutVariants, seed, suffix } = galleryProtocol();
const POISONED_PHOTOS = 50;
const root = path.resolve(import.meta.dirname, '..');
const started = performance.now();

const shop = await openCoilShop(dataset);
const { admin, objects, productOf } = shop;

/** Latencies (ms) of `searches` made one after another until `until` settles (or `count` are made). */
async function searchLatencies(probe: Query[], until: Promise<unknown> | null, count = 100): Promise<number[]> {
  const client = await shop.client('SERVICE', 'telegram:500');
  let done = false;
  void until?.finally(() => (done = true));
  const times: number[] = [];
  for (let i = 0; until ? !done : i < count; i++) {
    const t0 = performance.now();
    await searchPhoto(client, probe[i % probe.length]!);
    times.push(performance.now() - t0);
  }
  return times;
}

function percentiles(times: number[]): { searches: number; p50: number; p99: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
  return { searches: sorted.length, p50: at(0.5), p99: at(0.99), max: at(1) };
}

/** Every pending view accepted by the admin; what the policy made of them, by status. */
async function acceptAll(): Promise<Record<string, number>> {
  for (;;) {
    const { galleryViews } = await admin.request<{ galleryViews: { nodes: Array<{ id: string }> } }>(
      '{ galleryViews(status: PENDING, first: 100) { nodes { id } } }',
    );
    if (galleryViews.nodes.length === 0) break;
    for (const view of galleryViews.nodes) {
      await admin.request('mutation($id: ID!) { reviewGalleryView(id: $id, accept: true) { id } }', { id: view.id });
    }
  }
  const counts: Record<string, number> = {};
  for (const status of ['ACCEPTED', 'REJECTED']) {
    const { galleryViews } = await admin.request<{ galleryViews: { totalCount: number } }>(
      `{ galleryViews(status: ${status}) { totalCount } }`,
    );
    counts[status] = galleryViews.totalCount;
  }
  return counts;
}

/** One user confirms, for photos of each object, the product of the next object: all wrong. */
async function poison(shopState: CoilShop): Promise<number> {
  const liar = await shopState.client('SERVICE', 'telegram:666');
  const photos = await buildQueries(objects, [90, 270], 1, seed + 2000, undefined, dataset);
  let given = 0;
  for (const photo of photos.slice(0, POISONED_PHOTOS)) {
    const search = await searchPhoto(liar, photo);
    const wrong = productOf.get(objects[(objects.indexOf(photo.object) + 1) % objects.length]!)!;
    await liar.request('mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }', {
      input: { searchId: search.id, productId: wrong, verdict: 'CORRECT_PRODUCT' },
    });
    given++;
  }
  return given;
}

const heldOut = await buildQueries(objects, HELD_OUT_VIEWS, heldOutVariants, seed + 1000, undefined, dataset);
const { activeModelVersion: base } = await admin.request<{ activeModelVersion: { id: string; name: string } }>(
  '{ activeModelVersion { id name } }',
);
const baseTop1 = await heldOutTop1(shop, heldOut);
console.log(`base ${base.name}: held-out top-1 ${baseTop1} (${heldOut.length} queries)`);

const feedback = await collectFeedback(shop, { views: feedbackViews, variants, seed, dataset });
console.log(`feedback: ${feedback.searches} searches, ${JSON.stringify(feedback.feedback)}`);
// Searches while the views are accepted (each one written to the serving version's index) and,
// for comparison, the same searches on a quiet server.
const probe = heldOut.slice(0, 20);
const quiet = percentiles(await searchLatencies(probe, null, 200));
const accepting = acceptAll();
const duringAcceptance = percentiles(await searchLatencies(probe, accepting));
const gallery = await accepting;
console.log(
  `gallery: ${JSON.stringify(gallery)}; searches quiet ${JSON.stringify(quiet)}, while accepting ${JSON.stringify(duringAcceptance)}`,
);
const galleryTop1 = await heldOutTop1(shop, heldOut);
console.log(`gallery only (${base.name} with the accepted views): ${galleryTop1}`);

const { run } = await train(shop);
const trained = run.modelVersion!;
const { copyModelVersion: adapterOnly } = await admin.request<{ copyModelVersion: { id: string; name: string } }>(
  'mutation($id: ID!) { copyModelVersion(id: $id, servesGallery: false) { id name } }',
  { id: trained.id },
);
await shop.vitrina.worker!.drain(300_000);
await activate(shop, adapterOnly.id);
const adapterTop1 = await heldOutTop1(shop, heldOut);
console.log(`adapter only (${adapterOnly.name}): ${adapterTop1}`);
await activate(shop, trained.id);
const bothTop1 = await heldOutTop1(shop, heldOut);
console.log(`both (${trained.name}): ${bothTop1}`);

const poisoned = await poison(shop);
const afterPoison = await heldOutTop1(shop, heldOut);
const { galleryViews: pendingAfterPoison } = await admin.request<{ galleryViews: { totalCount: number } }>(
  '{ galleryViews(status: PENDING) { totalCount } }',
);
console.log(
  `poisoning: ${poisoned} wrong confirmations, ${pendingAfterPoison.totalCount} views pending; both ${bothTop1} → ${afterPoison}`,
);

const points = (x: number) => `${x >= baseTop1 ? '+' : ''}${Math.round((x - baseTop1) * 1000) / 10} points`;
const report = {
  benchmark: 'gallery',
  dataset: path.basename(dataset),
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  protocol: {
    catalogView: 0,
    feedbackViews,
    heldOutViews: HELD_OUT_VIEWS,
    variants,
    heldOutVariants,
    seed,
  },
  objects: objects.length,
  feedback,
  gallery,
  searchLatencyMs: { quiet, duringAcceptance },
  training: { examplesUsed: run.examplesUsed, metricsBefore: run.metricsBefore, metricsAfter: run.metricsAfter },
  heldOut: {
    queries: heldOut.length,
    base: baseTop1,
    adapterOnly: adapterTop1,
    galleryOnly: galleryTop1,
    both: bothTop1,
  },
  poisoning: {
    wrongConfirmations: poisoned,
    pendingViews: pendingAfterPoison.totalCount,
    bothBefore: bothTop1,
    bothAfter: afterPoison,
  },
  totalSeconds: Math.round((performance.now() - started) / 100) / 10,
};
const table = [
  `Dataset ${report.dataset}: ${objects.length} objects, catalog = the 0° view, feedback on views ${feedbackViews.join('/')}° (${variants} shopper photos each, one user), held-out views ${HELD_OUT_VIEWS.join('/')}° (${heldOutVariants} shopper photos each).`,
  '',
  `| arm (same feedback) | held-out top-1 (${heldOut.length} searches over the API) |`,
  '|---|---:|',
  `| base version, no feedback | ${baseTop1} |`,
  `| adapter only (trained version, copy without gallery views) | ${adapterTop1} (${points(adapterTop1)}) |`,
  `| gallery only (base version with the accepted views) | ${galleryTop1} (${points(galleryTop1)}) |`,
  `| both (trained version with the gallery views) | ${bothTop1} (${points(bothTop1)}) |`,
  '',
  `Feedback: ${feedback.searches} searches → ${feedback.feedback.CORRECT} CORRECT, ${feedback.feedback.INCORRECT} INCORRECT, ${feedback.feedback.CORRECT_PRODUCT} CORRECT_PRODUCT. Review: every proposed view accepted by the admin → ${gallery.ACCEPTED} accepted, ${gallery.REJECTED} rejected (duplicates, or beyond the cap of views per product). Training: ${run.examplesUsed} examples.`,
  '',
  `Searches while the admin accepted the views (one client, one search after another): p50 ${duringAcceptance.p50} ms, p99 ${duringAcceptance.p99} ms, max ${duringAcceptance.max} ms over ${duringAcceptance.searches} searches, 0 errors; on a quiet server p50 ${quiet.p50} ms, p99 ${quiet.p99} ms, max ${quiet.max} ms.`,
  '',
  `Poisoning: one user confirmed the wrong product for ${poisoned} photos; with the default policy their ${pendingAfterPoison.totalCount} views wait for review, and held-out top-1 (arm "both") went ${bothTop1} → ${afterPoison}.`,
].join('\n');
console.log(table);
await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
await fs.writeFile(path.join(root, `bench/results/gallery${suffix}.json`), `${JSON.stringify(report, null, 2)}\n`);
await fs.writeFile(path.join(root, `bench/results/gallery${suffix}.md`), `${table}\n`);
await shop.stop();
