import type { ApolloServerPlugin } from '@apollo/server';
import type { ErrorRequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Context } from './context.js';
import { clientCode, errorResponse, httpErrorAnswer } from './errors.js';
import type { Metrics } from './metrics.js';

/** Where a report is logged: the request's logger when there is one, and what else to say. */
export type ReportScope = { logger?: Logger; [binding: string]: unknown };

/**
 * Every error a client is sent, over every transport, is counted here by the code it went with
 * (`formatError`'s for GraphQL, `httpErrorAnswer`'s outside it); an internal error, the one kind
 * nobody expected, is logged too. Which code an error gets is decided in src/api/errors.ts alone.
 */
export class ErrorReporter {
  constructor(
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  report(code: string, error?: unknown, { logger = this.logger, ...bindings }: ReportScope = {}): void {
    this.metrics.errors.inc({ code });
    if (code !== 'INTERNAL_SERVER_ERROR') return;
    const graphql = error instanceof GraphQLError ? error : undefined;
    logger.error({ err: graphql?.originalError ?? error, path: graphql?.path, ...bindings }, 'unexpected error');
  }

  /** Apollo's plugin: the errors of a GraphQL request over HTTP. */
  apolloPlugin(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async () => ({
        didEncounterErrors: async ({ errors, contextValue }) => {
          for (const error of errors) this.report(clientCode(error), error, { logger: contextValue?.logger });
        },
      }),
    };
  }

  /** Express's error handler: requests that failed outside GraphQL get a GraphQL-shaped answer. */
  httpHandler(): ErrorRequestHandler {
    return (error, req, res, _next) => {
      const { status, message, code } = httpErrorAnswer(error as Error);
      this.report(code, error, { logger: (req as { log?: Logger }).log });
      res.status(status).json(errorResponse(message, { code }));
    };
  }
}
