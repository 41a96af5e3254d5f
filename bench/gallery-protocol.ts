/**
 * The gallery benchmarks' protocol, shared by bench/gallery.ts (through the API) and
 * bench/gallery-sweep.ts (offline) so that their numbers compare: the command line, the views
 * and the result files' names.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DATASET } from './retrieval.js';

/** The learning-loop benchmark's feedback views: results for others get their own file. */
const DEFAULT_VIEWS = '15,45,75,105,135,165,195,225,255,285,315,345';
export const HELD_OUT_VIEWS = [60, 120, 180, 240, 300];

export type GalleryProtocol = {
  dataset: string;
  feedbackViews: number[];
  /** Shopper photos per feedback view. */
  variants: number;
  /**
   * Shopper photos per held-out view. Six, not the learning benchmark's two: with two (300 photos),
   * a second draw moved gallery-only by 3 points (bench/gallery-sweep.ts), more than the arms differ.
   */
  heldOutVariants: number;
  seed: number;
  /** Of the result files: `.<dataset>` for other data, `.views-<views>` for other feedback views. */
  suffix: string;
};

/** The protocol from the command line: [--dataset dir] [--views 15,45,…] [--variants 2] [--held-out-variants 6] [--seed 7]. */
export function galleryProtocol(): GalleryProtocol {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string', default: process.env.VITRINA_COIL_DIR ?? DATASET },
      views: { type: 'string', default: DEFAULT_VIEWS },
      variants: { type: 'string', default: '2' },
      'held-out-variants': { type: 'string', default: '6' },
      seed: { type: 'string', default: '7' },
    },
  });
  const dataset = path.resolve(values.dataset);
  const feedbackViews = values.views.split(',').map(Number);
  const suffix =
    (path.basename(dataset) === 'coil100-dev' ? '' : `.${path.basename(dataset)}`) +
    (values.views === DEFAULT_VIEWS ? '' : `.views-${feedbackViews.join('-')}`);
  return {
    dataset,
    feedbackViews,
    variants: Number(values.variants),
    heldOutVariants: Number(values['held-out-variants']),
    seed: Number(values.seed),
    suffix,
  };
}
