import { In, type EntityManager } from 'typeorm';
import { Product } from '../entities/product.entity.js';
import { ProductImage } from '../entities/product-image.entity.js';
import { StoredImage } from '../entities/stored-image.entity.js';
import { fromPgVectorBinary } from '../ml/vectors.js';
import { BaseRepository } from './base.repository.js';
import { keysetPage, type Page, type PageRequest } from './keyset-page.js';

/** A catalog image of a live product, with its stored file's format. */
export type CatalogImageRow = { productImageId: string; productId: string; sha256: string; format: string };

export type NewProduct = Pick<Product, 'name' | 'category' | 'description' | 'sku' | 'attributes'>;
export type ProductFilter = { category?: string | null; name?: string | null };

/** Products and their images: the `products` and `product_images` tables. */
export class ProductRepository extends BaseRepository {
  async insert(fields: NewProduct, tx?: EntityManager): Promise<Product> {
    const repo = this.db(tx).getRepository(Product);
    return repo.save(repo.create(fields));
  }

  /** Many new products in one statement (a bulk import's); a taken SKU fails them all. */
  async insertMany(rows: NewProduct[], tx?: EntityManager): Promise<Product[]> {
    if (rows.length === 0) return [];
    const repo = this.db(tx).getRepository(Product);
    // The JSON column's type is wider than TypeORM's insert type allows; the rows are plain values.
    const { identifiers } = await repo.insert(rows as Parameters<typeof repo.insert>[0]);
    const ids = identifiers.map((identifier) => identifier.id as string);
    const byId = new Map((await repo.findBy({ id: In(ids) })).map((p) => [p.id, p]));
    return ids.map((id) => byId.get(id)!);
  }

  /** Live products with these SKUs. */
  findBySkus(skus: string[]): Promise<Product[]> {
    return skus.length === 0
      ? Promise.resolve([])
      : this.db()
          .getRepository(Product)
          .findBy({ sku: In(skus) });
  }

  /** The images' SHA-256 of each product, and how many it has. */
  async imageShasOf(productIds: string[]): Promise<Map<string, Set<string>>> {
    const shas = new Map(productIds.map((id) => [id, new Set<string>()]));
    if (productIds.length === 0) return shas;
    const rows = await this.db()
      .getRepository(ProductImage)
      .find({ select: { productId: true, imageSha256: true }, where: { productId: In(productIds) } });
    for (const row of rows) shas.get(row.productId)?.add(row.imageSha256);
    return shas;
  }

  /**
   * Images attached in one statement, each after the product's last (`position` given); an
   * image a product has already is left as it is.
   */
  async attachMany(rows: Array<{ productId: string; imageSha256: string; position: number }>): Promise<void> {
    if (rows.length === 0) return;
    await this.db().getRepository(ProductImage).createQueryBuilder().insert().values(rows).orIgnore().execute();
  }

  /** Writes every column of a loaded product (a unique SKU is the database's to enforce). */
  save(product: Product, tx?: EntityManager): Promise<Product> {
    return this.db(tx).getRepository(Product).save(product);
  }

  /** Hides the product; its rows stay for the searches and feedback that name it. */
  async softDelete(id: string): Promise<void> {
    await this.db().getRepository(Product).softDelete({ id });
  }

  /** Whether any product ever existed, deleted ones included. */
  async anyEver(): Promise<boolean> {
    return (await this.db().getRepository(Product).count({ withDeleted: true })) > 0;
  }

  /** A live (not deleted) product. */
  findById(id: string): Promise<Product | null> {
    return this.db().getRepository(Product).findOneBy({ id });
  }

  findBySku(sku: string): Promise<Product | null> {
    return this.db().getRepository(Product).findOneBy({ sku });
  }

  /** Live products in creation order. */
  list(filter: ProductFilter, page: PageRequest): Promise<Page<Product>> {
    const query = this.db().getRepository(Product).createQueryBuilder('p');
    if (filter.category) query.andWhere('p.category = :category', { category: filter.category });
    if (filter.name) query.andWhere('p.name ILIKE :name', { name: `%${escapeLike(filter.name)}%` });
    return keysetPage(query, { alias: 'p', table: 'products', cursorKind: 'product', direction: 'ASC' }, page);
  }

  imagesOf(productId: string): Promise<(ProductImage & { image: StoredImage })[]> {
    return this.db()
      .getRepository(ProductImage)
      .find({
        where: { productId },
        relations: { image: true },
        order: { position: 'ASC', createdAt: 'ASC' },
      }) as Promise<(ProductImage & { image: StoredImage })[]>;
  }

  /**
   * Attach a stored image as the product's last; attaching the same image twice gives the
   * existing row. Counting and inserting in one transaction keeps positions distinct.
   */
  attachImage(productId: string, imageSha256: string, tx?: EntityManager): Promise<ProductImage> {
    const attach = async (db: EntityManager) => {
      const repo = db.getRepository(ProductImage);
      const existing = await repo.findOneBy({ productId, imageSha256 });
      if (existing) return existing;
      const position = await repo.count({ where: { productId } });
      return repo.save(repo.create({ productId, imageSha256, position }));
    };
    return tx ? attach(tx) : this.dataSource.transaction(attach);
  }

  /** The first image of a product just created (no other image can be there yet). */
  async insertFirstImage(productId: string, imageSha256: string, tx?: EntityManager): Promise<void> {
    await this.db(tx).getRepository(ProductImage).insert({ productId, imageSha256, position: 0 });
  }

  /**
   * Images of live products that have no vector yet in this version, oldest first; an image whose
   * file was found missing waits until it is stored again.
   */
  async imagesWithoutVectors(versionId: string, limit: number): Promise<CatalogImageRow[]> {
    const rows = (await this.db().query(
      `SELECT pi.id AS product_image_id, pi.product_id, i.sha256, i.format
       FROM product_images pi
       JOIN products p ON p.id = pi.product_id AND p.deleted_at IS NULL
       JOIN images i ON i.sha256 = pi.image_sha256 AND i.unreadable_at IS NULL
       WHERE NOT EXISTS (SELECT 1 FROM version_vectors v WHERE v.model_version_id = $1 AND v.product_image_id = pi.id)
       ORDER BY pi.created_at
       LIMIT $2`,
      [versionId, limit],
    )) as { product_image_id: string; product_id: string; sha256: string; format: string }[];
    return rows.map((r) => ({
      productImageId: r.product_image_id,
      productId: r.product_id,
      sha256: r.sha256,
      format: r.format,
    }));
  }

  /**
   * Live products whose name, category or description match `text` (trigram similarity and
   * full-text), best first, scored 0–1.
   */
  async matchText(text: string, limit: number): Promise<Array<{ productId: string; score: number }>> {
    const rows = (await this.db().query(
      `SELECT id AS product_id, greatest(
           similarity(name, $1),
           word_similarity($1, name),
           ts_rank(to_tsvector('simple', name || ' ' || category || ' ' || description), plainto_tsquery('simple', $1))
         ) AS score
       FROM products
       WHERE deleted_at IS NULL AND (
         name % $1 OR $1 <% name
         OR to_tsvector('simple', name || ' ' || category || ' ' || description) @@ plainto_tsquery('simple', $1))
       ORDER BY score DESC, name
       LIMIT $2`,
      [text, limit],
    )) as { product_id: string; score: number }[];
    return rows.map((r) => ({ productId: r.product_id, score: Math.min(1, Number(r.score)) }));
  }

  /**
   * Up to `limit` catalog images after `afterId` in id order, with their base embeddings from
   * this encoder: `vector` is null for an image not embedded yet or of a deleted product. Read
   * page by page: one 20–40 MB read would hold the database for seconds.
   */
  async embeddedImagesPage(
    encoderId: string,
    afterId: string,
    limit: number,
  ): Promise<Array<{ productImageId: string; productId: string; vector: Float32Array | null }>> {
    const page = (await this.db().query(
      `WITH page AS (SELECT id, product_id, image_sha256 FROM product_images WHERE id > $2::uuid ORDER BY id LIMIT $3)
       SELECT page.id AS product_image_id, page.product_id, vector_send(ie.embedding) AS embedding
       FROM page
       LEFT JOIN products p ON p.id = page.product_id AND p.deleted_at IS NULL
       LEFT JOIN image_embeddings ie ON ie.image_sha256 = page.image_sha256 AND ie.encoder_id = $1 AND p.id IS NOT NULL
       ORDER BY page.id`,
      [encoderId, afterId, limit],
    )) as Array<{ product_image_id: string; product_id: string; embedding: Buffer | null }>;
    return page.map((r) => ({
      productImageId: r.product_image_id,
      productId: r.product_id,
      vector: r.embedding ? fromPgVectorBinary(r.embedding) : null,
    }));
  }

  /** The base embeddings (from `encoderId`) of a product's catalog images that have one. */
  async imageEmbeddingsOf(productId: string, encoderId: string, tx?: EntityManager): Promise<Float32Array[]> {
    const rows = (await this.db(tx).query(
      `SELECT vector_send(ie.embedding) AS embedding
       FROM product_images pi JOIN image_embeddings ie ON ie.image_sha256 = pi.image_sha256 AND ie.encoder_id = $2
       WHERE pi.product_id = $1`,
      [productId, encoderId],
    )) as Array<{ embedding: Buffer }>;
    return rows.map((r) => fromPgVectorBinary(r.embedding));
  }

  /** A stored image that a live product shows; null for any other. */
  findLiveCatalogImage(sha256: string): Promise<StoredImage | null> {
    return this.db()
      .getRepository(StoredImage)
      .createQueryBuilder('i')
      .where('i.sha256 = :sha256', { sha256 })
      .andWhere(
        'EXISTS (SELECT 1 FROM product_images pi JOIN products p ON p.id = pi.product_id WHERE pi.image_sha256 = i.sha256 AND p.deleted_at IS NULL)',
      )
      .getOne();
  }

  /**
   * How many images of live products the active version has no vector for (the rule of
   * `imagesWithoutVectors`), read at every scrape: the active version's id is found once, so
   * each image is one primary-key probe.
   */
  async countImagesWithoutActiveVector(): Promise<number> {
    const rows = (await this.db().query(
      `SELECT count(*)::int AS n
       FROM product_images pi
       JOIN products p ON p.id = pi.product_id AND p.deleted_at IS NULL
       JOIN images i ON i.sha256 = pi.image_sha256 AND i.unreadable_at IS NULL
       WHERE NOT EXISTS (
         SELECT 1 FROM version_vectors v
         WHERE v.model_version_id = (SELECT id FROM model_versions WHERE status = 'active' LIMIT 1)
           AND v.product_image_id = pi.id)`,
    )) as Array<{ n: number }>;
    return rows[0]?.n ?? 0;
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
