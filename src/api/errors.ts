import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError } from '../domain/errors.js';

/** Error codes a client may see in `extensions.code`. Anything else is masked. */
export const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

abstract class AppError extends GraphQLError {
  constructor(message: string, code: string, httpStatus: number, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra, http: { status: httpStatus } } });
  }
}

export { BadUserInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../domain/errors.js';

/**
 * An error thrown while a request's context is built, as a GraphQLError: Apollo prefixes any
 * other error's message with "Context creation failed".
 */
export function asGraphQLError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  return new GraphQLError(error.message, { extensions: error.extensions, originalError: error });
}

/** Thrown from the context function: refuse the whole HTTP request. */
export class RequestUnauthenticatedError extends AppError {
  constructor(message: string) {
    super(message, 'UNAUTHENTICATED', 401);
  }
}

export const UNAVAILABLE_MESSAGE = 'The database is unavailable: try again in a moment';

/** The database cannot be reached (down, restarting, connections cut): nothing was wrong with the request. */
export class ServiceUnavailableError extends AppError {
  constructor(message = UNAVAILABLE_MESSAGE) {
    super(message, 'SERVICE_UNAVAILABLE', 503);
  }
}

/** Node's socket errors and PostgreSQL's for a server that went away, refuses or is starting or stopping. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
]);
/** node-postgres and pg-pool say these in words only. */
const CONNECTION_MESSAGES =
  /Connection terminated|Connection ended|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end/i;

/**
 * Did the database connection fail (as opposed to a statement)? Looks through every wrapping:
 * TypeORM's QueryFailedError, GraphQL's, and Node's AggregateError (one error per address tried).
 */
export function isConnectionError(error: unknown): boolean {
  return wrapped(error).some((e) => {
    if (e instanceof ServiceUnavailableError) return true; // already told apart
    const { code, message } = e as { code?: unknown; message?: unknown };
    return (
      (typeof code === 'string' && CONNECTION_CODES.has(code)) ||
      (typeof message === 'string' && CONNECTION_MESSAGES.test(message))
    );
  });
}

/**
 * An error and the errors it wraps, outermost first: TypeORM's `driverError`, GraphQL's
 * `originalError`, `cause`, and an AggregateError's `errors`; a few levels deep at most.
 */
function wrapped(error: unknown, depth = 0): object[] {
  if (!error || typeof error !== 'object' || depth > 4) return [];
  const e = error as Record<string, unknown>;
  const inner = [e.driverError, e.originalError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return [error, ...inner.filter((i) => i !== error).flatMap((i) => wrapped(i, depth + 1))];
}

/** The error to show for `error`: a ServiceUnavailableError when the database could not be reached. */
export function mapConnectionError(error: unknown): unknown {
  return isConnectionError(unwrapResolverError(error)) ? new ServiceUnavailableError() : error;
}

/** The body of a request refused before GraphQL runs, shaped as a GraphQL answer with one error. */
export function errorResponse(message: string, extensions: { code: string; [key: string]: unknown }) {
  return { errors: [{ message, extensions }] };
}

/** The code a client is sent for a GraphQL error, over HTTP and WebSocket alike: `formatError`'s. */
export function clientCode(error: GraphQLError): string {
  return String(formatError(error.toJSON(), error).extensions?.code ?? 'INTERNAL_SERVER_ERROR');
}

/** An error outside GraphQL, as Express and its body parsers report one. */
export type HttpError = Error & { status?: number; expose?: boolean };

/**
 * The answer to a request that failed outside GraphQL (a body too large or malformed, an upload
 * cut short, the database away while an image is looked up): the status, and the message and
 * code of its one GraphQL-shaped error.
 */
export function httpErrorAnswer(error: HttpError): { status: number; message: string; code: string } {
  // E.g. /images/… while the database is away: as the GraphQL endpoint answers then.
  if (isConnectionError(error)) return { status: 503, message: UNAVAILABLE_MESSAGE, code: 'SERVICE_UNAVAILABLE' };
  const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
  if (status === 500) return { status, message: 'Internal server error', code: 'INTERNAL_SERVER_ERROR' };
  const message = error.expose === false ? 'Bad request' : error.message;
  return { status, message, code: status === 413 ? 'BAD_USER_INPUT' : 'BAD_REQUEST' };
}

/**
 * Apollo `formatError`: known errors pass with their code; class-validator failures become
 * BAD_USER_INPUT with the failed constraints; everything else is masked (and logged elsewhere).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ArgumentValidationError) {
    const problems = original.extensions.validationErrors.flatMap(function flatten(e): string[] {
      const own = Object.values(e.constraints ?? {});
      return own.concat((e.children ?? []).flatMap(flatten));
    });
    return {
      message: `Invalid input: ${problems.join('; ')}`,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'BAD_USER_INPUT', problems },
    };
  }
  const code = formatted.extensions?.code as string | undefined;
  // A lost database reached here unwrapped (e.g. from the context): still say what it is.
  if (!(code && PUBLIC_CODES.has(code)) && isConnectionError(original)) {
    return {
      message: UNAVAILABLE_MESSAGE,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  const uncoded = !code || code === 'INTERNAL_SERVER_ERROR';
  // graphql-js gives up on a request's variables after 50 bad values, with an error that Apollo
  // does not mark as bad input the way it marks each of the 50.
  if (uncoded && formatted.message.startsWith('Too many errors processing variables')) {
    return { message: formatted.message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  // Apollo refuses some requests with a 4xx status and no code (e.g. an automatic persisted
  // query whose hash does not match its text): the client's mistake, not an internal error.
  if (uncoded && isClientRefusal(original)) {
    return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  }
  // Apollo passes on why a document did not parse, even the parser's stack overflowing on a
  // value nested thousands of levels deep: say what is wrong, not how it broke.
  if (code === 'GRAPHQL_PARSE_FAILED' && wrapped(error).some((e) => e instanceof RangeError)) {
    return { message: 'Syntax Error: the document is nested too deeply', extensions: { code } };
  }
  if (code && PUBLIC_CODES.has(code)) {
    const { http: _http, stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

function isClientRefusal(error: unknown): boolean {
  const status =
    error instanceof GraphQLError || error instanceof DomainError
      ? (error.extensions?.http as { status?: number } | undefined)?.status
      : undefined;
  return status !== undefined && status >= 400 && status < 500;
}
