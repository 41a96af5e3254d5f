import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Product } from '../entities/product.entity.js';
import { ModelVersionType } from './model-version.types.js';

export enum SearchKindEnum {
  IMAGE = 'image',
  TEXT = 'text',
}
registerEnumType(SearchKindEnum, { name: 'SearchKind' });

@ObjectType('SearchResult', { description: 'One ranked product of a search.' })
export class SearchResultType {
  @Field(() => Int, { description: '1 for the best match.' })
  rank: number;

  @Field(() => Float, { description: 'Cosine similarity for image search; text relevance for text search.' })
  score: number;

  @Field(() => Product)
  product: Product;
}

@ObjectType({ description: 'Time spent per stage, in milliseconds (only on the search just made).' })
export class SearchTimings {
  @Field(() => Float)
  decode: number;

  @Field(() => Float)
  encode: number;

  @Field(() => Float)
  vectorSearch: number;

  @Field(() => Float)
  total: number;
}

@ObjectType('Search', { description: 'A stored search: feedback refers to it by id.' })
export class SearchType {
  @Field(() => ID)
  id: string;

  @Field(() => SearchKindEnum)
  kind: SearchKindEnum;

  @Field(() => String, { nullable: true })
  queryText: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the query photo.' })
  queryImageSha256: string | null;

  @Field(() => ModelVersionType, { nullable: true })
  modelVersion: ModelVersionType | null;

  @Field(() => String, { nullable: true, description: 'The experiment arm that served this search, if any.' })
  experimentArm: string | null;

  @Field(() => [SearchResultType])
  results: SearchResultType[];

  @Field(() => SearchTimings, { nullable: true })
  timings: SearchTimings | null;

  @Field(() => Date)
  createdAt: Date;
}
