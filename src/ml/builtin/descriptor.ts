import { l2normalize } from '../encoder.js';
import { colourHistograms, measureExposure } from './colour.js';
import { Correlogram } from './correlogram.js';
import { gradientHistograms } from './gradients.js';
import { normaliseBlock } from './histogram.js';
import { Layout } from './layout.js';
import { ObjectMask } from './mask.js';
import { DEFAULT_PARAMS, type DescriptorParams } from './params.js';
import { Scratch } from './scratch.js';
import { silhouette } from './silhouette.js';

/**
 * The descriptor, for given parameters. Colours live in a CIELAB-like opponent space built on
 * per-channel cube roots of linear light: a per-channel illumination gain is then a constant
 * factor per axis, so it is applied once per image instead of re-converting every pixel.
 *
 * Layout: whole-object colour histogram; colour histograms of the object's top and bottom
 * halves (split at its centroid); gradient-orientation histograms of the two halves; a
 * gradient-magnitude histogram (how smooth or busy the surface is); a colour auto-correlogram
 * (how much each colour comes in solid areas rather than in specks and thin lines, which tells
 * apart products whose colours alone agree); the silhouette (tall or squat, narrow at the top or
 * at the bottom). Nothing depends on left versus right, and only the correlogram (its distances
 * are working pixels) on the object's size in the frame: a product turned on its axis or
 * photographed from further away keeps (nearly) its vector.
 */
export class PixelDescriptor {
  readonly dim: number;
  private readonly layout: Layout;
  private readonly scratch = new Scratch();
  private readonly mask: ObjectMask;
  private readonly correlogram: Correlogram;

  constructor(readonly params: DescriptorParams = DEFAULT_PARAMS) {
    this.layout = new Layout(params);
    this.dim = this.layout.dim;
    this.mask = new ObjectMask(params, this.scratch);
    this.correlogram = new Correlogram(this.layout, params.correlogram.distances, this.scratch);
  }

  describe(rgb: Uint8Array | Buffer, width: number, height: number): Float32Array {
    const n = width * height;
    if (!(width > 0 && height > 0) || rgb.length !== n * 3) {
      throw new Error(`expected ${width}×${height}×3 RGB bytes, got ${rgb.length}`);
    }
    const p = this.params;
    const layout = this.layout;
    this.scratch.ensure(width, height);
    const wSum = this.mask.weigh(rgb, width, height);
    const exposure = measureExposure(rgb, width, height, wSum, p, this.scratch.weight);
    const out = new Float32Array(this.dim);
    colourHistograms(out, layout, p, this.scratch, rgb, width, height, exposure);
    gradientHistograms(out, layout, p, this.scratch, width, height, exposure.cy);
    this.correlogram.write(out, layout.correlogramBase, width, height);
    silhouette(out, layout.shapeBase, this.scratch, p.shape, width, height);
    normaliseBlocks(out, layout, p);
    return l2normalize(out);
  }
}

/**
 * Power-normalise (tames dominant bins, so one big flat colour does not drown the rest) and L2
 * per block, weight the blocks, then L2.
 */
function normaliseBlocks(out: Float32Array, layout: Layout, p: DescriptorParams): void {
  const { colourSize: cs, halfColourSize: hcs, orientationBase, magnitudeBase } = layout;
  const ob = p.orientationBins;
  const wt = p.weights;
  normaliseBlock(out, 0, cs, wt.colour, p.power);
  for (let h = 0; h < 2; h++) {
    normaliseBlock(out, cs + h * hcs, hcs, wt.halfColour, p.power);
    normaliseBlock(out, orientationBase + h * ob, ob, wt.halfOrientation, p.power);
  }
  normaliseBlock(out, magnitudeBase, p.magnitudeBins, wt.magnitude, p.power);
  // The correlogram holds probabilities already: no power.
  normaliseBlock(out, layout.correlogramBase, layout.correlogramSize, wt.correlogram, 1);
  normaliseBlock(out, layout.shapeBase, layout.shapeSize, wt.shape, p.power);
}

/** Shared by describePixels and every BuiltinEncoder on the default parameters. */
export const defaultDescriptor = new PixelDescriptor(DEFAULT_PARAMS);

/** The descriptor of raw RGB pixels (row-major, 3 bytes a pixel), with the default parameters. */
export function describePixels(rgb: Uint8Array | Buffer, width: number, height: number): Float32Array {
  return defaultDescriptor.describe(rgb, width, height);
}
