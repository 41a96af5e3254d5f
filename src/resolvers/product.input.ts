import { IsObject, IsOptional, Length, Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { StorableJson } from '../api/validation.js';

/** What a SKU may hold (CreateProductInput, UpdateProductInput, a bulk import's rows). */
export const SKU = /^[\p{L}\p{N}._\-/:#]+$/u;
export const SKU_MESSAGE = 'sku may hold letters, digits and . _ - / : #';
/** Attributes are a flat-ish map (colour, size, …); nesting is allowed, within reason. */
const ATTRIBUTE_DEPTH = 10;

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
  @Matches(SKU, { message: SKU_MESSAGE })
  sku?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Free-form attributes (colour, size, …).' })
  @IsOptional()
  @IsObject()
  @StorableJson(ATTRIBUTE_DEPTH)
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
  @Matches(SKU, { message: SKU_MESSAGE })
  sku?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @IsOptional()
  @IsObject()
  @StorableJson(ATTRIBUTE_DEPTH)
  attributes?: Record<string, unknown> | null;
}
