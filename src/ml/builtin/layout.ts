import type { DescriptorParams } from './params.js';
import { NO_COLOUR } from './scratch.js';

/**
 * Where each block of the descriptor sits in its vector, in this order: whole-object colour,
 * top- and bottom-half colour, top- and bottom-half orientation, magnitude, correlogram, silhouette.
 * Fixed by the parameters, so it is worked out once per descriptor rather than per image.
 */
export class Layout {
  readonly colourSize: number;
  readonly halfColourSize: number;
  readonly orientationBase: number;
  readonly magnitudeBase: number;
  /** Coarse colours of the correlogram, and its length (both grids, every distance). */
  readonly coarseColours: number;
  readonly correlogramBase: number;
  readonly correlogramSize: number;
  readonly shapeBase: number;
  readonly shapeSize: number;
  readonly dim: number;

  constructor(params: DescriptorParams) {
    this.colourSize = params.lightnessBins * params.chromaBins * params.chromaBins;
    this.halfColourSize = params.halfLightnessBins * params.halfChromaBins * params.halfChromaBins;
    const c = params.correlogram;
    this.coarseColours = c.lightnessBins * (c.hueSectors + 1);
    // The colour planes are bytes, with NO_COLOUR reserved for pixels outside the object.
    if (this.coarseColours >= NO_COLOUR) throw new Error('correlogram: too many coarse colours');
    this.correlogramSize = 2 * this.coarseColours * c.distances.length;
    this.shapeSize = params.shape.columns * params.shape.rows;
    this.orientationBase = this.colourSize + 2 * this.halfColourSize;
    this.magnitudeBase = this.orientationBase + 2 * params.orientationBins;
    this.correlogramBase = this.magnitudeBase + params.magnitudeBins;
    this.shapeBase = this.correlogramBase + this.correlogramSize;
    this.dim = this.shapeBase + this.shapeSize;
  }
}
