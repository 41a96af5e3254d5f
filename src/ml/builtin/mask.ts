import { CUBE_ROOT } from './colour.js';
import type { DescriptorParams } from './params.js';
import type { Scratch } from './scratch.js';

/** Coarse cube for the background model: hard bins are enough for a likelihood ratio. */
const BG_BITS = 3;
const BG_BINS = 1 << (3 * BG_BITS);
const BG_LEVEL = new Uint16Array(256);
for (let i = 0; i < 256; i++) BG_LEVEL[i] = Math.min((1 << BG_BITS) - 1, Math.floor(CUBE_ROOT[i]! * (1 << BG_BITS)));

/** Below this much object weight (as a share of the pixels) the border model is not trusted. */
const MIN_OBJECT_SHARE = 0.02;
/** Pseudo-count per colour bin when the mask is refined, so that unseen colours stay undecided. */
const REFINE_PSEUDO_COUNT = 0.1;
/** Refined object share of a colour below which it is treated as pure background. */
const NEGLIGIBLE_SHARE = 0.1;

/**
 * How much each pixel belongs to the product rather than to the background, into the scratch's
 * `weight` plane. The histograms weigh pixels by it, so a shopper's backdrop counts for little.
 * Also leaves each pixel's coarse colour in `bin` and the centre prior in `columnPrior` and
 * `rowPrior`, which the silhouette divides back out.
 */
export class ObjectMask {
  private readonly border = new Float32Array(BG_BINS);
  /** Per colour bin, the weight an object pixel of that colour gets. */
  private readonly background = new Float32Array(BG_BINS);
  private readonly objectColours = new Float32Array(BG_BINS);

  constructor(
    private readonly params: DescriptorParams,
    private readonly scratch: Scratch,
  ) {}

  /** Fills the planes for an image (the scratch already sized for it); returns the total weight. */
  weigh(rgb: Uint8Array | Buffer, width: number, height: number): number {
    const n = width * height;
    const p = this.params;
    this.modelBackground(rgb, width, height);
    this.centrePrior(width, height);
    let wSum = this.weighPixels(width, height);
    // The border only sees the background's colours; colours of the object that the border
    // never shows are all it can trust. Refining from the first mask's own colour statistics
    // (object share versus background share of each colour) also rescues object colours that
    // happen to touch the border, and drops background colours that the ring missed.
    for (let pass = 0; pass < p.maskRefinements && wSum >= MIN_OBJECT_SHARE * n; pass++) {
      this.refine(n, wSum);
      wSum = this.weighPixels(width, height);
    }
    if (wSum < MIN_OBJECT_SHARE * n) {
      // Nothing stands out from the border (a plain texture, a close-up filling the frame): then
      // the whole picture is the object.
      this.background.fill(1);
      wSum = this.weighPixels(width, height);
    } else if (p.enclosedBelow > 0) {
      wSum = this.keepEnclosed(width, height);
    }
    return wSum;
  }

  /** How common each colour is on the border ring versus in the whole image. */
  private modelBackground(rgb: Uint8Array | Buffer, width: number, height: number): void {
    const { bin } = this.scratch;
    const n = width * height;
    const border = this.border.fill(0);
    const background = this.background.fill(0);
    const ring = Math.max(1, Math.round(Math.min(width, height) * this.params.borderFraction));
    for (let y = 0, i = 0; y < height; y++) {
      const borderRow = y < ring || y >= height - ring;
      for (let x = 0; x < width; x++, i++) {
        const k =
          (((BG_LEVEL[rgb[i * 3]!]! << BG_BITS) | BG_LEVEL[rgb[i * 3 + 1]!]!) << BG_BITS) | BG_LEVEL[rgb[i * 3 + 2]!]!;
        bin[i] = k;
        background[k]! += 1;
        if (borderRow || x < ring || x >= width - ring) border[k]! += 1;
      }
    }
    let borderCount = 0;
    for (let k = 0; k < BG_BINS; k++) borderCount += border[k]!;
    // A colour as frequent on the border as in the whole image is background (ratio ≥ 1); one
    // never seen on the border is object. Textured backgrounds work too: every one of their
    // colours is on the border.
    for (let k = 0; k < BG_BINS; k++) {
      const all = background[k]!;
      const ratio = all > 0 ? border[k]! / borderCount / (all / n) : 0;
      background[k] = Math.max(0, 1 - this.params.backgroundGain * ratio);
    }
  }

  /** Shoppers centre what they photograph: a separable Gaussian prior around the middle. */
  private centrePrior(width: number, height: number): void {
    const { columnPrior, rowPrior } = this.scratch;
    const p = this.params;
    const sigma2 = 2 * p.centreSigma * p.centreSigma * (width * width + height * height);
    for (let x = 0; x < width; x++)
      columnPrior[x] = p.centreSigma > 0 ? Math.exp(-((x - (width - 1) / 2) ** 2) / sigma2) : 1;
    for (let y = 0; y < height; y++)
      rowPrior[y] = p.centreSigma > 0 ? Math.exp(-((y - (height - 1) / 2) ** 2) / sigma2) : 1;
  }

  private weighPixels(width: number, height: number): number {
    const { weight, bin, columnPrior, rowPrior } = this.scratch;
    const background = this.background;
    let wSum = 0;
    for (let y = 0, i = 0; y < height; y++) {
      const py = rowPrior[y]!;
      for (let x = 0; x < width; x++, i++) {
        const w = background[bin[i]!]! * py * columnPrior[x]!;
        weight[i] = w;
        wSum += w;
      }
    }
    return wSum;
  }

  /** Re-estimates each colour's object weight from the current mask (of total weight `wSum`). */
  private refine(n: number, wSum: number): void {
    const { weight, bin } = this.scratch;
    const background = this.background;
    const object = this.objectColours.fill(0);
    const rest = this.border.fill(0); // the border counts are spent: reuse their array
    for (let i = 0; i < n; i++) {
      object[bin[i]!]! += weight[i]!;
      rest[bin[i]!]! += 1 - weight[i]!;
    }
    const objectTotal = wSum + REFINE_PSEUDO_COUNT * BG_BINS;
    const restTotal = n - wSum + REFINE_PSEUDO_COUNT * BG_BINS;
    for (let k = 0; k < BG_BINS; k++) {
      const f = (object[k]! + REFINE_PSEUDO_COUNT) / objectTotal;
      const b = (rest[k]! + REFINE_PSEUDO_COUNT) / restTotal;
      // Colours that are almost surely background get no weight at all: their pixels are
      // then skipped by the histogram loops, which is most of the frame.
      const share = f / (f + b);
      background[k] = share < NEGLIGIBLE_SHARE ? 0 : share;
    }
  }

  /**
   * Background is what the border reaches through background-coloured pixels; a pixel of a
   * background-like colour that it cannot reach is enclosed by the object and part of it.
   * Re-weighs `weight` and returns the new total.
   */
  private keepEnclosed(width: number, height: number): number {
    const { weight, bin, reached, stack, columnPrior, rowPrior } = this.scratch;
    const background = this.background;
    const limit = this.params.enclosedBelow;
    const n = width * height;
    reached.fill(0, 0, n);
    let top = 0;
    const push = (i: number) => {
      if (reached[i] === 0 && background[bin[i]!]! < limit) {
        reached[i] = 1;
        stack[top++] = i;
      }
    };
    for (let x = 0; x < width; x++) {
      push(x);
      push(n - width + x);
    }
    for (let y = 1; y < height - 1; y++) {
      push(y * width);
      push(y * width + width - 1);
    }
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      if (x > 0) push(i - 1);
      if (x < width - 1) push(i + 1);
      if (i >= width) push(i - width);
      if (i < n - width) push(i + width);
    }
    let wSum = 0;
    for (let y = 0, i = 0; y < height; y++) {
      for (let x = 0; x < width; x++, i++) {
        if (reached[i] === 0) weight[i] = rowPrior[y]! * columnPrior[x]!;
        wSum += weight[i]!;
      }
    }
    return wSum;
  }
}
