import type { EntityManager } from 'typeorm';
import type { Product } from '../entities/product.entity.js';
import type { ProductImage } from '../entities/product-image.entity.js';
import type { StoredImage } from '../entities/stored-image.entity.js';
import { BadUserInputError, NotFoundError } from '../domain/errors.js';
import type { Repositories } from '../repositories/index.js';
import type { Page } from '../repositories/keyset-page.js';
import type { ProductFilter } from '../repositories/product.repository.js';
import type { ImageStore } from './image-store.js';
import { isUuid } from '../lib/ids.js';

export type { Page } from '../repositories/keyset-page.js';
export type { ProductFilter } from '../repositories/product.repository.js';

export type ProductFields = {
  name: string;
  category?: string | null;
  description?: string | null;
  sku?: string | null;
  attributes?: Record<string, unknown> | null;
};

/** A bulk import's row: the product's fields, and its images already in the store. */
export type ImportRowInput = { fields: ProductFields & { sku: string }; imageSha256s: string[] };
export type ImportedRow = { product: Product; created: boolean; imagesAdded: number };

export type CatalogChange = 'created' | 'updated' | 'deleted' | 'image_added';
/** Hears every change once it is committed; the change's request answers after it has finished. */
export type CatalogListener = (change: CatalogChange, product: Product) => void | Promise<void>;

const UNIQUE_VIOLATION = '23505';

/** The catalog: products and their images. Deleting a product hides it and keeps its history. */
export class CatalogService {
  constructor(
    private readonly repos: Repositories,
    private readonly imageStore: ImageStore,
    private readonly onChange: CatalogListener = () => {},
  ) {}

  async create(fields: ProductFields): Promise<Product> {
    return this.changed('created', await this.unique(fields.sku, () => this.repos.products.insert(newProduct(fields))));
  }

  async update(id: string, fields: Partial<ProductFields>): Promise<Product> {
    const product = await this.get(id);
    for (const key of ['name', 'category', 'description', 'sku', 'attributes'] as const) {
      const value = fields[key];
      if (value === undefined) continue;
      if (value === null && key === 'name') throw new BadUserInputError('A product needs a name');
      (product as unknown as Record<string, unknown>)[key] =
        value ?? (key === 'sku' ? null : key === 'attributes' ? {} : '');
    }
    return this.changed('updated', await this.unique(product.sku, () => this.repos.products.save(product)));
  }

  async delete(id: string): Promise<Product> {
    const product = await this.get(id);
    await this.repos.products.softDelete(id);
    return this.changed('deleted', product);
  }

  async get(id: string): Promise<Product> {
    const product = isUuid(id) ? await this.repos.products.findById(id) : null;
    if (!product) throw new NotFoundError('Product', id);
    return product;
  }

  /** Whether the catalog was ever used (a deleted product counts: the shop has begun). */
  everUsed(): Promise<boolean> {
    return this.repos.products.anyEver();
  }

  findBySku(sku: string): Promise<Product | null> {
    return this.repos.products.findBySku(sku);
  }

  /** Products in creation order; the cursor is opaque to clients. */
  list(filter: ProductFilter, first: number, after?: string | null): Promise<Page<Product>> {
    return this.repos.products.list(filter, { first, after });
  }

  imagesOf(productId: string): Promise<(ProductImage & { image: StoredImage })[]> {
    return this.repos.products.imagesOf(productId);
  }

  /** Validate and store an image, then attach it; attaching the same image twice is a no-op. */
  async addImage(productId: string, bytes: Buffer): Promise<ProductImage> {
    const product = await this.get(productId);
    const stored = await this.imageStore.put(bytes);
    const image = Object.assign(await this.repos.products.attachImage(productId, stored.sha256), { image: stored });
    await this.changed('image_added', product);
    return image;
  }

  /**
   * A bulk import's rows, in a few statements: products whose SKU is new are created, and each
   * product gets the stored images it lacks. A SKU created meanwhile by someone else refuses the
   * batch (BAD_USER_INPUT); its rows can be imported again one by one.
   */
  async importRows(rows: ImportRowInput[]): Promise<ImportedRow[]> {
    const bySku = new Map(
      (await this.repos.products.findBySkus(rows.map((r) => r.fields.sku))).map((p) => [p.sku!, p]),
    );
    const fresh = new Map(rows.filter((r) => !bySku.has(r.fields.sku)).map((r) => [r.fields.sku, r.fields]));
    const created = await this.unique([...fresh.keys()].join(', '), () =>
      this.repos.products.insertMany([...fresh.values()].map(newProduct)),
    );
    for (const product of created) bySku.set(product.sku!, product);
    const unclaimed = new Set(created.map((p) => p.sku!));
    const shas = await this.repos.products.imageShasOf([...new Set(rows.map((r) => bySku.get(r.fields.sku)!.id))]);
    const attach: Array<{ productId: string; imageSha256: string; position: number }> = [];
    const results = rows.map(({ fields, imageSha256s }) => {
      const product = bySku.get(fields.sku)!;
      const have = shas.get(product.id)!;
      let imagesAdded = 0;
      for (const imageSha256 of imageSha256s) {
        if (have.has(imageSha256)) continue;
        attach.push({ productId: product.id, imageSha256, position: have.size });
        have.add(imageSha256);
        imagesAdded++;
      }
      // A SKU twice in one batch: created by its first row.
      return { product, created: unclaimed.delete(fields.sku), imagesAdded };
    });
    await this.repos.products.attachMany(attach);
    for (const product of created) await this.changed('created', product);
    for (const product of new Set(results.filter((r) => r.imagesAdded > 0).map((r) => r.product))) {
      await this.changed('image_added', product);
    }
    return results;
  }

  /**
   * A new product whose first image is one already in the store (e.g. a search photo), written
   * in the caller's transaction; call `publishCreated` once that transaction has committed.
   */
  async createWithStoredImage(tx: EntityManager, fields: ProductFields, imageSha256: string): Promise<Product> {
    const product = await this.repos.products.insert(newProduct(fields), tx);
    await this.repos.products.insertFirstImage(product.id, imageSha256, tx);
    return product;
  }

  /** Announce a product made by `createWithStoredImage`: created, with an image to embed. */
  async publishCreated(product: Product): Promise<void> {
    await this.changed('created', product);
    await this.changed('image_added', product);
  }

  async storedImage(sha256: string): Promise<StoredImage> {
    const image = await this.repos.storedImages.findBySha256(sha256);
    if (!image) throw new NotFoundError('Image', sha256);
    return image;
  }

  /** A catalog image by content address, for serving; null when no live product shows it. */
  async catalogImage(sha256: string): Promise<StoredImage | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    return this.repos.products.findLiveCatalogImage(sha256);
  }

  private async changed(change: CatalogChange, product: Product): Promise<Product> {
    await this.onChange(change, product);
    return product;
  }

  private async unique<T>(sku: string | null | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new BadUserInputError(`A product with SKU "${sku}" already exists`);
      }
      throw error;
    }
  }
}

function newProduct(fields: ProductFields) {
  return {
    name: fields.name,
    category: fields.category ?? '',
    description: fields.description ?? '',
    sku: fields.sku ?? null,
    attributes: fields.attributes ?? {},
  };
}
