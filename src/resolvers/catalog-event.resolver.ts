import { Authorized, Field, ObjectType, registerEnumType, Resolver, Root, Subscription } from 'type-graphql';
import { Product } from '../entities/product.entity.js';

export enum CatalogEventKind {
  CREATED = 'created',
  UPDATED = 'updated',
  DELETED = 'deleted',
  IMAGE_ADDED = 'image_added',
}
registerEnumType(CatalogEventKind, { name: 'CatalogEventKind' });

export const CATALOG_TOPIC = 'CATALOG_CHANGED';

@ObjectType({ description: 'A change to the catalog, for clients that keep a copy or a cache.' })
export class CatalogEvent {
  @Field(() => CatalogEventKind)
  kind: CatalogEventKind;

  @Field(() => Product)
  product: Product;
}

@Resolver()
export class CatalogEventResolver {
  @Authorized()
  @Subscription(() => CatalogEvent, {
    topics: CATALOG_TOPIC,
    description: 'Products created, changed, deleted or given an image.',
  })
  catalogChanged(@Root() event: CatalogEvent): CatalogEvent {
    return event;
  }
}
