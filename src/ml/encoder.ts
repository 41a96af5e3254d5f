/**
 * The ML boundary: a plain verb interface. Everything above it (versions, search, training)
 * sees vectors of `dim` floats, L2-normalised, one per input, in input order.
 */
export interface ImageEncoder {
  /** Stable id stored with every base embedding, e.g. `builtin-v4`, `clip-vit-base-patch32`. */
  readonly id: string;
  /** Embedding dimension. */
  readonly dim: number;
  /** Checksum of the weights (or of the descriptor's parameters): a version runs only on these. */
  readonly checksum: string;
  /** Embed encoded image files (JPEG, PNG, WebP). Throws on undecodable input. */
  embedImages(images: Buffer[]): Promise<Float32Array[]>;
  /**
   * Embed catalog photos, the images shoppers' photos are matched against, when the encoder has
   * a way to make them meet those photos halfway (the built-in descriptor averages each over a
   * few lighting variants). Within 1 % (cosine ≥ 0.99) of `embedImages`, so a stored embedding
   * of either kind serves for both. Without it, catalog photos go through `embedImages`.
   */
  embedCatalogImages?(images: Buffer[]): Promise<Float32Array[]>;
  /** Embed texts into the same space, when the encoder has a text tower (CLIP). */
  embedTexts?(texts: string[]): Promise<Float32Array[]>;
  close?(): Promise<void>;
}

/** Scale a vector to unit length in place (a zero vector stays zero). */
export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}
