import type { RequestHandler } from 'express';
import { Kind, parse } from 'graphql';
import { errorResponse } from './errors.js';

/**
 * Subscriptions run over WebSocket (graphql-ws); over HTTP, a document with a subscription is
 * refused with a 400. Apollo would run one as a query and fail on its null root field, and
 * graphql-js's validation throws on `@skip`/`@include` with a variable at a subscription's root:
 * either way a 500.
 */
export function refuseHttpSubscriptions(maxTokens: number): RequestHandler {
  return (req, res, next) => {
    const body = req.body as { query?: unknown } | undefined;
    const query = typeof body?.query === 'string' ? body.query : req.query.query;
    if (typeof query !== 'string' || !query.includes('subscription')) return next();
    let subscribes: boolean;
    try {
      subscribes = parse(query, { maxTokens, noLocation: true }).definitions.some(
        (d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'subscription',
      );
    } catch {
      return next(); // Apollo answers a document that does not parse.
    }
    if (!subscribes) return next();
    res.status(400).json(
      errorResponse('Subscriptions run over WebSocket (graphql-transport-ws) at /graphql, not over HTTP', {
        code: 'BAD_REQUEST',
      }),
    );
  };
}
