import type { Pool } from 'pg';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
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
    ...connectionOptions(url),
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

/**
 * TypeORM's own URL parser drops the query, and with it `?host=/socket/dir` (a Unix socket, as
 * libpq and node-postgres read it): such a URL is given to TypeORM as its parts.
 */
function connectionOptions(url: string) {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get('host');
  if (!socketDir?.startsWith('/')) return { url };
  return {
    host: socketDir,
    port: parsed.port ? Number(parsed.port) : 5432,
    username: decodeURIComponent(parsed.username) || 'postgres',
    password: decodeURIComponent(parsed.password) || undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
  };
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

/** The data source's node-postgres pool, for libraries that speak to it directly (shared rate limits). */
export function connectionPool(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}

const MIGRATION_LOCK = 7_283_311_901;

/**
 * Apply pending migrations; returns the names of those applied. On a shared PostgreSQL an
 * advisory lock makes replicas that start together migrate one after another. (Embedded PGlite
 * has a single connection and a single process, so it needs no lock.)
 */
export async function migrate(dataSource: DataSource, { lock = false }: { lock?: boolean } = {}): Promise<string[]> {
  if (!lock) return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await runner.release();
  }
}
