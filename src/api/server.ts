import { randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express, { type Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config.js';
import { hashKey, type ApiKeyService } from '../services/api-key.service.js';
import type { CatalogService } from '../services/catalog.service.js';
import type { ImageStore } from '../services/image-store.js';
import { bearerToken, resolveActor, type Context } from './context.js';
import {
  errorResponse,
  formatError,
  isConnectionError,
  isPublicError,
  RequestUnauthenticatedError,
  UNAVAILABLE_MESSAGE,
} from './errors.js';
import { refuseHttpSubscriptions } from './http-subscriptions.js';
import { graphqlUploads } from './uploads.js';
import { serveWebSocket } from './websocket.js';
import type { Metrics } from './metrics.js';
import { httpCaller, RequestRateLimiter, rateLimitRequests, type Caller } from './rate-limit.js';

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
  /** Null when ready to serve; otherwise what is not ready yet (for `/healthz`). */
  health: () => Promise<{ ok: boolean; checks: Record<string, string> }>;
};

export type ApiServer = {
  httpServer: http.Server;
  listen(port: number, host: string): Promise<number>;
  stop(): Promise<void>;
};

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** The depth of graphql-js's `getIntrospectionQuery()`, fragments flattened (tests/integration/api/security.test.ts checks it). */
export const INTROSPECTION_DEPTH = 15;
/** Tokens in a GraphQL document, over HTTP and WebSocket alike. */
const MAX_TOKENS = 2000;

/** Express + Apollo Server (HTTP and multipart uploads) + graphql-ws on `/graphql`. */
export async function createApiServer(deps: ApiServerDeps): Promise<ApiServer> {
  const { config, logger, schema, metrics } = deps;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.queryDepth },
    maxAliases: { n: 15 },
    maxDirectives: { n: 20 },
    // Armor's token limit re-parses the document in a plugin hook, where any syntax error becomes a 500;
    // the parser's own `maxTokens` (parseOptions below) refuses a flood as GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    costLimit: { maxCost: 5000 },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  // Armor leaves `__schema` out of the depth limit: introspection gets one too, as deep as the
  // standard introspection query (GraphiQL, codegen) needs and no deeper.
  const introspectionDepth = new ApolloArmor({
    maxDepth: {
      n: Math.max(config.limits.queryDepth, INTROSPECTION_DEPTH),
      ignoreIntrospection: false,
      flattenFragments: true,
    },
    costLimit: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const validationRules = [...armor.validationRules, ...introspectionDepth.validationRules];

  const rateLimiter = new RequestRateLimiter(config.limits.rate, deps.rateLimitStore);
  /** A refused key counts against its address (a new random token per request is no way around the limits). */
  const authenticate = async (caller: Caller, resolve: () => Promise<Context['actor']>) => {
    try {
      return await resolve();
    } catch (error) {
      if (error instanceof RequestUnauthenticatedError) await rateLimiter.authenticationFailed(caller.address);
      throw error;
    }
  };
  /** The caller of an HTTP request, from its Authorization and X-End-User headers. */
  const requestActor = (req: Request) =>
    authenticate(httpCaller(req), () =>
      resolveActor(
        { authorization: req.headers.authorization, endUser: header(req.headers['x-end-user']) },
        deps.apiKeys,
        config.bot,
      ),
    );

  const webSocket = serveWebSocket({
    httpServer,
    schema,
    config,
    logger,
    metrics,
    apiKeys: deps.apiKeys,
    validationRules,
    maxTokens: MAX_TOKENS,
    rateLimiter,
    authenticate,
  });

  const errorLogging: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = isPublicError(error)
              ? String(error.extensions?.code ?? 'BAD_USER_INPUT')
              : 'INTERNAL_SERVER_ERROR';
            metrics.errors.inc({ code });
            if (code === 'INTERNAL_SERVER_ERROR') {
              contextValue.logger.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error');
            }
          }
        },
      };
    },
  };

  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    // The process owns shutdown (src/main.ts): one orderly stop of server, database and workers.
    stopOnTerminationSignals: false,
    introspection: true,
    formatError,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules,
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<Context>[]),
      errorLogging,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await webSocket.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: (req) => ({ requestId: req.id }),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    }),
  );

  // Stored images are served as their decoded format says; browsers must not guess otherwise (polyglots).
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  app.get('/healthz', async (_req, res) => {
    const health = await deps.health().catch((error: Error) => ({ ok: false, checks: { error: error.message } }));
    res.status(health.ok ? 200 : 503).json({ status: health.ok ? 'ok' : 'unavailable', ...health.checks });
  });

  const metricsToken = config.metricsToken ? hashKey(config.metricsToken) : null;
  app.get('/metrics', async (req, res) => {
    if (metricsToken) {
      const presented = bearerToken(req.headers.authorization);
      if (!presented || !timingSafeEqual(hashKey(presented), metricsToken)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return void res.status(401).type('text/plain').send('metrics need METRICS_TOKEN as a bearer token\n');
      }
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  app.use('/images', rateLimitRequests(rateLimiter, metrics));
  app.get('/images/:sha256', async (req, res, next) => {
    try {
      const image = await deps.catalog.catalogImage(req.params.sha256);
      if (image) {
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        return void res.sendFile(deps.images.pathOf(image.sha256, image.format));
      }
      // Shoppers' query photos are not public: admins see them to review feedback and suggestions.
      const actor = req.headers.authorization ? await requestActor(req).catch(() => null) : null;
      const stored = actor?.roles.has('admin') ? await deps.images.find(req.params.sha256) : null;
      if (!stored) return void res.status(404).json({ error: 'not found' });
      res.setHeader('Cache-Control', 'private, max-age=3600');
      res.sendFile(deps.images.pathOf(stored.sha256, stored.format));
    } catch (error) {
      next(error);
    }
  });

  app.use(
    '/graphql',
    rateLimitRequests(rateLimiter, metrics),
    graphqlUploads({
      maxFileSize: config.limits.uploadBytes,
      maxFiles: 1,
      maxFieldSize: config.limits.requestBytes,
    }),
    express.json({ limit: config.limits.requestBytes }),
    refuseHttpSubscriptions(MAX_TOKENS),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> => {
        const request = req as Request & { id: string; log: Logger };
        return {
          requestId: request.id,
          logger: request.log,
          actor: await requestActor(req),
        };
      },
    }),
  );

  app.use(
    (
      error: Error & { status?: number; expose?: boolean },
      req: Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      if (isConnectionError(error)) {
        // E.g. /images/… while the database is away: as the GraphQL endpoint answers then.
        res.status(503).json(errorResponse(UNAVAILABLE_MESSAGE, { code: 'SERVICE_UNAVAILABLE' }));
        return;
      }
      const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
      if (status === 500) (req as Request & { log?: Logger }).log?.error({ err: error }, 'request failed');
      const message = status === 500 ? 'Internal server error' : error.expose === false ? 'Bad request' : error.message;
      const code = status === 413 ? 'BAD_USER_INPUT' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
      res.status(status).json(errorResponse(message, { code }));
    },
  );

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

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
