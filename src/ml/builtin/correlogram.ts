import type { Layout } from './layout.js';
import { NO_COLOUR, type Scratch } from './scratch.js';

/** The correlogram block. Its accumulators are kept across images: describing one allocates only its vector. */
export class Correlogram {
  private readonly sameColour: Float64Array;
  private readonly anyColour: Float64Array;

  constructor(
    private readonly layout: Layout,
    private readonly distances: number[],
    private readonly scratch: Scratch,
  ) {
    this.sameColour = new Float64Array(layout.correlogramSize);
    this.anyColour = new Float64Array(layout.correlogramSize);
  }

  /**
   * The auto-correlogram into `out` at `base`: per grid, distance and coarse colour, the
   * object-weighted share of pixel pairs that far apart (along rows, columns and both diagonals,
   * so turning the photo barely matters) starting from that colour that keep it.
   */
  write(out: Float32Array, base: number, width: number, height: number): void {
    const { weight, code, shiftedCode } = this.scratch;
    const same = this.sameColour.fill(0);
    const any = this.anyColour.fill(0);
    const distances = this.distances;
    const nk = this.layout.coarseColours;
    const shifted = nk * distances.length;
    for (let di = 0; di < distances.length; di++) {
      const d = distances[di]!;
      const plain = di * nk;
      const half = shifted + plain;
      // Each unordered pair once: right, down-left, down, down-right.
      const step = [d, d * width - d, d * width, d * width + d];
      for (let y = 0, i = 0; y < height; y++) {
        const lastDir = y + d < height ? 3 : 0;
        for (let x = 0; x < width; x++, i++) {
          const c = code[i]!;
          if (c === NO_COLOUR) continue;
          const s = shiftedCode[i]!;
          const w = weight[i]!;
          for (let o = x + d < width ? 0 : 1; o <= lastDir; o++) {
            if ((o === 1 && x < d) || (o === 3 && x + d >= width)) continue;
            const j = i + step[o]!;
            const c2 = code[j]!;
            if (c2 === NO_COLOUR) continue;
            const s2 = shiftedCode[j]!;
            const ww = w * weight[j]!;
            any[plain + c]! += ww;
            any[plain + c2]! += ww;
            if (c === c2) same[plain + c]! += 2 * ww;
            any[half + s]! += ww;
            any[half + s2]! += ww;
            if (s === s2) same[half + s]! += 2 * ww;
          }
        }
      }
    }
    for (let k = 0; k < this.layout.correlogramSize; k++) out[base + k] = any[k]! > 0 ? same[k]! / any[k]! : 0;
  }
}
