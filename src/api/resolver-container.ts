import type { ContainerType } from 'type-graphql';
import { ApiKeyResolver } from '../resolvers/api-key.resolver.js';
import { CatalogEventResolver } from '../resolvers/catalog-event.resolver.js';
import { CatalogImportResolver } from '../resolvers/catalog-import.resolver.js';
import { DriftResolver } from '../resolvers/drift.resolver.js';
import { ExperimentResolver } from '../resolvers/experiment.resolver.js';
import { FeedbackReviewResolver } from '../resolvers/feedback-review.resolver.js';
import { FeedbackResolver } from '../resolvers/feedback.resolver.js';
import { GalleryResolver } from '../resolvers/gallery.resolver.js';
import { ModelVersionResolver } from '../resolvers/model-version.resolver.js';
import { ProductImageResolver, ProductResolver } from '../resolvers/product.resolver.js';
import { SearchResolver } from '../resolvers/search.resolver.js';
import { TrainingResolver } from '../resolvers/training.resolver.js';
import type { ApiKeyService } from '../services/api-key.service.js';
import type { CatalogImportService } from '../services/catalog-import.service.js';
import type { CatalogService } from '../services/catalog.service.js';
import type { DriftService } from '../services/drift.service.js';
import type { ExperimentService } from '../services/experiment.service.js';
import type { FeedbackReviewService } from '../services/feedback-review.service.js';
import type { FeedbackService } from '../services/feedback.service.js';
import type { EmbeddingService } from '../services/embedding.service.js';
import type { GalleryService } from '../services/gallery.service.js';
import type { ImageStore } from '../services/image-store.js';
import type { ModelRegistry } from '../services/model-registry.js';
import type { SearchService } from '../services/search.service.js';
import type { TrainingStatsService } from '../services/training-stats.service.js';
import type { TrainingService } from '../services/training.service.js';

/** The services the resolvers call. */
export type ResolverServices = {
  apiKeys: ApiKeyService;
  catalog: CatalogService;
  imports: CatalogImportService;
  images: ImageStore;
  searches: SearchService;
  feedback: FeedbackService;
  feedbackReview: FeedbackReviewService;
  gallery: GalleryService;
  embeddings: EmbeddingService;
  trainingStats: TrainingStatsService;
  registry: ModelRegistry;
  training: TrainingService;
  experiments: ExperimentService;
  drift: DriftService;
};

/** type-graphql's container: one instance of each resolver (src/api/schema.ts lists them), over the services. */
export function resolverContainer({
  apiKeys,
  catalog,
  imports,
  images,
  searches,
  feedback,
  feedbackReview,
  gallery,
  embeddings,
  trainingStats,
  registry,
  training,
  experiments,
  drift,
}: ResolverServices): ContainerType {
  const instances = new Map<Function, unknown>([
    [ApiKeyResolver, new ApiKeyResolver(apiKeys)],
    [ProductResolver, new ProductResolver(catalog, images)],
    [ProductImageResolver, new ProductImageResolver(catalog)],
    [CatalogEventResolver, new CatalogEventResolver()],
    [CatalogImportResolver, new CatalogImportResolver(imports, images)],
    [SearchResolver, new SearchResolver(searches, images, registry)],
    [FeedbackResolver, new FeedbackResolver(feedback)],
    [FeedbackReviewResolver, new FeedbackReviewResolver(feedbackReview, trainingStats)],
    [GalleryResolver, new GalleryResolver(gallery)],
    [ModelVersionResolver, new ModelVersionResolver(registry, embeddings)],
    [TrainingResolver, new TrainingResolver(training, registry)],
    [ExperimentResolver, new ExperimentResolver(experiments)],
    [DriftResolver, new DriftResolver(drift)],
  ]);
  return { get: (cls) => instances.get(cls) };
}
