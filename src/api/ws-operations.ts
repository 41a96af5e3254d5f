import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { formatError } from './errors.js';

export type WsOperationOptions = {
  schema: GraphQLSchema;
  /** Added to graphql's own rules (depth, aliases, cost, …), as over HTTP. */
  validationRules: readonly ValidationRule[];
  /** The parser's token limit, as over HTTP. */
  maxTokens: number;
  /** Called with each error sent to a client, and the code it went with (as over HTTP, to count and log). */
  onError?: (code: string, error: GraphQLError) => void;
};

/**
 * Operations over graphql-ws held to the rules of HTTP. On its own, graphql-ws closes the whole
 * connection when a document does not parse (or overflows the stack), and sends errors as
 * graphql-js makes them: validation errors without a code, unexpected errors unmasked.
 *
 * `prepare` parses (with the token limit) and validates in `onSubscribe`, answering a bad
 * document with coded errors on an open connection; `onNext` and `onError` pass every error
 * through the same `formatError` as Apollo over HTTP.
 */
export function wsOperations({ schema, validationRules, maxTokens, onError }: WsOperationOptions) {
  const rules = [...specifiedRules, ...validationRules];

  const present = (error: GraphQLError, requestCode: string): GraphQLFormattedError => {
    // graphql-ws wraps what a subscription's event stream throws; a coded error inside is kept.
    const source = !error.path && error.originalError instanceof GraphQLError ? error.originalError : error;
    const json = source.toJSON();
    // An error with no resolver behind it is about the request itself (e.g. a variable's value).
    const formatted =
      json.extensions?.code === undefined && !source.originalError
        ? { ...json, extensions: { ...json.extensions, code: requestCode } }
        : json;
    const presented = formatError(formatted, source);
    onError?.(String(presented.extensions?.code), error);
    return presented;
  };

  const withCode = (error: unknown, code: string): GraphQLError =>
    error instanceof GraphQLError
      ? new GraphQLError(error.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          extensions: { ...error.extensions, code },
        })
      : new GraphQLError('The document could not be parsed', { extensions: { code } });

  return {
    /** Execution arguments for a subscribe message, or the coded errors that refuse it. */
    prepare(payload: SubscribePayload): Omit<ExecutionArgs, 'contextValue'> | GraphQLError[] {
      let document;
      try {
        document = parse(payload.query, { maxTokens });
      } catch (error) {
        return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
      }
      let errors: readonly GraphQLError[];
      try {
        errors = validate(schema, document, rules);
      } catch (error) {
        // graphql-js's single-field-subscription rule throws on `@skip(if: $variable)` at the root.
        errors = [error instanceof GraphQLError ? error : new GraphQLError('The document could not be validated')];
      }
      // As Apollo does over HTTP, whatever code a rule gave its error.
      if (errors.length > 0) return errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
      if (!getOperationAST(document, payload.operationName)) {
        return [
          new GraphQLError(
            payload.operationName ? `Unknown operation named "${payload.operationName}"` : 'Name the operation to run',
            { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } },
          ),
        ];
      }
      return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
    },

    onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
      result.errors ? { ...result, errors: result.errors.map((e) => present(e, 'BAD_USER_INPUT')) } : undefined,

    onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) =>
      errors.map((e) => present(e, 'BAD_REQUEST')),
  };
}
