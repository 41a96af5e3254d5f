import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, { Router, type Request, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Authenticate } from '../authenticate.js';
import type { Context } from '../context.js';
import { refuseHttpSubscriptions } from '../http-subscriptions.js';
import { httpCaller } from '../rate-limit.js';
import type { RequestCounter } from '../request-counting.js';
import type { Actor } from '../../services/principal.js';
import { IMPORT_BATCH_MAX, IMPORT_IMAGES_MAX } from '../../services/catalog-import.service.js';
import { graphqlUploads } from '../uploads.js';

export type GraphQLRouteDeps = {
  apollo: ApolloServer<Context>;
  limits: Pick<Config['limits'], 'uploadBytes' | 'requestBytes' | 'importRequestBytes'>;
  /** The parser's token limit (a subscription sent over HTTP is parsed to be refused). */
  maxTokens: number;
  authenticate: Authenticate;
  /** The request budgets, taken before an upload is read or a key looked up. */
  rateLimit: RequestHandler;
  /** Counts every request, whoever answers it. */
  requests: RequestCounter;
};

/**
 * `POST /graphql` (JSON or a multipart upload) and `GET /graphql`: budgets, the caller, bodies,
 * then Apollo. The caller is known before an upload is read: one file per request for everyone,
 * a bulk import's files (within `importRequestBytes`) for admins only.
 */
export function graphqlRoute({
  apollo,
  limits,
  maxTokens,
  authenticate,
  rateLimit,
  requests,
}: GraphQLRouteDeps): Router {
  const actors = new WeakMap<Request, Promise<Actor | null>>();
  const router = Router();
  router.use(
    requests.http(),
    rateLimit,
    (req, _res, next) => {
      const actor = authenticate(httpCaller(req));
      actor.catch(() => {}); // answered by Apollo's context, below, as UNAUTHENTICATED
      actors.set(req, actor);
      next();
    },
    uploadsByRole(limits, (req) => actors.get(req)!),
    express.json({ limit: limits.requestBytes }),
    refuseHttpSubscriptions(maxTokens),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> => {
        const request = req as Request & { id: string; log: Logger };
        return {
          requestId: request.id,
          logger: request.log,
          actor: await actors.get(request)!,
          outcome: requests.outcomeOf(request),
        };
      },
    }),
  );
  return router;
}

function uploadsByRole(
  limits: GraphQLRouteDeps['limits'],
  actorOf: (req: Request) => Promise<Actor | null>,
): RequestHandler {
  const common = { maxFileSize: limits.uploadBytes, maxFieldSize: limits.requestBytes };
  const single = graphqlUploads({ ...common, maxFiles: 1 });
  const bulk = graphqlUploads({ ...common, maxFiles: IMPORT_BATCH_MAX * IMPORT_IMAGES_MAX });
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    actorOf(req).then(
      (actor) => {
        if (!actor?.roles.has('admin')) return single(req, res, next);
        if (Number(req.headers['content-length'] ?? 0) > limits.importRequestBytes) {
          req.resume();
          return next(
            Object.assign(new Error(`A request may carry at most ${limits.importRequestBytes} bytes of uploads`), {
              status: 413,
              expose: true,
            }),
          );
        }
        return bulk(req, res, next);
      },
      () => single(req, res, next),
    );
  };
}
