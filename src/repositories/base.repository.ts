import type { DataSource, EntityManager } from 'typeorm';

/**
 * A repository owns one table (or one aggregate of tables) and is the only place its SQL lives.
 * Every method takes an optional transaction: a service that changes several tables together
 * opens one with `Repositories.transaction` and passes it on.
 */
export abstract class BaseRepository {
  constructor(protected readonly dataSource: DataSource) {}

  /** The transaction's manager when there is one, else the pool's. */
  protected db(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }
}
