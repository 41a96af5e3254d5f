import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS build (type-graphql and Apollo load that one);
    // Vite would pick the `module` build and the schema would mix two graphql instances.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global-setup.ts', 'tests/setup/postgres.ts'],
    setupFiles: ['tests/setup/per-file.ts'],
    // Each test file boots one embedded Postgres from a migrated template; two cores here.
    pool: 'forks',
    maxWorkers: 2,
    // Generous: training runs and child processes take several times longer on a busy 2-core
    // machine; a timeout here only catches hangs (speed is measured by bench/, not by tests).
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
