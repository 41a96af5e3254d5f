import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '../domain/errors.js';
import { isUuid } from '../lib/ids.js';

/** One page of a list, Relay-style: the nodes, where to go on from, and how many there are in all. */
export type Page<T> = { nodes: T[]; endCursor: string | null; hasNextPage: boolean; totalCount: number };

export type PageRequest = { first: number; after?: string | null };

/**
 * Keyset pagination on (created_at, id), the one pager of every list. The cursor names its kind
 * and a row id; it is checked, not trusted. The position is compared in the database so that
 * microsecond timestamps keep their precision.
 */
export async function keysetPage<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  where: { alias: string; table: string; cursorKind: string; direction: 'ASC' | 'DESC' },
  { first, after }: PageRequest,
): Promise<Page<T>> {
  const { alias, table, cursorKind, direction } = where;
  const totalCount = await query.clone().getCount();
  if (after) {
    const [kind, id] = Buffer.from(after, 'base64url').toString('utf8').split(':');
    if (kind !== cursorKind || !id || !isUuid(id)) throw new BadUserInputError('Invalid cursor');
    query.andWhere(
      `(${alias}.created_at, ${alias}.id) ${direction === 'ASC' ? '>' : '<'} (SELECT c.created_at, c.id FROM ${table} c WHERE c.id = :after)`,
      { after: id },
    );
  }
  const rows = await query
    .orderBy(`${alias}.created_at`, direction)
    .addOrderBy(`${alias}.id`, direction)
    .limit(first + 1) // many-to-one joins only: one row per node
    .getMany();
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return {
    nodes,
    hasNextPage: rows.length > first,
    endCursor: last ? Buffer.from(`${cursorKind}:${last.id}`).toString('base64url') : null,
    totalCount,
  };
}
