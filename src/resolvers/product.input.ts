import { IsObject, IsOptional, Length, Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

const SKU = /^[\p{L}\p{N}._\-/:#]+$/u;

@InputType({ description: 'A new catalog product.' })
export class CreateProductInput {
  @Field(() => String)
  @Length(1, 300)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 100)
  category?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 5000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'External SKU or id; unique in the catalog.' })
  @IsOptional()
  @Length(1, 100)
  @Matches(SKU, { message: 'sku may hold letters, digits and . _ - / : #' })
  sku?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Free-form attributes (colour, size, …).' })
  @IsOptional()
  @IsObject()
  attributes?: Record<string, unknown> | null;
}

@InputType({ description: 'Changes to a product; omitted fields stay as they are.' })
export class UpdateProductInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 300)
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 100)
  category?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 5000)
  description?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  @Matches(SKU, { message: 'sku may hold letters, digits and . _ - / : #' })
  sku?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @IsOptional()
  @IsObject()
  attributes?: Record<string, unknown> | null;
}
