import { Args, Authorized, Mutation, Resolver } from 'type-graphql';
import type { CatalogImportService } from '../services/catalog-import.service.js';
import type { ImageStore } from '../services/image-store.js';
import { ImportProductsArgs, ImportProductsResult } from './catalog-import.types.js';

@Resolver()
export class CatalogImportResolver {
  constructor(
    private readonly imports: CatalogImportService,
    private readonly imageStore: ImageStore,
  ) {}

  @Authorized('admin')
  @Mutation(() => ImportProductsResult, {
    description:
      'Bulk import (GraphQL multipart upload): create the products whose SKU is new, add the images a ' +
      'product lacks. Idempotent: a second run of the same rows changes nothing. A bad row fails alone.',
  })
  importProducts(@Args(() => ImportProductsArgs) { products }: ImportProductsArgs): Promise<ImportProductsResult> {
    return this.imports.importBatch(
      products.map(({ images, ...fields }) => ({
        fields,
        images: (images ?? []).map((upload) => () => this.imageStore.readUpload(upload)),
      })),
    );
  }
}
