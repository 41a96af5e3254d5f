import { softAdd3 } from './histogram.js';
import type { Layout } from './layout.js';
import type { DescriptorParams } from './params.js';
import { NO_COLOUR, type Scratch } from './scratch.js';

/** sRGB byte → linear light, and its cube root (the perceptual scale CIELAB uses), once. */
export const LINEAR = new Float32Array(256);
export const CUBE_ROOT = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  LINEAR[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  CUBE_ROOT[i] = Math.cbrt(LINEAR[i]!);
}

/**
 * What the colour stages need to know about the object: the per-channel gains (cube roots, as
 * colours are read on the cube-root scale) that divide out part of the light, and the row of its
 * centroid, which splits it into the top and bottom halves.
 */
export interface Exposure {
  kr: number;
  kg: number;
  kb: number;
  cy: number;
}

/** The object's mean colour (grey-world) and centroid, in one pass over its weights. */
export function measureExposure(
  rgb: Uint8Array | Buffer,
  width: number,
  height: number,
  wSum: number,
  p: DescriptorParams,
  weight: Float32Array,
): Exposure {
  let mr = 0;
  let mg = 0;
  let mb = 0;
  let cy = 0;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const w = weight[i]!;
      mr += w * LINEAR[rgb[i * 3]!]!;
      mg += w * LINEAR[rgb[i * 3 + 1]!]!;
      mb += w * LINEAR[rgb[i * 3 + 2]!]!;
      cy += w * y;
    }
  }
  cy /= wSum;
  const floor = 1e-4 * wSum;
  mr += floor;
  mg += floor;
  mb += floor;
  // Divide out part of the light: its colour (grey-world on the object, to strength greyWorld)
  // and its level (towards a mid-grey mean, 0.18 in linear light, to strength levelNorm). All
  // the way would also erase the difference between a white and a grey product seen from
  // another side. Cube root of the gains.
  const grey = (mr + mg + mb) / 3;
  const level = ((0.18 * wSum) / grey) ** p.levelNorm;
  const kr = Math.cbrt(level * (grey / mr) ** p.greyWorld);
  const kg = Math.cbrt(level * (grey / mg) ** p.greyWorld);
  const kb = Math.cbrt(level * (grey / mb) ** p.greyWorld);
  return { kr, kg, kb, cy };
}

/**
 * The whole-object and half colour histograms into `out`, and on the way each pixel's lightness
 * (for the gradients) and coarse colour codes (for the correlogram), so the pixels are converted
 * once.
 */
export function colourHistograms(
  out: Float32Array,
  layout: Layout,
  p: DescriptorParams,
  scratch: Scratch,
  rgb: Uint8Array | Buffer,
  width: number,
  height: number,
  { kr, kg, kb, cy }: Exposure,
): void {
  const { lightness, weight, code, shiftedCode } = scratch;
  const cs = layout.colourSize;
  const hcs = layout.halfColourSize;
  const nL = p.lightnessBins;
  const nC = p.chromaBins;
  const hL = p.halfLightnessBins;
  const hC = p.halfChromaBins;
  // Bin coordinates: lightness 0–1 over nL bins, opponent values ±chromaRange over nC bins.
  const cScale = nC / (2 * p.chromaRange);
  const cOffset = p.chromaRange * cScale - 0.5;
  const hScale = hC / (2 * p.chromaRange);
  const hOffset = p.chromaRange * hScale - 0.5;
  const qL = p.correlogram.lightnessBins;
  const qH = p.correlogram.hueSectors;
  const chromaFloor2 = p.correlogram.chromaFloor ** 2;
  const sectorPerTurn = qH / (2 * Math.PI);
  for (let y = 0, i = 0; y < height; y++) {
    const half = cs + (y >= cy ? hcs : 0);
    for (let x = 0; x < width; x++, i++) {
      const r = kr * CUBE_ROOT[rgb[i * 3]!]!;
      const g = kg * CUBE_ROOT[rgb[i * 3 + 1]!]!;
      const b = kb * CUBE_ROOT[rgb[i * 3 + 2]!]!;
      const L = 0.3 * r + 0.6 * g + 0.1 * b;
      lightness[i] = L;
      const w = weight[i]!;
      if (w === 0) {
        code[i] = NO_COLOUR;
        continue;
      }
      const redGreen = r - g;
      const yellowBlue = (r + g) / 2 - b;
      // Coarse colour: lightness bin × (grey | hue sector), on both grids.
      const l = L * qL;
      const l0 = l < 0 ? 0 : l >= qL ? qL - 1 : Math.floor(l);
      const l1 = l + 0.5 >= qL ? qL - 1 : Math.floor(l + 0.5);
      let h0 = 0;
      let h1 = 0;
      if (redGreen * redGreen + yellowBlue * yellowBlue >= chromaFloor2) {
        const turn = (Math.atan2(yellowBlue, redGreen) + Math.PI) * sectorPerTurn; // 0 to qH
        h0 = 1 + (Math.floor(turn) % qH);
        h1 = 1 + (Math.floor(turn + 0.5) % qH);
      }
      code[i] = l0 * (qH + 1) + h0;
      shiftedCode[i] = l1 * (qH + 1) + h1;
      softAdd3(out, 0, L * nL - 0.5, redGreen * cScale + cOffset, yellowBlue * cScale + cOffset, nL, nC, w);
      softAdd3(out, half, L * hL - 0.5, redGreen * hScale + hOffset, yellowBlue * hScale + hOffset, hL, hC, w);
    }
  }
}
