/**
 * Errors the domain raises for a caller's mistake. They are plain errors: the API turns them into
 * GraphQL errors. graphql-js copies an original error's `extensions` onto the GraphQLError it
 * wraps it in, so `code` (and `http.status`, read by Apollo) reach the client as they are here.
 */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED';

export abstract class DomainError extends Error {
  readonly extensions: { code: ErrorCode; http: { status: number }; [key: string]: unknown };

  constructor(message: string, code: ErrorCode, httpStatus: number, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.extensions = { code, ...extra, http: { status: httpStatus } };
  }
}

export class BadUserInputError extends DomainError {
  constructor(message: string, extra: Record<string, unknown> = {}, httpStatus = 200) {
    super(message, 'BAD_USER_INPUT', httpStatus, extra);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id?: string) {
    // The id is the client's own text, of any length: enough of it to recognise.
    const shown = id && id.length > 80 ? `${id.slice(0, 80).replace(/[\uD800-\uDBFF]$/, '')}…` : id;
    super(shown ? `${what} ${shown} not found` : `${what} not found`, 'NOT_FOUND', 200);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this', httpStatus = 200) {
    super(message, 'FORBIDDEN', httpStatus);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'An API key is required: send `Authorization: Bearer <key>`') {
    super(message, 'UNAUTHENTICATED', 200);
  }
}
