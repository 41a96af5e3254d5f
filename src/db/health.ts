import type { DataSource } from 'typeorm';

/** Whether the database answers at all: resolves when it does, throws the driver's error when not. */
export async function pingDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT 1');
}
