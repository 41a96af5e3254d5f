import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from 'pino';
import { entities } from '../entities/index.js';
import { migrations } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming-strategy.js';

export type DataSourceOptions = {
  url: string;
  /** Embedded PGlite serves one session: the pool must hold a single connection. */
  embedded: boolean;
  logger?: Logger;
};

export function createDataSource({ url, embedded, logger }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    // The migrations create the extensions they need (vector, pg_trgm); gen_random_uuid() is core.
    installExtensions: false,
    logger: logger ? typeormLogger(logger) : undefined,
    logging: logger ? ['error', 'warn', 'migration'] : false,
    extra: embedded
      ? { max: 1, idleTimeoutMillis: 0 }
      : { max: 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 },
  });
}

function typeormLogger(logger: Logger): TypeOrmLogger {
  const db = logger.child({ component: 'db' });
  return {
    logQuery: (query) => db.trace({ query }, 'query'),
    logQueryError: (error, query) => db.error({ err: error, query }, 'query failed'),
    logQuerySlow: (time, query) => db.warn({ time, query }, 'slow query'),
    logSchemaBuild: (message) => db.debug(message),
    logMigration: (message) => db.info(message),
    log: (level, message) => (level === 'warn' ? db.warn(message) : db.debug(message)),
  };
}

/** Apply pending migrations; returns the names of those applied. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
