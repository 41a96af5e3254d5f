import { type DataSource, type EntityManager, type Repository } from 'typeorm';
import { Product } from '../entities/product.entity.js';
import { ProductImage } from '../entities/product-image.entity.js';
import { StoredImage } from '../entities/stored-image.entity.js';
import { BadUserInputError, NotFoundError } from '../domain/errors.js';
import type { ImageStore } from './image-store.js';
import { isUuid } from './ids.js';

export type ProductFields = {
  name: string;
  category?: string | null;
  description?: string | null;
  sku?: string | null;
  attributes?: Record<string, unknown> | null;
};

export type ProductFilter = { category?: string | null; name?: string | null };
export type Page<T> = { nodes: T[]; endCursor: string | null; hasNextPage: boolean; totalCount: number };

export type CatalogChange = 'created' | 'updated' | 'deleted' | 'image_added';
/** Hears every change once it is committed; the change's request answers after it has finished. */
export type CatalogListener = (change: CatalogChange, product: Product) => void | Promise<void>;

const UNIQUE_VIOLATION = '23505';

/** The catalog: products and their images. Deleting a product hides it and keeps its history. */
export class CatalogService {
  private readonly products: Repository<Product>;
  private readonly images: Repository<ProductImage>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly imageStore: ImageStore,
    private readonly onChange: CatalogListener = () => {},
  ) {
    this.products = dataSource.getRepository(Product);
    this.images = dataSource.getRepository(ProductImage);
  }

  async create(fields: ProductFields): Promise<Product> {
    const product = this.products.create({
      name: fields.name,
      category: fields.category ?? '',
      description: fields.description ?? '',
      sku: fields.sku ?? null,
      attributes: fields.attributes ?? {},
    });
    return this.changed('created', await this.saveUnique(product));
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
    return this.changed('updated', await this.saveUnique(product));
  }

  async delete(id: string): Promise<Product> {
    const product = await this.get(id);
    await this.products.softDelete({ id });
    return this.changed('deleted', product);
  }

  async get(id: string): Promise<Product> {
    const product = isUuid(id) ? await this.products.findOneBy({ id }) : null;
    if (!product) throw new NotFoundError('Product', id);
    return product;
  }

  findBySku(sku: string): Promise<Product | null> {
    return this.products.findOneBy({ sku });
  }

  /** Keyset pagination in creation order; the cursor is opaque to clients. */
  async list(filter: ProductFilter, first: number, after?: string | null): Promise<Page<Product>> {
    const query = this.products.createQueryBuilder('p');
    if (filter.category) query.andWhere('p.category = :category', { category: filter.category });
    if (filter.name) query.andWhere('p.name ILIKE :name', { name: `%${escapeLike(filter.name)}%` });
    const totalCount = await query.clone().getCount();
    if (after) {
      // Compare in the database so that microsecond timestamps keep their precision.
      query.andWhere('(p.created_at, p.id) > (SELECT c.created_at, c.id FROM products c WHERE c.id = :after)', {
        after: decodeCursor(after),
      });
    }
    const rows = await query
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .take(first + 1)
      .getMany();
    const nodes = rows.slice(0, first);
    const last = nodes.at(-1);
    return { nodes, hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last) : null, totalCount };
  }

  imagesOf(productId: string): Promise<(ProductImage & { image: StoredImage })[]> {
    return this.images.find({
      where: { productId },
      relations: { image: true },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
  }

  /** Validate and store an image, then attach it; attaching the same image twice is a no-op. */
  async addImage(productId: string, bytes: Buffer): Promise<ProductImage> {
    const product = await this.get(productId);
    const stored = await this.imageStore.put(bytes);
    const image = await this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(ProductImage);
      const existing = await repo.findOneBy({ productId, imageSha256: stored.sha256 });
      if (existing) return Object.assign(existing, { image: stored });
      const position = await repo.count({ where: { productId } });
      const saved = await repo.save(repo.create({ productId, imageSha256: stored.sha256, position }));
      return Object.assign(saved, { image: stored });
    });
    await this.changed('image_added', product);
    return image;
  }

  /**
   * A new product whose first image is one already in the store (e.g. a search photo), written
   * in the caller's transaction; call `publishCreated` once that transaction has committed.
   */
  async createWithStoredImage(tx: EntityManager, fields: ProductFields, imageSha256: string): Promise<Product> {
    const product = await tx.getRepository(Product).save(
      this.products.create({
        name: fields.name,
        category: fields.category ?? '',
        description: fields.description ?? '',
        sku: fields.sku ?? null,
        attributes: fields.attributes ?? {},
      }),
    );
    await tx.getRepository(ProductImage).insert({ productId: product.id, imageSha256, position: 0 });
    return product;
  }

  /** Announce a product made by `createWithStoredImage`: created, with an image to embed. */
  async publishCreated(product: Product): Promise<void> {
    await this.changed('created', product);
    await this.changed('image_added', product);
  }

  async storedImage(sha256: string): Promise<StoredImage> {
    return this.dataSource.getRepository(StoredImage).findOneByOrFail({ sha256 });
  }

  /** A catalog image by content address, for serving; null when no live product shows it. */
  async catalogImage(sha256: string): Promise<StoredImage | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    return this.dataSource
      .getRepository(StoredImage)
      .createQueryBuilder('i')
      .where('i.sha256 = :sha256', { sha256 })
      .andWhere(
        'EXISTS (SELECT 1 FROM product_images pi JOIN products p ON p.id = pi.product_id WHERE pi.image_sha256 = i.sha256 AND p.deleted_at IS NULL)',
      )
      .getOne();
  }

  private async changed(change: CatalogChange, product: Product): Promise<Product> {
    await this.onChange(change, product);
    return product;
  }

  private async saveUnique(product: Product): Promise<Product> {
    try {
      return await this.products.save(product);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new BadUserInputError(`A product with SKU "${product.sku}" already exists`);
      }
      throw error;
    }
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function encodeCursor(p: Product): string {
  return Buffer.from(`product:${p.id}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const [kind, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  if (kind !== 'product' || !id || !isUuid(id)) throw new BadUserInputError('Invalid cursor');
  return id;
}
