import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { PubSub } from 'type-graphql';
import type { Config } from './config.js';
import { embeddedOptions, startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded.js';
import { connectionPool, createDataSource, migrate } from './db/data-source.js';
import { createLogger } from './api/logger.js';
import { Metrics } from './api/metrics.js';
import { buildVitrinaSchema, createSchemaPubSub } from './api/schema.js';
import { reportDatabaseOutages } from './api/database-outage.js';
import { createApiServer, type ApiServer } from './api/server.js';
import { ApiKeyService } from './services/api-key.service.js';
import { CatalogService } from './services/catalog.service.js';
import { ImageStore } from './services/image-store.js';
import { EmbeddingService, EMBED_JOB } from './services/embedding.service.js';
import { JobQueue, STALE_AFTER_MS } from './services/job-queue.js';
import { JobWorker } from './services/job-worker.js';
import { ModelRegistry } from './services/model-registry.js';
import { SearchService } from './services/search.service.js';
import { FeedbackService } from './services/feedback.service.js';
import { TrainingService, TRAIN_JOB } from './services/training.service.js';
import { VectorIndex } from './services/vector-index.js';
import { ExperimentService } from './services/experiment.service.js';
import { ExperimentResolver } from './resolvers/experiment.resolver.js';
import { OperationalState } from './services/operational-state.js';
import { DriftService } from './services/drift.service.js';
import { RetrainingScheduler } from './services/retraining.scheduler.js';
import { DriftResolver } from './resolvers/drift.resolver.js';
import { selectEncoder } from './ml/select-encoder.js';
import type { ImageEncoder } from './ml/encoder.js';
import { seedDemoCatalog } from './demo/demo-catalog.js';
import { SearchResolver } from './resolvers/search.resolver.js';
import { FeedbackResolver } from './resolvers/feedback.resolver.js';
import { ModelVersionResolver } from './resolvers/model-version.resolver.js';
import { TrainingResolver, TRAINING_RUN_TOPIC } from './resolvers/training.resolver.js';
import { ApiKeyResolver } from './resolvers/api-key.resolver.js';
import { CatalogEventResolver, CATALOG_TOPIC } from './resolvers/catalog-event.resolver.js';
import { ProductImageResolver, ProductResolver } from './resolvers/product.resolver.js';

const EXPERIMENT_EVALUATION_MS = 30_000;

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
  dataSource: DataSource;
  logger: Logger;
  services: {
    apiKeys: ApiKeyService;
    catalog: CatalogService;
    images: ImageStore;
    registry: ModelRegistry;
    index: VectorIndex;
    embeddings: EmbeddingService;
    queue: JobQueue;
    searches: SearchService;
    feedback: FeedbackService;
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
  const closers: Array<[string, () => Promise<void>]> = [];
  const stop = async () => {
    for (const [name, close] of closers.reverse()) {
      const started = Date.now();
      await close().catch((error: unknown) => logger.error({ err: error, name }, 'error during shutdown'));
      logger.debug({ name, ms: Date.now() - started }, 'closed');
    }
    closers.length = 0;
  };

  try {
    // Database: the configured PostgreSQL, or PGlite persisted under DATA_DIR.
    let url = config.databaseUrl;
    const embedded = !url;
    if (!url) {
      const database = await (options.database ?? startEmbeddedPostgres(embeddedOptions(config.dataDir)));
      if (!options.database || options.ownsDatabase) closers.push(['embedded database', () => database.close()]);
      url = database.url;
      logger.info({ dataDir: config.dataDir }, 'embedded PostgreSQL (PGlite) ready');
    }
    const dataSource = createDataSource({ url, embedded, logger });
    await dataSource.initialize();
    closers.push(['data source', () => dataSource.destroy()]);
    const applied = await migrate(dataSource, { lock: !embedded });
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

    // Services.
    const pubSub: PubSub = createSchemaPubSub();
    const metrics = new Metrics();
    const apiKeys = new ApiKeyService(dataSource, config.adminApiKey);
    const keyFile = await apiKeys.bootstrapAdmin(path.join(config.dataDir, 'initial-admin-key'));
    if (keyFile)
      logger.warn({ file: keyFile }, 'created an admin API key and wrote it to this file (shown nowhere else)');
    const images = new ImageStore(dataSource, config.dataDir, config.limits);
    // Left by a kill mid-upload. Another replica may share the image directory of an external
    // database's deployment: there, only files too old to be a write under way go.
    images.sweepTemporaryFiles(embedded ? 0 : 60 * 60_000).then(
      (removed) => removed > 0 && logger.info({ removed }, 'removed image files left half-written by a stop'),
      (error: unknown) => logger.warn({ err: error }, 'could not sweep half-written image files'),
    );
    const encoder = options.encoder ?? (await selectEncoder(config, logger));
    if (!options.encoder) closers.push(['encoder', async () => encoder.close?.()]);
    const registry = new ModelRegistry(dataSource, encoder, logger);
    const active = await registry.bootstrap();
    logger.info({ version: active.name, encoder: encoder.id, dim: encoder.dim }, 'model version serving');
    const index = new VectorIndex(dataSource);
    await index.ensureIndex(active);
    const queue = new JobQueue(dataSource);
    const embeddings = new EmbeddingService(dataSource, encoder, images, registry, index, queue, logger);
    const catalog = new CatalogService(dataSource, images, async (kind, product) => {
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
    const experiments = new ExperimentService(dataSource, registry, index, metrics, logger);
    const searches = new SearchService(dataSource, images, embeddings, registry, index, experiments.router, metrics);
    const feedback = new FeedbackService(dataSource, searches, catalog, metrics);
    const training = new TrainingService(
      dataSource,
      registry,
      index,
      queue,
      logger,
      (run) => pubSub.publish(TRAINING_RUN_TOPIC, run),
      () => embeddings.requestCatalogEmbedding(),
      metrics,
    );
    // Queue depth, embedding backlog and the active version are read when Prometheus scrapes.
    metrics.watchState(new OperationalState(dataSource), {
      jobKinds: [EMBED_JOB, TRAIN_JOB],
      onError: (error, probe) =>
        logger.warn({ err: error, probe }, 'a metric could not be read; it keeps its last value'),
    });

    // Background work: in embedded mode the only worker runs here, so every running job is stale.
    let worker: JobWorker | null = null;
    if (options.worker ?? true) {
      const recovered = await queue.recoverStale({ all: embedded });
      if (recovered > 0) logger.warn({ recovered }, 'requeued jobs interrupted by a stop');
      worker = new JobWorker(queue, { [EMBED_JOB]: (_job, signal) => embeddings.runCatalogJob(signal) }, logger);
      worker.start();
      closers.push(['job worker', () => worker!.stop()]);
      // On a shared database another replica may be starting a run: its job follows its row.
      const failed = await training.failOrphans({ graceSeconds: embedded ? 0 : STALE_AFTER_MS / 1000 });
      if (failed > 0) logger.warn({ failed }, 'marked training runs whose job was lost as failed');
      // Training has its own worker: a long run must not hold up embedding new catalog images.
      const trainer = new JobWorker(queue, { [TRAIN_JOB]: (job, signal) => training.runJob(job, signal) }, logger);
      trainer.start();
      closers.push(['training worker', () => trainer.stop()]);
      if (!embedded) {
        // A replica killed mid-job leaves its job `running`, and one restarted within a minute
        // does not find it stale yet: the replicas look for stale jobs all along, requeueing
        // them (or failing them and their runs once out of attempts).
        const recovery = setInterval(() => {
          queue
            .recoverStale()
            .then(() => training.failOrphans({ graceSeconds: STALE_AFTER_MS / 1000 }))
            .catch((error: unknown) => logger.warn({ err: error }, 'could not recover stale jobs'));
        }, STALE_AFTER_MS / 2);
        recovery.unref();
        closers.push(['stale job recovery', async () => clearInterval(recovery)]);
      }
    }
    // A running experiment's automatic thresholds are checked every half minute.
    const judge = setInterval(() => {
      experiments.evaluate().catch((error: unknown) => logger.error({ err: error }, 'experiment evaluation failed'));
    }, EXPERIMENT_EVALUATION_MS);
    judge.unref();
    closers.push(['experiment evaluation', async () => clearInterval(judge)]);
    // Drift of the serving versions (the drift gauges), and retraining when feedback or drift calls for it.
    const drift = new DriftService(dataSource, registry, metrics, logger, config.drift, index.foreground);
    drift.start();
    closers.push(['drift monitor', () => drift.stop()]);
    const retraining = new RetrainingScheduler({
      dataSource,
      training,
      feedback,
      registry,
      drift,
      logger,
      settings: config.retraining,
      // A retrained version meets live traffic first: a SPLIT giving it `share` of the users.
      startExperiment: async (candidateId, share) => {
        const control = await registry.active();
        return experiments.create('scheduler', {
          name: `retrained ${new Date().toISOString().slice(0, 16)}`,
          mode: 'split',
          arms: [
            { modelVersionId: control.id, weight: 1 - share },
            { modelVersionId: candidateId, weight: share },
          ],
        });
      },
    });
    retraining.start();
    closers.push(['retraining scheduler', () => retraining.stop()]);
    if (config.demoCatalog) await seedDemoCatalog(dataSource, catalog, logger);
    // Catch up on anything a previous run left unembedded (e.g. a new encoder or a crash).
    await embeddings.requestCatalogEmbedding();

    // GraphQL.
    const instances = new Map<Function, unknown>([
      [ApiKeyResolver, new ApiKeyResolver(apiKeys)],
      [ProductResolver, new ProductResolver(catalog, images)],
      [ProductImageResolver, new ProductImageResolver(catalog)],
      [CatalogEventResolver, new CatalogEventResolver()],
      [SearchResolver, new SearchResolver(searches, images, registry)],
      [FeedbackResolver, new FeedbackResolver(feedback)],
      [ModelVersionResolver, new ModelVersionResolver(registry)],
      [TrainingResolver, new TrainingResolver(training, registry)],
      [ExperimentResolver, new ExperimentResolver(experiments)],
      [DriftResolver, new DriftResolver(drift)],
    ]);
    const schema = reportDatabaseOutages(await buildVitrinaSchema({ get: (cls) => instances.get(cls) }, pubSub));

    const server: ApiServer = await createApiServer({
      config,
      logger,
      schema,
      metrics,
      apiKeys,
      catalog,
      images,
      rateLimitStore: embedded ? undefined : connectionPool(dataSource),
      health: async () => {
        try {
          await dataSource.query('SELECT 1');
        } catch (error) {
          // Named, so that an operator sees which dependency is down (503 until it answers again).
          const reason = (error as { code?: string }).code ?? (error as Error).message;
          return { ok: false, checks: { database: `unavailable (${reason})` } };
        }
        const version = await registry.active();
        const checks: Record<string, string> = { database: 'ok', model: version.name };
        // Still serving: the last good version answers while the active one cannot.
        const degraded = experiments.router.degraded;
        if (degraded)
          checks.fallback = `${degraded.version} cannot serve (${degraded.reason}); the last good version serves`;
        return { ok: true, checks };
      },
    });
    closers.push(['api server', () => server.stop()]);
    const port = await server.listen(options.port ?? config.port, config.host);
    const url_ = `http://127.0.0.1:${port}`;
    logger.info({ url: `${url_}/graphql` }, 'vitrina is serving');

    return {
      url: url_,
      port,
      dataSource,
      logger,
      services: {
        apiKeys,
        catalog,
        images,
        registry,
        index,
        embeddings,
        queue,
        searches,
        feedback,
        training,
        experiments,
        drift,
        retraining,
      },
      worker,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
