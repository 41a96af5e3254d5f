import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { ApiKeyService } from '../services/api-key.service.js';
import type { CatalogService } from '../services/catalog.service.js';
import type { HealthReport } from '../services/health.service.js';
import type { ImageStore } from '../services/image-store.js';
import { startApollo } from './apollo.js';
import { authenticator } from './authenticate.js';
import { ErrorReporter } from './error-reporting.js';
import { graphqlLimits } from './graphql-limits.js';
import type { Metrics } from './metrics.js';
import { RequestRateLimiter, rateLimitRequests } from './rate-limit.js';
import { RequestCounter } from './request-counting.js';
import { requestLogging } from './request-logging.js';
import { graphqlRoute } from './routes/graphql.route.js';
import { healthRoute } from './routes/health.route.js';
import { imagesRoute } from './routes/images.route.js';
import { metricsRoute } from './routes/metrics.route.js';
import { serveWebSocket } from './websocket.js';

export { INTROSPECTION_DEPTH } from './graphql-limits.js';

export type ApiServerDeps = {
  config: Config;
  logger: Logger;
  schema: GraphQLSchema;
  metrics: Metrics;
  apiKeys: ApiKeyService;
  catalog: CatalogService;
  images: ImageStore;
  /** With a shared PostgreSQL: where replicas keep their common request budgets. */
  rateLimitStore?: Pool;
  /** Readiness, for `/healthz`. */
  health: { check(): Promise<HealthReport> };
};

export type ApiServer = {
  httpServer: http.Server;
  listen(port: number, host: string): Promise<number>;
  stop(): Promise<void>;
};

/**
 * The HTTP server: GraphQL on `/graphql` over HTTP (Apollo, with multipart uploads) and
 * WebSocket (graphql-ws), stored images on `/images`, `/healthz` and `/metrics`. Both GraphQL
 * transports share the document limits, the request budgets, authentication and error reporting.
 */
export async function createApiServer(deps: ApiServerDeps): Promise<ApiServer> {
  const { config, logger, schema, metrics } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Behind load balancers named in TRUST_PROXY, `req.ip` is the client their X-Forwarded-For names.
  app.set('trust proxy', config.trustProxy.length > 0 ? config.trustProxy : false);
  const httpServer = http.createServer(app);

  const limits = graphqlLimits(config.limits.queryDepth);
  const errors = new ErrorReporter(metrics, logger);
  const requests = new RequestCounter(metrics, schema);
  const rateLimiter = new RequestRateLimiter(config.limits.rate, deps.rateLimitStore);
  const rateLimit = rateLimitRequests(rateLimiter, errors);
  const authenticate = authenticator(deps.apiKeys, rateLimiter, config.bot);

  const webSocket = serveWebSocket({
    httpServer,
    schema,
    config,
    logger,
    errors,
    requests,
    apiKeys: deps.apiKeys,
    limits,
    rateLimiter,
    authenticate,
  });
  const apollo = await startApollo({
    schema,
    httpServer,
    limits,
    errors,
    requests,
    onDrain: () => webSocket.dispose(),
  });

  app.use(requestLogging(logger));
  // Stored images are served as their decoded format says; browsers must not guess otherwise (polyglots).
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.get('/healthz', healthRoute(deps.health));
  app.get('/metrics', metricsRoute(metrics.registry, config.metricsToken));
  app.use('/images', imagesRoute({ catalog: deps.catalog, images: deps.images, authenticate, rateLimit }));
  app.use(
    '/graphql',
    graphqlRoute({ apollo, limits: config.limits, maxTokens: limits.maxTokens, authenticate, rateLimit, requests }),
  );
  app.use(errors.httpHandler());

  return {
    httpServer,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
      }),
    async stop() {
      await apollo.stop();
      webSocket.close();
    },
  };
}
