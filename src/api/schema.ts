import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType } from 'type-graphql';
import type { PubSub } from 'type-graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { authChecker } from './auth-checker.js';
import { validateArgument } from './validation.js';
import { ApiKeyResolver } from '../resolvers/api-key.resolver.js';
import { CatalogEventResolver } from '../resolvers/catalog-event.resolver.js';
import { CatalogImportResolver } from '../resolvers/catalog-import.resolver.js';
import { ProductImageResolver, ProductResolver } from '../resolvers/product.resolver.js';
import { SearchResolver } from '../resolvers/search.resolver.js';
import { FeedbackResolver } from '../resolvers/feedback.resolver.js';
import { FeedbackReviewResolver } from '../resolvers/feedback-review.resolver.js';
import { GalleryResolver } from '../resolvers/gallery.resolver.js';
import { ModelVersionResolver } from '../resolvers/model-version.resolver.js';
import { TrainingResolver } from '../resolvers/training.resolver.js';
import { ExperimentResolver } from '../resolvers/experiment.resolver.js';
import { DriftResolver } from '../resolvers/drift.resolver.js';

export const resolvers = [
  ApiKeyResolver,
  ProductResolver,
  ProductImageResolver,
  CatalogEventResolver,
  CatalogImportResolver,
  SearchResolver,
  FeedbackResolver,
  FeedbackReviewResolver,
  GalleryResolver,
  ModelVersionResolver,
  TrainingResolver,
  ExperimentResolver,
  DriftResolver,
] as const;

export function createSchemaPubSub(): PubSub {
  return createPubSub() as unknown as PubSub;
}

/** The executable schema. Without a container (e.g. to print the SDL) resolvers are not callable. */
export function buildVitrinaSchema(
  container?: ContainerType,
  pubSub: PubSub = createSchemaPubSub(),
): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...resolvers],
    container,
    authChecker,
    authMode: 'error',
    pubSub,
    validateFn: validateArgument,
  });
}

/** The published SDL (`schema.graphql`): sorted, so that a diff shows only real changes. */
export async function printVitrinaSchema(): Promise<string> {
  const schema = await buildVitrinaSchema();
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
