/** Every knob of the descriptor; the checksum is taken over these, so changing one re-versions. */
export interface DescriptorParams {
  /** Longest side of the working image, in pixels. */
  size: number;
  /** Whole-object colour histogram bins: lightness, and each of the two opponent axes (red–green, yellow–blue). */
  lightnessBins: number;
  chromaBins: number;
  /** Bins of the top- and bottom-half histograms: coarser, as each sees half of the pixels. */
  halfLightnessBins: number;
  halfChromaBins: number;
  /** Opponent values outside ±chromaRange (cube-root units, 1 = white) fall into the outer bins. */
  chromaRange: number;
  /** Gradient-orientation bins over 0–180°, per half. */
  orientationBins: number;
  /** Gradient-magnitude bins, an octave each, the first ending at magnitudeFloor·2 (lightness units per 2 px). */
  magnitudeBins: number;
  magnitudeFloor: number;
  /** Border ring (fraction of the shorter side) that samples the background. */
  borderFraction: number;
  /** A colour counts as background once its border share reaches 1/backgroundGain of its image share. */
  backgroundGain: number;
  /** Passes that re-estimate the mask from object-versus-background colour models (0 = border model only). */
  maskRefinements: number;
  /**
   * Background is only what the border reaches through pixels whose colour weight is below
   * this: enclosed pixels of a background-like colour (a dark label on a product shot on black)
   * count as object. 0 = off.
   */
  enclosedBelow: number;
  /** Centre prior: Gaussian sigma as a fraction of the image diagonal (0 = off). */
  centreSigma: number;
  /** Grey-world strength: 0 keeps the light's colour, 1 divides it out completely. */
  greyWorld: number;
  /** Exposure strength: 0 keeps the object's brightness, 1 brings its mean to mid-grey. */
  levelNorm: number;
  /** Power normalisation of every bin before the per-block L2 (0.5 = square root, Hellinger). */
  power: number;
  /**
   * Colour auto-correlogram of the object (Huang et al. 1997): per coarse colour and distance,
   * the chance that an object pixel that far from a pixel of that colour has the same colour.
   * Coarse colours: lightness bins × (grey, or one of hueSectors hues once the opponent chroma
   * reaches chromaFloor), read twice on grids shifted by half a bin so no edge decides alone.
   */
  correlogram: { lightnessBins: number; hueSectors: number; chromaFloor: number; distances: number[] };
  /**
   * Silhouette: the object's mass (its weight before the centre prior) over a rows × columns
   * grid centred on its centroid and scaled by its vertical spread (standard deviation), rows
   * covering ±extent spreads and columns 0 to extent spreads away from the upright axis, folded
   * so that left and right count alike.
   */
  shape: { columns: number; rows: number; extent: number };
  /** Relative weights of the blocks before the final normalisation (per half for the halves). */
  weights: {
    colour: number;
    halfColour: number;
    halfOrientation: number;
    magnitude: number;
    correlogram: number;
    shape: number;
  };
}

// How these values were chosen, and what each measured: bench/results/builtin-encoder-tuning.md.
export const DEFAULT_PARAMS: DescriptorParams = {
  size: 64,
  lightnessBins: 4,
  chromaBins: 8,
  halfLightnessBins: 4,
  halfChromaBins: 5,
  chromaRange: 0.4,
  orientationBins: 8,
  magnitudeBins: 8,
  magnitudeFloor: 0.005,
  borderFraction: 0.06,
  backgroundGain: 2,
  maskRefinements: 2,
  enclosedBelow: 0.5,
  centreSigma: 0.35,
  greyWorld: 0.3,
  levelNorm: 0.3,
  power: 0.5,
  correlogram: { lightnessBins: 2, hueSectors: 6, chromaFloor: 0.045, distances: [1, 2, 4] },
  shape: { columns: 5, rows: 8, extent: 2 },
  weights: { colour: 1, halfColour: 0.71, halfOrientation: 1, magnitude: 1, correlogram: 0.87, shape: 1.5 },
};
