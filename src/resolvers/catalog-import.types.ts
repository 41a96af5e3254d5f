import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import GraphQLUpload from 'graphql-upload/GraphQLUpload.mjs';
import type { FileUpload } from 'graphql-upload/processRequest.mjs';
import { Product } from '../entities/product.entity.js';
import { CreateProductInput, SKU, SKU_MESSAGE } from './product.input.js';
import { IMPORT_BATCH_MAX, IMPORT_IMAGES_MAX, type ImportRowStatus } from '../services/catalog-import.service.js';

@InputType({ description: 'One product of a bulk import, matched by its SKU, with its images.' })
export class ImportProductInput extends CreateProductInput {
  @Field(() => String, { description: 'External SKU or id: what makes a second import of the row a no-op.' })
  @Length(1, 100)
  @Matches(SKU, { message: SKU_MESSAGE })
  override sku!: string;

  @Field(() => [GraphQLUpload], {
    nullable: true,
    description: `JPEG, PNG or WebP files (GraphQL multipart upload), at most ${IMPORT_IMAGES_MAX}.`,
  })
  @IsOptional()
  @ArrayMaxSize(IMPORT_IMAGES_MAX)
  images?: Promise<FileUpload>[] | null;
}

@ArgsType()
export class ImportProductsArgs {
  @Field(() => [ImportProductInput], { description: `1 to ${IMPORT_BATCH_MAX} products.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(IMPORT_BATCH_MAX)
  @ValidateNested({ each: true })
  products: ImportProductInput[];
}

export enum ImportRowStatusEnum {
  CREATED = 'created',
  UPDATED = 'updated',
  UNCHANGED = 'unchanged',
  FAILED = 'failed',
}
registerEnumType(ImportRowStatusEnum, {
  name: 'ImportRowStatus',
  valuesConfig: {
    CREATED: { description: 'A new product, with the images given.' },
    UPDATED: { description: 'The product was there; images it lacked were added.' },
    UNCHANGED: { description: 'The product and every image were there already.' },
    FAILED: { description: 'Nothing more of this row was stored; `error` says why.' },
  },
});

@ObjectType({ description: 'What became of one row of a bulk import, in the order given.' })
export class ImportRow {
  @Field(() => String)
  sku: string;

  @Field(() => ImportRowStatusEnum)
  status: ImportRowStatus;

  @Field(() => Product, { nullable: true, description: 'Null when the row failed before the product existed.' })
  product: Product | null;

  @Field(() => Int)
  imagesAdded: number;

  @Field(() => String, { nullable: true })
  error: string | null;
}

@ObjectType({ description: 'A bulk import batch: one entry per row, and the totals.' })
export class ImportProductsResult {
  @Field(() => [ImportRow])
  rows: ImportRow[];

  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int)
  unchanged: number;

  @Field(() => Int)
  failed: number;

  @Field(() => Int)
  imagesAdded: number;
}
