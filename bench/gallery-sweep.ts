/**
 * Which parts of the gallery benchmark's result are the data, and which are our choices? The
 * gallery benchmark's protocol (bench/gallery.ts: catalog = the 0° view, one user's feedback on
 * shopper photos of the feedback views, held-out photos of other views), without the server:
 * the built-in encoder embeds the photos once, verdicts come from the base ranking as the
 * simulated shopper gives them, the gallery is filled by the server's own policy (`place`), and
 * the adapter is trained by the server's own trainer. Then, over the same embeddings:
 *  - product scoring: the server's rule (a product scores its best entry) beside two rules that
 *    count agreeing neighbours (the mean of its best 3 entries; a vote of the 10 nearest entries);
 *  - the cap of views per product (the default, and none);
 *  - training: the spec's defaults (3 epochs), and training until validation stops improving.
 * Each for two draws of held-out photos, so that a difference smaller than the draws' spread is
 * not read as a gain. Minutes, not the API: for trying ideas, not for the issue's figures.
 * Usage: node --import tsx bench/gallery-sweep.ts [--dataset dir] [--views 15,45,…] [--variants 2]
 *        [--held-out-variants 6] [--seed 7]
 * Writes bench/results/gallery-sweep(.<dataset>)(.views-<views>).{json,md}.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BuiltinEncoder } from '../src/ml/builtin/builtin-encoder.js';
import { DEFAULT_GALLERY_POLICY, place } from '../src/services/gallery-policy.js';
import { applyAdapter, type Adapter } from '../src/trainer/adapter.js';
import type { TrainingData } from '../src/trainer/data.js';
import { dot } from '../src/trainer/evaluate.js';
import { trainAdapter, type TrainingParams } from '../src/trainer/train.js';
import { buildQueries, objectIds, viewFile } from './retrieval.js';
import { galleryProtocol, HELD_OUT_VIEWS } from './gallery-protocol.js';
import { LIMIT } from './coil-loop.js';

const { dataset, feedbackViews, variants, heldOutVariants, seed, suffix } = galleryProtocol();
const started = performance.now();

type Photo = { product: number; vector: Float32Array };
type Entry = Photo & { gallery: boolean };
/** Scores every product (index) for a query, from the entries of a version's index. */
type Scoring = (query: Float32Array, entries: readonly Entry[], products: number) => Float64Array;

const encoder = new BuiltinEncoder();
const objects = await objectIds(dataset);
const embed = async (views: number[], photoSeed: number, perView = variants): Promise<Photo[]> => {
  const photos = await buildQueries(objects, views, perView, photoSeed, undefined, dataset);
  const vectors = await encoder.embedImages(photos.map((p) => p.image));
  return photos.map((p, i) => ({ product: objects.indexOf(p.object), vector: vectors[i]! }));
};
const catalogImages = await Promise.all(objects.map((o) => fs.readFile(viewFile(o, 0, dataset))));
const catalog: Entry[] = (await encoder.embedCatalogImages(catalogImages)).map((vector, product) => ({
  product,
  vector,
  gallery: false,
}));
const feedback = await embed(feedbackViews, seed);
// bench/gallery.ts's held-out photos, and a second draw of the same views.
const draws = {
  'held-out photos': await embed(HELD_OUT_VIEWS, seed + 1000, heldOutVariants),
  'second draw': await embed(HELD_OUT_VIEWS, seed + 3000, heldOutVariants),
};

const best: Scoring = (query, entries, products) => {
  const scores = new Float64Array(products).fill(-Infinity);
  for (const e of entries) scores[e.product] = Math.max(scores[e.product]!, dot(query, e.vector));
  return scores;
};
const meanOfBest =
  (k: number): Scoring =>
  (query, entries, products) => {
    const perProduct: number[][] = Array.from({ length: products }, () => []);
    for (const e of entries) perProduct[e.product]!.push(dot(query, e.vector));
    return Float64Array.from(perProduct, (s) => {
      const top = s.sort((a, b) => b - a).slice(0, k);
      return top.reduce((a, b) => a + b, 0) / top.length;
    });
  };
const vote =
  (k: number, temperature: number): Scoring =>
  (query, entries, products) => {
    const nearest = entries
      .map((e) => ({ product: e.product, s: dot(query, e.vector) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, k);
    const scores = new Float64Array(products);
    for (const n of nearest) scores[n.product]! += Math.exp((n.s - nearest[0]!.s) / temperature);
    return scores;
  };
const SCORINGS: Record<string, Scoring> = {
  'best entry (served)': best,
  'mean of best 3': meanOfBest(3),
  'vote of 10 nearest': vote(10, 0.02),
};

function top1(queries: readonly Photo[], entries: readonly Entry[], scoring: Scoring, adapter: Adapter | null): number {
  const map = (v: Float32Array) => (adapter ? applyAdapter(adapter, v) : v);
  const mapped = entries.map((e) => ({ ...e, vector: map(e.vector) }));
  let hits = 0;
  for (const q of queries) {
    const scores = scoring(map(q.vector), mapped, objects.length);
    if (scores.every((s, p) => p === q.product || s < scores[q.product]!)) hits++;
  }
  return Math.round((hits / queries.length) * 1000) / 1000;
}

/** The shopper's verdicts on the base ranking (bench/coil-loop.ts `judge`), as training data. */
function trainingData(): TrainingData {
  const examples = feedback.map((photo, query) => {
    const scores = best(photo.vector, catalog, objects.length);
    const ranked = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]!).slice(0, LIMIT);
    const rank = ranked.indexOf(photo.product);
    return {
      query,
      searchId: `search-${query}`,
      positive: photo.product,
      negatives: rank < 0 ? ranked : ranked.slice(0, rank),
    };
  });
  const queries = feedback.map((p) => p.vector);
  const images = catalog.map((c) => ({ product: c.product, vector: c.vector }));
  return { dim: encoder.dim, queries, examples, catalog: images, productCount: objects.length };
}

/** Every confirmed photo accepted by an admin, placed by the server's policy with this cap. */
function gallery(maxViewsPerProduct: number): Entry[] {
  const policy = { ...DEFAULT_GALLERY_POLICY, maxViewsPerProduct };
  const views = new Map<number, Array<{ id: string; embedding: Float32Array }>>();
  feedback.forEach((photo, i) => {
    const own = views.get(photo.product) ?? [];
    const placement = place(photo.vector, own, [catalog[photo.product]!.vector], policy);
    if (placement.kind === 'reject') return;
    if (placement.kind === 'replace')
      own.splice(
        own.findIndex((v) => v.id === placement.replaced),
        1,
      );
    own.push({ id: String(i), embedding: photo.vector });
    views.set(photo.product, own);
  });
  return [...views].flatMap(([product, own]) => own.map((v) => ({ product, vector: v.embedding, gallery: true })));
}

const TRAINING: Record<string, Partial<TrainingParams>> = {
  'spec defaults (3 epochs)': {},
  'until validation stops (≤ 20 epochs)': { epochs: 20 },
};
const CAPS = {
  [`cap ${DEFAULT_GALLERY_POLICY.maxViewsPerProduct}`]: DEFAULT_GALLERY_POLICY.maxViewsPerProduct,
  'no cap': Infinity,
};

type Row = {
  training: string;
  cap: string;
  scoring: string;
  draw: string;
  base: number;
  adapter: number;
  gallery: number;
  both: number;
};
const rows: Row[] = [];
const data = trainingData();
for (const [training, params] of Object.entries(TRAINING)) {
  const { adapter, epochsRun } = await trainAdapter(data, params);
  console.log(`${training}: ${epochsRun} epochs`);
  for (const [cap, max] of Object.entries(CAPS)) {
    const entries = [...catalog, ...gallery(max)];
    for (const [scoring, score] of Object.entries(SCORINGS)) {
      for (const [draw, heldOut] of Object.entries(draws)) {
        const row = {
          training,
          cap,
          scoring,
          draw,
          base: top1(heldOut, catalog, best, null),
          adapter: top1(heldOut, catalog, best, adapter),
          gallery: top1(heldOut, entries, score, null),
          both: top1(heldOut, entries, score, adapter),
        };
        rows.push(row);
        console.log(JSON.stringify(row));
      }
    }
  }
}

const table = [
  `Dataset ${path.basename(dataset)}: ${objects.length} objects, catalog = the 0° view, feedback on views ${feedbackViews.join('/')}° (${variants} shopper photos each), held-out views ${HELD_OUT_VIEWS.join('/')}° (${draws['held-out photos'].length} photos per draw). Offline: the built-in encoder, the server's gallery policy and trainer, no API.`,
  '',
  '| training | cap | product scoring | held-out draw | base | adapter | gallery | both |',
  '|---|---|---|---|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.training} | ${r.cap} | ${r.scoring} | ${r.draw} | ${r.base} | ${r.adapter} | ${r.gallery} | ${r.both} |`,
  ),
].join('\n');
console.log(table);
const report = {
  benchmark: 'gallery-sweep',
  dataset: path.basename(dataset),
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  protocol: { catalogView: 0, feedbackViews, heldOutViews: HELD_OUT_VIEWS, variants, heldOutVariants, seed },
  rows,
  totalSeconds: Math.round((performance.now() - started) / 100) / 10,
};
const out = path.resolve(import.meta.dirname, 'results');
await fs.writeFile(path.join(out, `gallery-sweep${suffix}.json`), `${JSON.stringify(report, null, 2)}\n`);
await fs.writeFile(path.join(out, `gallery-sweep${suffix}.md`), `${table}\n`);
