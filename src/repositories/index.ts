import type { DataSource, EntityManager } from 'typeorm';
import { AnnotationRepository } from './annotation.repository.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { ExperimentRepository } from './experiment.repository.js';
import { GalleryRepository } from './gallery.repository.js';
import { ImageEmbeddingRepository } from './image-embedding.repository.js';
import { JobRepository } from './job.repository.js';
import { LeaseRepository } from './lease.repository.js';
import { ModelVersionRepository } from './model-version.repository.js';
import { ProductRepository } from './product.repository.js';
import { SearchRepository } from './search.repository.js';
import { StoredImageRepository } from './stored-image.repository.js';
import { TrainingExampleRepository } from './training-example.repository.js';
import { TrainingRunRepository } from './training-run.repository.js';
import { VersionVectorRepository } from './version-vector.repository.js';

/**
 * Every repository, made once per process and handed to the services (as Immich's services get
 * theirs). `transaction` is the one way a service makes several changes at once.
 */
export type Repositories = {
  annotations: AnnotationRepository;
  apiKeys: ApiKeyRepository;
  embeddings: ImageEmbeddingRepository;
  examples: TrainingExampleRepository;
  experiments: ExperimentRepository;
  gallery: GalleryRepository;
  jobs: JobRepository;
  leases: LeaseRepository;
  products: ProductRepository;
  searches: SearchRepository;
  storedImages: StoredImageRepository;
  trainingRuns: TrainingRunRepository;
  vectors: VersionVectorRepository;
  versions: ModelVersionRepository;
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T>;
};

export function createRepositories(dataSource: DataSource): Repositories {
  return {
    annotations: new AnnotationRepository(dataSource),
    apiKeys: new ApiKeyRepository(dataSource),
    embeddings: new ImageEmbeddingRepository(dataSource),
    examples: new TrainingExampleRepository(dataSource),
    experiments: new ExperimentRepository(dataSource),
    gallery: new GalleryRepository(dataSource),
    jobs: new JobRepository(dataSource),
    leases: new LeaseRepository(dataSource),
    products: new ProductRepository(dataSource),
    searches: new SearchRepository(dataSource),
    storedImages: new StoredImageRepository(dataSource),
    trainingRuns: new TrainingRunRepository(dataSource),
    vectors: new VersionVectorRepository(dataSource),
    versions: new ModelVersionRepository(dataSource),
    transaction: (work) => dataSource.transaction(work),
  };
}
