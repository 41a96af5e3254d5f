import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import {
  clientCode,
  formatError,
  httpErrorAnswer,
  isConnectionError,
  mapConnectionError,
  ServiceUnavailableError,
} from '../../../src/api/errors.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('database connection errors', () => {
  it('recognises a lost, refused or shut-down database however it is wrapped', () => {
    const refused = withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    expect(isConnectionError(refused)).toBe(true);
    // Node tries every address of "localhost": one error each, in an AggregateError.
    expect(isConnectionError(Object.assign(new AggregateError([refused, refused]), { code: undefined }))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isConnectionError(new QueryFailedError('SELECT 1', [], new Error('Connection terminated')))).toBe(true);
    expect(isConnectionError(new GraphQLError('Context creation failed: x', { originalError: refused }))).toBe(true);
  });

  it('leaves statement errors and user errors alone', () => {
    expect(isConnectionError(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isConnectionError(withCode('relation "products" does not exist', '42P01'))).toBe(false);
    expect(isConnectionError(new Error('no active model version'))).toBe(false);
    const other = new Error('boom');
    expect(mapConnectionError(other)).toBe(other);
  });

  it('becomes SERVICE_UNAVAILABLE with HTTP 503, and formatError keeps its code', () => {
    const mapped = mapConnectionError(withCode('read ECONNRESET', 'ECONNRESET'));
    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    expect((mapped as ServiceUnavailableError).extensions).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      http: { status: 503 },
    });
    // A connection error that reached Apollo unwrapped is named too, not masked as internal.
    const raw = new GraphQLError('Context creation failed: Connection terminated unexpectedly', {
      originalError: new Error('Connection terminated unexpectedly'),
    });
    expect(formatError({ message: raw.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, raw)).toEqual({
      message: 'The database is unavailable: try again in a moment',
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  });
});

describe('what a client is told', () => {
  it('gives a GraphQL error the code formatError presents it with', () => {
    expect(clientCode(new GraphQLError('no such product', { extensions: { code: 'NOT_FOUND' } }))).toBe('NOT_FOUND');
    expect(clientCode(new GraphQLError('boom', { originalError: new Error('boom') }))).toBe('INTERNAL_SERVER_ERROR');
    // A lost database deep in a result: the client is told SERVICE_UNAVAILABLE, not an internal error.
    const lost = new GraphQLError('Connection terminated', { originalError: new Error('Connection terminated') });
    expect(clientCode(lost)).toBe('SERVICE_UNAVAILABLE');
  });

  it('answers an error outside GraphQL by its status, masking anything unexpected', () => {
    const status = (status: number, message: string, expose?: boolean) =>
      Object.assign(new Error(message), { status, expose });
    expect(httpErrorAnswer(status(413, 'request entity too large'))).toEqual({
      status: 413,
      message: 'request entity too large',
      code: 'BAD_USER_INPUT',
    });
    expect(httpErrorAnswer(status(400, 'Unexpected token } in JSON'))).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
    });
    expect(httpErrorAnswer(status(400, 'secret detail', false))).toMatchObject({ message: 'Bad request' });
    expect(httpErrorAnswer(status(502, 'upstream'))).toEqual({
      status: 500,
      message: 'Internal server error',
      code: 'INTERNAL_SERVER_ERROR',
    });
    expect(httpErrorAnswer(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toEqual({
      status: 503,
      message: 'The database is unavailable: try again in a moment',
      code: 'SERVICE_UNAVAILABLE',
    });
  });
});
