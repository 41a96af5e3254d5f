import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { PubSub } from 'type-graphql';
import type { Config } from './config.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded.js';
import { createDataSource, migrate } from './db/data-source.js';
import { createLogger } from './api/logger.js';
import { Metrics } from './api/metrics.js';
import { buildVitrinaSchema, createSchemaPubSub } from './api/schema.js';
import { createApiServer, type ApiServer } from './api/server.js';
import { ApiKeyService } from './services/api-key.service.js';
import { CatalogService } from './services/catalog.service.js';
import { ImageStore } from './services/image-store.js';
import { ApiKeyResolver } from './resolvers/api-key.resolver.js';
import { CatalogEventResolver, CATALOG_TOPIC } from './resolvers/catalog-event.resolver.js';
import { ProductImageResolver, ProductResolver } from './resolvers/product.resolver.js';

export type VitrinaOptions = {
  logger?: Logger;
  /** An embedded database to use instead of opening DATA_DIR's (tests, or one started early). */
  database?: EmbeddedPostgres | Promise<EmbeddedPostgres>;
  /** Whether `stop()` closes `database` (default: only one vitrina opened itself). */
  ownsDatabase?: boolean;
  /** Listen on this port instead of the configured one (0 = any free port). */
  port?: number;
};

export type Vitrina = {
  url: string;
  port: number;
  dataSource: DataSource;
  logger: Logger;
  services: { apiKeys: ApiKeyService; catalog: CatalogService; images: ImageStore };
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
      const database = await (options.database ??
        startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pgdata') }));
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
    const images = new ImageStore(dataSource, config.dataDir, config.limits);
    const catalog = new CatalogService(dataSource, images, (kind, product) =>
      pubSub.publish(CATALOG_TOPIC, { kind, product }),
    );

    // GraphQL.
    const instances = new Map<Function, unknown>([
      [ApiKeyResolver, new ApiKeyResolver(apiKeys)],
      [ProductResolver, new ProductResolver(catalog, images)],
      [ProductImageResolver, new ProductImageResolver(catalog)],
      [CatalogEventResolver, new CatalogEventResolver()],
    ]);
    const schema = await buildVitrinaSchema({ get: (cls) => instances.get(cls) }, pubSub);

    const server: ApiServer = await createApiServer({
      config,
      logger,
      schema,
      metrics,
      apiKeys,
      catalog,
      images,
      health: async () => {
        await dataSource.query('SELECT 1');
        return { ok: true, checks: { database: 'ok' } };
      },
    });
    closers.push(['api server', () => server.stop()]);
    const port = await server.listen(options.port ?? config.port, config.host);
    const url_ = `http://127.0.0.1:${port}`;
    logger.info({ url: `${url_}/graphql` }, 'vitrina is serving');

    return { url: url_, port, dataSource, logger, services: { apiKeys, catalog, images }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
