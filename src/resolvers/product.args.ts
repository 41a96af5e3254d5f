import { IsOptional, Length } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import GraphQLUpload from 'graphql-upload/GraphQLUpload.mjs';
import type { FileUpload } from 'graphql-upload/processRequest.mjs';
import { PageArgs } from './page.args.js';

@ArgsType()
export class ProductsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only products in this category.' })
  @IsOptional()
  @Length(0, 100)
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Only products whose name contains this text.' })
  @IsOptional()
  @Length(1, 300)
  name?: string | null;
}

/**
 * An args class rather than two `@Arg`s: type-graphql awaits a lone `@Arg`'s value, so a file
 * missing from the request would fail before the resolver could refuse it as bad input.
 */
@ArgsType()
export class AddProductImageArgs {
  @Field(() => ID)
  productId: string;

  @Field(() => GraphQLUpload)
  image: Promise<FileUpload>;
}
