import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';

/** Error codes a client may see in `extensions.code`. Anything else is masked. */
export const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'RATE_LIMITED',
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

export class BadUserInputError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}, httpStatus = 200) {
    super(message, 'BAD_USER_INPUT', httpStatus, extra);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id?: string) {
    super(id ? `${what} ${id} not found` : `${what} not found`, 'NOT_FOUND', 200);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this', httpStatus = 200) {
    super(message, 'FORBIDDEN', httpStatus);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'An API key is required: send `Authorization: Bearer <key>`') {
    super(message, 'UNAUTHENTICATED', 200);
  }
}

/** Thrown from the context function: refuse the whole HTTP request. */
export class RequestUnauthenticatedError extends AppError {
  constructor(message: string) {
    super(message, 'UNAUTHENTICATED', 401);
  }
}

/** Is this an error whose message the client may see as is? */
export function isPublicError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof ArgumentValidationError) return true;
  const code = (original instanceof GraphQLError ? original.extensions?.code : undefined) as string | undefined;
  return code !== undefined && PUBLIC_CODES.has(code);
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
