import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed GraphQL operations for the clients (bot, CLI, integrations): `npm run codegen` reads
 * `schema.graphql` and every `*.graphql` document under `src/`, and writes typed documents to
 * `src/client/generated/`. The generated files are committed; CI checks they are current.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/**/*.graphql'],
  generates: {
    'src/client/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { ID: 'string', DateTimeISO: 'string', JSONObject: 'Record<string, unknown>', Upload: 'unknown' },
      },
    },
  },
  hooks: { afterAllFileWrite: ['prettier --write'] },
};

export default config;
