import type { Product } from '../entities/product.entity.js';
import { DomainError } from '../domain/errors.js';
import type { StoredImage } from '../entities/stored-image.entity.js';
import type { CatalogService, ImportedRow, ImportRowInput, ProductFields } from './catalog.service.js';
import type { ImageStore } from './image-store.js';

/** Products per bulk-import request: one request's work stays bounded, whoever sends it. */
export const IMPORT_BATCH_MAX = 100;
/** Images per imported product. */
export const IMPORT_IMAGES_MAX = 10;

export type ImportRowStatus = 'created' | 'updated' | 'unchanged' | 'failed';

/** One row: the product's fields, and its images as readers (an unreadable one fails the row). */
export type ImportItem = { fields: ProductFields & { sku: string }; images: Array<() => Promise<Buffer>> };

export type ImportRowResult = {
  sku: string;
  status: ImportRowStatus;
  product: Product | null;
  imagesAdded: number;
  error: string | null;
};

export type ImportSummary = { rows: ImportRowResult[]; imagesAdded: number } & Record<
  'created' | 'updated' | 'unchanged' | 'failed',
  number
>;

/**
 * Bulk import: many products with their images in one request, idempotent as the one-by-one
 * path (a product is matched by SKU, an image by its SHA-256), each row reported on its own.
 * Images are stored here; the embedding job embeds them in batches of its own in the background.
 */
export class CatalogImportService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly imageStore: ImageStore,
  ) {}

  async importBatch(items: ImportItem[]): Promise<ImportSummary> {
    const stored = await this.imageStore.putMany(items.flatMap((item) => item.images));
    const rows: ImportRowResult[] = [];
    const ready: Array<{ at: number; row: ImportRowInput }> = [];
    let next = 0;
    for (const [at, { fields, images }] of items.entries()) {
      const mine = stored.slice(next, (next += images.length));
      // A row with an image that is no image, or too large, creates nothing.
      const refused = mine.find((image) => image instanceof DomainError);
      if (refused) rows[at] = failed(fields.sku, refused.message);
      else ready.push({ at, row: { fields, imageSha256s: mine.map((image) => (image as StoredImage).sha256) } });
    }
    for (const [at, result] of await this.store(ready)) rows[at] = result;
    const count = (status: ImportRowStatus) => rows.filter((r) => r.status === status).length;
    return {
      rows,
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      failed: count('failed'),
      imagesAdded: rows.reduce((sum, r) => sum + r.imagesAdded, 0),
    };
  }

  /**
   * The rows' products and images, all in a few statements; when that is refused (a SKU created
   * meanwhile elsewhere), row by row, so that only the row at fault fails.
   */
  private async store(ready: Array<{ at: number; row: ImportRowInput }>): Promise<Array<[number, ImportRowResult]>> {
    if (ready.length === 0) return [];
    try {
      const imported = await this.catalog.importRows(ready.map((r) => r.row));
      return imported.map((result, i) => [ready[i]!.at, succeeded(ready[i]!.row.fields.sku, result)]);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (ready.length === 1) return [[ready[0]!.at, failed(ready[0]!.row.fields.sku, error.message)]];
      const results: Array<[number, ImportRowResult]> = [];
      for (const one of ready) results.push(...(await this.store([one])));
      return results;
    }
  }
}

function succeeded(sku: string, { product, created, imagesAdded }: ImportedRow): ImportRowResult {
  const status = created ? 'created' : imagesAdded > 0 ? 'updated' : 'unchanged';
  return { sku, status, product, imagesAdded, error: null };
}

function failed(sku: string, error: string): ImportRowResult {
  return { sku, status: 'failed', product: null, imagesAdded: 0, error };
}
