import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import { mapConnectionError } from './errors.js';

/**
 * While the database is unreachable every operation fails: each answers SERVICE_UNAVAILABLE with
 * HTTP 503 (so clients and proxies retry) instead of a masked internal error. Only the root
 * fields are wrapped, where nearly every database call starts; a type-graphql global middleware
 * would wrap every field of every result and cost each request far more. A nested field that
 * meets a lost connection still gets the code from `formatError`, with the status of its request.
 */
export function reportDatabaseOutages(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const resolve = field.resolve as GraphQLFieldResolver<unknown, Context> | undefined;
      if (!resolve) continue;
      field.resolve = async (source, args, context, info) => {
        try {
          return await resolve(source, args, context, info);
        } catch (error) {
          const mapped = mapConnectionError(error);
          if (mapped !== error) context.logger?.warn({ err: error, field: info.fieldName }, 'database unavailable');
          throw mapped;
        }
      };
    }
  }
  return schema;
}
