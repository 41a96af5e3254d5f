import { Field, Int, ObjectType } from 'type-graphql';
import { Product } from '../entities/product.entity.js';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

@ObjectType()
export class ProductConnection {
  @Field(() => [Product])
  nodes: Product[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}
