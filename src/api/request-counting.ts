import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Context, RequestOutcome } from './context.js';
import type { Metrics } from './metrics.js';

/** A request that never named a valid operation: it did not parse or validate, or was refused first. */
export const UNKNOWN_OPERATION = 'unknown';
/** A document that asks several root fields at once. */
const MULTIPLE_OPERATIONS = 'multiple';

/**
 * Every GraphQL request, over either transport, counted once by operation and outcome
 * (`vitrina_graphql_requests_total`). The error alerts divide by it: divided by the searches
 * served, as they were, errors had no denominator once every search failed.
 *
 * Over HTTP a request is counted when its connection closes: it failed if it was answered with
 * an error status, if Apollo met an error while answering it (an internal error is answered with
 * 200), or if no answer was sent at all (the client gave up on a stalled server). Over WebSocket
 * an operation is counted when it starts, or is refused.
 */
export class RequestCounter {
  private readonly outcomes = new WeakMap<Request, RequestOutcome>();

  constructor(
    private readonly metrics: Metrics,
    schema: GraphQLSchema,
  ) {
    // Each operation starts at 0: after a restart, increase() sees the first failure too.
    for (const operation of [...rootFieldNames(schema), UNKNOWN_OPERATION]) {
      for (const outcome of ['ok', 'error']) metrics.graphqlRequests.inc({ operation, outcome }, 0);
    }
  }

  count(operation: string, failed: boolean): void {
    this.metrics.graphqlRequests.inc({ operation, outcome: failed ? 'error' : 'ok' });
  }

  /** Express, first on the GraphQL route: before the budgets and the body parsers can refuse it. */
  http(): RequestHandler {
    return (req, res, next) => {
      const outcome: RequestOutcome = { operation: UNKNOWN_OPERATION, failed: false };
      this.outcomes.set(req, outcome);
      res.once('close', () =>
        this.count(outcome.operation, outcome.failed || !res.writableFinished || res.statusCode >= 400),
      );
      next();
    };
  }

  /**
   * What Apollo's plugin fills in for this request, to be put in its context: the plugin sees the
   * context (a shallow copy of it), not the request.
   */
  outcomeOf(req: Request): RequestOutcome | undefined {
    return this.outcomes.get(req);
  }

  apolloPlugin(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async ({ contextValue }) => {
        const outcome = contextValue.outcome;
        if (!outcome) return;
        return {
          didResolveOperation: async ({ document, operation }) => {
            outcome.operation = operationLabel(document, operation);
          },
          didEncounterErrors: async () => {
            outcome.failed = true;
          },
        };
      },
    };
  }
}

/**
 * The `operation` label of a valid document: the root field it asks for (bounded by the schema,
 * unlike an operation's name, which the client picks), `multiple` when it asks several.
 */
export function operationLabel(document: DocumentNode, operation: OperationDefinitionNode | null | undefined): string {
  if (!operation) return UNKNOWN_OPERATION;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const fields = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else {
        // Validation has refused unknown and cyclic fragments.
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  if (fields.size === 0) return UNKNOWN_OPERATION;
  return fields.size === 1 ? [...fields][0]! : MULTIPLE_OPERATIONS;
}

function rootFieldNames(schema: GraphQLSchema): string[] {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
    type ? Object.keys(type.getFields()) : [],
  );
}
