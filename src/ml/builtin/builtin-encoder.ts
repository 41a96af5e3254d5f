import { createHash } from 'node:crypto';
import { CatalogThreads } from './catalog-thread.js';
import type { ImageEncoder } from '../encoder.js';
import { describeDecoded } from './decode.js';
import { defaultDescriptor, PixelDescriptor } from './descriptor.js';
import { CATALOG_LIGHTING, describeUnderCatalogLighting } from './lighting.js';
import { DEFAULT_PARAMS, type DescriptorParams } from './params.js';

/**
 * Base embeddings are stored under the encoder's id alone, so a change of the descriptor's code
 * (anywhere in this folder) or of DEFAULT_PARAMS takes a new id (and a new descriptor version,
 * which the checksum covers).
 */
const ENCODER_ID = 'builtin-v4';
const DESCRIPTOR_VERSION = `${ENCODER_ID} descriptor 3`;

/**
 * The built-in encoder: a hand-built descriptor, no downloaded weights. It has to match a
 * shopper's photo of a product (any background, light, framing, and another side of the
 * product) to the product's studio shot, so it describes the *object*: pixels are weighted by
 * how unlike the border (the background) they are, colours are read after part of the light's
 * colour and level is divided out, and only layout that survives turning the product about its
 * upright axis is kept (top versus bottom half, not left versus right).
 */
export class BuiltinEncoder implements ImageEncoder {
  readonly id = ENCODER_ID;
  readonly dim: number;
  readonly checksum: string;
  private readonly descriptor: PixelDescriptor;

  private readonly catalogThreads: CatalogThreads | null;

  /**
   * `catalogThreads`: describe catalog photos in threads of their own (the server's encoder),
   * rather than on the caller's (tests, benchmarks, the trainer's evaluation).
   */
  constructor(
    params: DescriptorParams = DEFAULT_PARAMS,
    { catalogThreads = false }: { catalogThreads?: boolean } = {},
  ) {
    this.descriptor = params === DEFAULT_PARAMS ? defaultDescriptor : new PixelDescriptor(params);
    this.catalogThreads = catalogThreads ? new CatalogThreads(params) : null;
    this.dim = this.descriptor.dim;
    this.checksum = createHash('sha256')
      .update(`${DESCRIPTOR_VERSION} ${JSON.stringify(params)} ${JSON.stringify(CATALOG_LIGHTING)}`)
      .digest('hex');
  }

  embedImages(images: Buffer[]): Promise<Float32Array[]> {
    return describeDecoded(images, this.descriptor.params.size, (data, width, height) =>
      this.descriptor.describe(data, width, height),
    );
  }

  /**
   * Catalog photos are described under several lights (describeUnderCatalogLighting). Query
   * photos stay as they are (one descriptor each: searches pay nothing for this).
   */
  embedCatalogImages(images: Buffer[]): Promise<Float32Array[]> {
    if (this.catalogThreads) return this.catalogThreads.embed(images);
    return describeDecoded(images, this.descriptor.params.size, (data, width, height) =>
      describeUnderCatalogLighting(this.descriptor, data, width, height),
    );
  }

  async close(): Promise<void> {
    await this.catalogThreads?.close();
  }
}
