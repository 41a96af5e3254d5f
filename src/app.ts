import path from 'node:path';
import type { Logger } from 'pino';
import type { GraphQLSchema } from 'graphql';
import type { PubSub } from 'type-graphql';
import type { Config } from './config.js';
import type { EmbeddedPostgres } from './db/embedded.js';
import { openDatabase, type Database } from './db/open-database.js';
import { createLogger } from './api/logger.js';
import { Closers } from './lib/closers.js';
import { Metrics } from './api/metrics.js';
import { buildVitrinaSchema, createSchemaPubSub } from './api/schema.js';
import { resolverContainer } from './api/resolver-container.js';
import { reportDatabaseOutages } from './api/database-outage.js';
import { createApiServer, type ApiServer } from './api/server.js';
import { ApiKeyService } from './services/api-key.service.js';
import { HealthService } from './services/health.service.js';
import { createRepositories, type Repositories } from './repositories/index.js';
import { CatalogService } from './services/catalog.service.js';
import { CatalogImportService } from './services/catalog-import.service.js';
import { ImageStore } from './services/image-store.js';
import { EmbeddingService, EMBED_JOB } from './services/embedding.service.js';
import { JobQueue, RECOVERY_SWEEP_MS, STALE_AFTER_MS } from './services/job-queue.js';
import { JobWorker } from './services/job-worker.js';
import { ModelRegistry } from './services/model-registry.js';
import { SearchService } from './services/search.service.js';
import { FeedbackService } from './services/feedback.service.js';
import { FeedbackReviewService } from './services/feedback-review.service.js';
import { GalleryService } from './services/gallery.service.js';
import { TrainingStatsService } from './services/training-stats.service.js';
import { TrainingService, TRAIN_JOB } from './services/training.service.js';
import { VectorIndex } from './services/vector-index.js';
import { ExperimentService } from './services/experiment.service.js';
import { OperationalState } from './services/operational-state.js';
import { DriftService } from './services/drift.service.js';
import { RetrainingScheduler } from './services/retraining.scheduler.js';
import { PeriodicLeases } from './services/periodic-lease.js';
import { ExperimentScheduler } from './services/experiment.scheduler.js';
import { selectEncoder } from './ml/select-encoder.js';
import type { ImageEncoder } from './ml/encoder.js';
import { seedDemoCatalog } from './demo/demo-catalog.js';
import { TRAINING_RUN_TOPIC } from './resolvers/training.resolver.js';
import { CATALOG_TOPIC } from './resolvers/catalog-event.resolver.js';

export type VitrinaOptions = {
  logger?: Logger;
  /** An embedded database to use instead of opening DATA_DIR's (tests, or one started early). */
  database?: EmbeddedPostgres | Promise<EmbeddedPostgres>;
  /** Whether `stop()` closes `database` (default: only one vitrina opened itself). */
  ownsDatabase?: boolean;
  /** Listen on this port instead of the configured one (0 = any free port). */
  port?: number;
  /** The image encoder to use instead of the installed one. */
  encoder?: ImageEncoder;
  /** Run the job worker in this process (default true). */
  worker?: boolean;
};

export type Vitrina = {
  url: string;
  port: number;
  /** For tests and benchmarks, which read the database directly; the product goes through `repositories`. */
  dataSource: Database['dataSource'];
  repositories: Repositories;
  logger: Logger;
  services: {
    apiKeys: ApiKeyService;
    catalog: CatalogService;
    imports: CatalogImportService;
    images: ImageStore;
    registry: ModelRegistry;
    index: VectorIndex;
    embeddings: EmbeddingService;
    queue: JobQueue;
    searches: SearchService;
    feedback: FeedbackService;
    feedbackReview: FeedbackReviewService;
    gallery: GalleryService;
    trainingStats: TrainingStatsService;
    training: TrainingService;
    experiments: ExperimentService;
    drift: DriftService;
    retraining: RetrainingScheduler;
  };
  worker: JobWorker | null;
  stop(): Promise<void>;
};

/**
 * The composition root, read top to bottom: database, services, schema, HTTP server.
 * Everything opened here is closed by `stop()`, in reverse order.
 */
export async function startVitrina(config: Config, options: VitrinaOptions = {}): Promise<Vitrina> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const closers = new Closers(logger);
  const stop = () => closers.closeAll();

  try {
    const database = await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      logger,
      closers,
      embedded: options.database,
      ownsEmbedded: options.ownsDatabase,
    });
    const { embedded } = database;
    const pubSub: PubSub = createSchemaPubSub();
    const metrics = new Metrics();
    const repos = createRepositories(database.dataSource);
    const services = await createServices({ config, options, logger, closers, repos, embedded, pubSub, metrics });
    const { registry, index, training, experiments, catalog, embeddings } = services;
    const worker = (options.worker ?? true) ? await startWorkers(services, { embedded, logger, closers }) : null;

    // Periodic work runs on one replica at a time: the holder of each task's lease.
    const leases = new PeriodicLeases(repos);
    closers.push(['periodic leases', () => leases.release().catch(() => {})]);
    // A running experiment's automatic thresholds are checked every half minute; retrained versions get a trial.
    const experimentScheduler = new ExperimentScheduler(experiments, registry, logger);
    experimentScheduler.start(leases.turn);
    closers.push(['experiment evaluation', () => experimentScheduler.stop()]);
    // Drift of the serving versions (the drift gauges), and retraining when feedback or drift calls for it.
    const drift = new DriftService(repos, registry, metrics, logger, config.drift, index.foreground);
    drift.start(leases.turn);
    closers.push(['drift monitor', () => drift.stop()]);
    const retraining = new RetrainingScheduler({
      repos,
      training,
      registry,
      drift,
      logger,
      settings: config.retraining,
      experiments: experimentScheduler,
    });
    retraining.start(leases.turn);
    closers.push(['retraining scheduler', () => retraining.stop()]);
    if (config.demoCatalog) await seedDemoCatalog(catalog, logger);
    // Catch up on anything a previous run left unembedded (e.g. a new encoder or a crash).
    await embeddings.requestCatalogEmbedding();

    const schema = reportDatabaseOutages(await buildVitrinaSchema(resolverContainer({ ...services, drift }), pubSub));
    const { url, port } = await serve(schema, services, {
      config,
      port: options.port,
      logger,
      closers,
      metrics,
      database,
    });

    return {
      url,
      port,
      dataSource: database.dataSource,
      logger,
      repositories: repos,
      services: { ...services, drift, retraining },
      worker,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The services `createServices` makes (drift and retraining start after the workers). */
type CoreServices = Omit<Vitrina['services'], 'drift' | 'retraining'>;

type ServiceDeps = {
  config: Config;
  options: VitrinaOptions;
  logger: Logger;
  closers: Closers;
  repos: Repositories;
  embedded: boolean;
  pubSub: PubSub;
  metrics: Metrics;
};

/** The services that answer requests, wired to each other; the encoder is opened here. */
async function createServices({
  config,
  options,
  logger,
  closers,
  repos,
  embedded,
  pubSub,
  metrics,
}: ServiceDeps): Promise<CoreServices> {
  const apiKeys = new ApiKeyService(repos, config.adminApiKey);
  const keyFile = await apiKeys.bootstrapAdmin(path.join(config.dataDir, 'initial-admin-key'));
  if (keyFile)
    logger.warn({ file: keyFile }, 'created an admin API key and wrote it to this file (shown nowhere else)');
  const images = openImageStore(repos, config, embedded, logger);
  const { encoder, registry, index } = await openModels(repos, config, options, logger, closers);
  const queue = new JobQueue(repos);
  const gallery = new GalleryService(repos, registry, config.gallery, logger, metrics);
  const embeddings = new EmbeddingService(repos, encoder, images, registry, index, queue, logger, gallery);
  const catalog = new CatalogService(repos, images, async (kind, product) => {
    pubSub.publish(CATALOG_TOPIC, { kind, product });
    // Cross-service reactions live here, in the composition root. Awaited, so that a client
    // that has its answer finds the image's embedding job queued (the change itself stands
    // whatever happens here: a restart queues the job again).
    try {
      if (kind === 'image_added') await embeddings.requestCatalogEmbedding();
      else if (kind === 'deleted') await index.removeProduct(product.id);
    } catch (error) {
      logger.error({ err: error, kind }, 'could not follow a catalog change');
    }
  });
  const imports = new CatalogImportService(catalog, images);
  const experiments = new ExperimentService(repos, registry, index, metrics, logger);
  const searches = new SearchService(repos, images, embeddings, registry, index, experiments.router, metrics);
  const feedback = new FeedbackService(repos, searches, catalog, metrics, gallery);
  const feedbackReview = new FeedbackReviewService(repos, catalog);
  const trainingStats = new TrainingStatsService(repos);
  const training = new TrainingService({
    repos,
    registry,
    index,
    queue,
    logger,
    announce: (run) => pubSub.publish(TRAINING_RUN_TOPIC, run),
    onVersionReady: () => embeddings.requestCatalogEmbedding(),
    metrics,
    gallery,
  });
  // Queue depth, embedding backlog and the active version are read when Prometheus scrapes.
  metrics.watchState(new OperationalState(repos, experiments.router), {
    jobKinds: [EMBED_JOB, TRAIN_JOB],
    onError: (error, probe) =>
      logger.warn({ err: error, probe }, 'a metric could not be read; it keeps its last value'),
  });
  return {
    apiKeys,
    catalog,
    imports,
    images,
    registry,
    index,
    embeddings,
    queue,
    searches,
    feedback,
    feedbackReview,
    trainingStats,
    training,
    experiments,
    gallery,
  };
}

/** The image store; what a kill mid-upload left half-written is swept away in the background. */
function openImageStore(repos: Repositories, config: Config, embedded: boolean, logger: Logger): ImageStore {
  const images = new ImageStore(repos, config.dataDir, config.limits);
  // Another replica may share the image directory of an external database's deployment: there,
  // only files too old to be a write under way go.
  images.sweepTemporaryFiles(embedded ? 0 : 60 * 60_000).then(
    (removed) => removed > 0 && logger.info({ removed }, 'removed image files left half-written by a stop'),
    (error: unknown) => logger.warn({ err: error }, 'could not sweep half-written image files'),
  );
  return images;
}

/** The encoder (opened here unless one was given), the model versions, and the active one's vector index. */
async function openModels(
  repos: Repositories,
  config: Config,
  options: VitrinaOptions,
  logger: Logger,
  closers: Closers,
): Promise<{ encoder: ImageEncoder; registry: ModelRegistry; index: VectorIndex }> {
  const encoder = options.encoder ?? (await selectEncoder(config, logger));
  if (!options.encoder) closers.push(['encoder', async () => encoder.close?.()]);
  const registry = new ModelRegistry(repos, encoder, logger);
  const active = await registry.bootstrap();
  logger.info({ version: active.name, encoder: encoder.id, dim: encoder.dim }, 'model version serving');
  const index = new VectorIndex(repos);
  await index.ensureIndex(active);
  return { encoder, registry, index };
}

/**
 * Background work: the embedding and training workers. In embedded mode the only worker runs
 * here, so every running job is stale.
 */
async function startWorkers(
  { queue, embeddings, training }: CoreServices,
  { embedded, logger, closers }: { embedded: boolean; logger: Logger; closers: Closers },
): Promise<JobWorker> {
  const recovered = await queue.recoverStale({ all: embedded });
  if (recovered > 0) logger.warn({ recovered }, 'requeued jobs interrupted by a stop');
  const worker = new JobWorker(queue, { [EMBED_JOB]: (_job, signal) => embeddings.runCatalogJob(signal) }, logger);
  worker.start();
  closers.push(['job worker', () => worker.stop()]);
  // On a shared database another replica may be starting a run: its job follows its row.
  const failed = await training.failOrphans({ graceSeconds: embedded ? 0 : STALE_AFTER_MS / 1000 });
  if (failed > 0) logger.warn({ failed }, 'marked training runs whose job was lost as failed');
  // Training has its own worker: a long run must not hold up embedding new catalog images.
  const trainer = new JobWorker(queue, { [TRAIN_JOB]: (job, signal) => training.runJob(job, signal) }, logger);
  trainer.start();
  closers.push(['training worker', () => trainer.stop()]);
  if (!embedded) {
    // A replica killed mid-job leaves its job `running`: the other replicas look for stale jobs
    // all along, requeueing them (or failing them and their runs once out of attempts), so one
    // of them takes the work over within seconds.
    const recovery = setInterval(() => {
      queue
        .recoverStale()
        .then(() => training.failOrphans({ graceSeconds: STALE_AFTER_MS / 1000 }))
        .catch((error: unknown) => logger.warn({ err: error }, 'could not recover stale jobs'));
    }, RECOVERY_SWEEP_MS);
    recovery.unref();
    closers.push(['stale job recovery', async () => clearInterval(recovery)]);
  }
  return worker;
}

type ServeOptions = {
  config: Config;
  /** Instead of the configured port. */
  port?: number;
  logger: Logger;
  closers: Closers;
  metrics: Metrics;
  database: Database;
};

/** The HTTP server, listening: GraphQL, images, `/healthz` and `/metrics`. */
async function serve(
  schema: GraphQLSchema,
  { apiKeys, catalog, images, registry, experiments }: CoreServices,
  { config, port: requestedPort, logger, closers, metrics, database }: ServeOptions,
): Promise<{ url: string; port: number }> {
  const server: ApiServer = await createApiServer({
    config,
    logger,
    schema,
    metrics,
    apiKeys,
    catalog,
    images,
    rateLimitStore: database.sharedPool,
    health: new HealthService({
      pingDatabase: database.ping,
      activeVersion: () => registry.active(),
      degraded: () => experiments.router.degraded,
    }),
  });
  closers.push(['api server', () => server.stop()]);
  const port = await server.listen(requestedPort ?? config.port, config.host);
  const url = `http://127.0.0.1:${port}`;
  logger.info({ node: process.version, url: `${url}/graphql` }, 'vitrina is serving');
  return { url, port };
}
