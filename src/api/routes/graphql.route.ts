import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, { Router, type Request, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Authenticate } from '../authenticate.js';
import type { Context } from '../context.js';
import { refuseHttpSubscriptions } from '../http-subscriptions.js';
import { httpCaller } from '../rate-limit.js';
import { graphqlUploads } from '../uploads.js';

export type GraphQLRouteDeps = {
  apollo: ApolloServer<Context>;
  limits: Pick<Config['limits'], 'uploadBytes' | 'requestBytes'>;
  /** The parser's token limit (a subscription sent over HTTP is parsed to be refused). */
  maxTokens: number;
  authenticate: Authenticate;
  /** The request budgets, taken before an upload is read or a key looked up. */
  rateLimit: RequestHandler;
};

/** `POST /graphql` (JSON or a multipart upload) and `GET /graphql`: budgets, bodies, then Apollo. */
export function graphqlRoute({ apollo, limits, maxTokens, authenticate, rateLimit }: GraphQLRouteDeps): Router {
  const router = Router();
  router.use(
    rateLimit,
    graphqlUploads({ maxFileSize: limits.uploadBytes, maxFiles: 1, maxFieldSize: limits.requestBytes }),
    express.json({ limit: limits.requestBytes }),
    refuseHttpSubscriptions(maxTokens),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> => {
        const request = req as Request & { id: string; log: Logger };
        return { requestId: request.id, logger: request.log, actor: await authenticate(httpCaller(req)) };
      },
    }),
  );
  return router;
}
