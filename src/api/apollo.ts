import type http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import type { ErrorReporter } from './error-reporting.js';
import { formatError } from './errors.js';
import type { GraphQLLimits } from './graphql-limits.js';
import type { RequestCounter } from './request-counting.js';

export type ApolloDeps = {
  schema: GraphQLSchema;
  httpServer: http.Server;
  limits: GraphQLLimits;
  errors: ErrorReporter;
  requests: RequestCounter;
  /** Called while the HTTP server drains (the WebSocket server closes its connections). */
  onDrain: () => Promise<void>;
};

/** Apollo Server for GraphQL over HTTP, started: masked errors, no batching, the document limits. */
export async function startApollo({ schema, httpServer, limits, errors, requests, onDrain }: ApolloDeps) {
  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    // The process owns shutdown (src/main.ts): one orderly stop of server, database and workers.
    stopOnTerminationSignals: false,
    introspection: true,
    formatError,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: limits.validationRules,
    plugins: [
      ...limits.plugins,
      errors.apolloPlugin(),
      requests.apolloPlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: onDrain }) },
    ],
  });
  await apollo.start();
  return apollo;
}
