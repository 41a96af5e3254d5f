import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { Context } from './context.js';

/** The depth of graphql-js's `getIntrospectionQuery()`, fragments flattened (tests/integration/api/security.test.ts checks it). */
export const INTROSPECTION_DEPTH = 15;
/** Tokens in a GraphQL document, over HTTP and WebSocket alike. */
export const MAX_TOKENS = 2000;

export type GraphQLLimits = {
  /** Depth, aliases, directives and cost: added to graphql's own rules on both transports. */
  validationRules: ValidationRule[];
  /** Armor's Apollo plugins (HTTP). */
  plugins: ApolloServerPlugin<Context>[];
  /** The parser's token limit. */
  maxTokens: number;
};

/** What a document may ask for, over HTTP and WebSocket alike. */
export function graphqlLimits(queryDepth: number): GraphQLLimits {
  const armor = new ApolloArmor({
    maxDepth: { n: queryDepth },
    maxAliases: { n: 15 },
    maxDirectives: { n: 20 },
    // Armor's token limit re-parses the document in a plugin hook, where any syntax error becomes a 500;
    // the parser's own `maxTokens` (Apollo's parseOptions) refuses a flood as GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    costLimit: { maxCost: 5000 },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  // Armor leaves `__schema` out of the depth limit: introspection gets one too, as deep as the
  // standard introspection query (GraphiQL, codegen) needs and no deeper.
  const introspectionDepth = new ApolloArmor({
    maxDepth: {
      n: Math.max(queryDepth, INTROSPECTION_DEPTH),
      ignoreIntrospection: false,
      flattenFragments: true,
    },
    costLimit: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    validationRules: [...armor.validationRules, ...introspectionDepth.validationRules],
    plugins: armor.plugins as ApolloServerPlugin<Context>[],
    maxTokens: MAX_TOKENS,
  };
}
