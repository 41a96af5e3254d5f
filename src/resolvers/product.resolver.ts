import { Arg, Args, Authorized, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Product } from '../entities/product.entity.js';
import { ProductImage } from '../entities/product-image.entity.js';
import type { CatalogService } from '../services/catalog.service.js';
import type { ImageStore } from '../services/image-store.js';
import { CreateProductInput, UpdateProductInput } from './product.input.js';
import { AddProductImageArgs, ProductsArgs } from './product.args.js';
import { ProductConnection } from './product.types.js';

@Resolver(() => Product)
export class ProductResolver {
  constructor(
    private readonly catalog: CatalogService,
    private readonly imageStore: ImageStore,
  ) {}

  @Authorized()
  @Query(() => ProductConnection, { description: 'Catalog products in creation order, a page at a time.' })
  async products(@Args(() => ProductsArgs) args: ProductsArgs): Promise<ProductConnection> {
    const page = await this.catalog.list({ category: args.category, name: args.name }, args.first, args.after);
    return {
      nodes: page.nodes,
      totalCount: page.totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  }

  @Authorized()
  @Query(() => Product, { description: 'One product; NOT_FOUND when it does not exist or was deleted.' })
  product(@Arg('id', () => ID) id: string): Promise<Product> {
    return this.catalog.get(id);
  }

  @Authorized()
  @Query(() => Product, { nullable: true, description: 'The product with this SKU, or null.' })
  productBySku(@Arg('sku', () => String) sku: string): Promise<Product | null> {
    return this.catalog.findBySku(sku);
  }

  @Authorized('admin')
  @Mutation(() => Product)
  createProduct(@Arg('input', () => CreateProductInput) input: CreateProductInput): Promise<Product> {
    return this.catalog.create(input);
  }

  @Authorized('admin')
  @Mutation(() => Product)
  updateProduct(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateProductInput) input: UpdateProductInput,
  ): Promise<Product> {
    return this.catalog.update(id, input);
  }

  @Authorized('admin')
  @Mutation(() => Product, {
    description: 'Remove a product from the catalog; its search and feedback history is kept.',
  })
  deleteProduct(@Arg('id', () => ID) id: string): Promise<Product> {
    return this.catalog.delete(id);
  }

  @Authorized('admin')
  @Mutation(() => ProductImage, {
    description: 'Attach a JPEG, PNG or WebP image (GraphQL multipart upload). The same image twice is stored once.',
  })
  async addProductImage(
    @Args(() => AddProductImageArgs) { productId, image }: AddProductImageArgs,
  ): Promise<ProductImage> {
    const bytes = await this.imageStore.readUpload(image);
    return this.catalog.addImage(productId, bytes);
  }

  @FieldResolver(() => [ProductImage])
  images(@Root() product: Product): Promise<ProductImage[]> {
    return this.catalog.imagesOf(product.id);
  }
}

@Resolver(() => ProductImage)
export class ProductImageResolver {
  constructor(private readonly catalog: CatalogService) {}

  @FieldResolver(() => String, { description: 'Path of the image file on this server (`/images/<sha256>`).' })
  url(@Root() image: ProductImage): string {
    return `/images/${image.imageSha256}`;
  }

  @FieldResolver(() => String, { description: '`jpeg`, `png` or `webp`.' })
  async format(@Root() image: ProductImage): Promise<string> {
    return (await this.stored(image)).format;
  }

  @FieldResolver(() => Int)
  async width(@Root() image: ProductImage): Promise<number> {
    return (await this.stored(image)).width;
  }

  @FieldResolver(() => Int)
  async height(@Root() image: ProductImage): Promise<number> {
    return (await this.stored(image)).height;
  }

  private async stored(image: ProductImage) {
    return image.image ?? (await this.catalog.storedImage(image.imageSha256));
  }
}
