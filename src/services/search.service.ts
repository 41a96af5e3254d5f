import type { DataSource } from 'typeorm';
import { Search, type SearchKind } from '../entities/search.entity.js';
import { SearchResult } from '../entities/search-result.entity.js';
import type { ModelVersion } from '../entities/model-version.entity.js';
import { NotFoundError } from '../api/errors.js';
import type { Actor } from './principal.js';
import type { EmbeddingService } from './embedding.service.js';
import { ImageStore } from './image-store.js';
import type { ModelRegistry } from './model-registry.js';
import type { Neighbour, VectorIndex } from './vector-index.js';
import { isUuid } from './ids.js';

export const MAX_RESULTS = 50;

export type SearchStages = { decode: number; encode: number; vectorSearch: number; total: number };

/**
 * A photo or a text in, ranked products out; every search is stored with its results, the
 * version that ranked them and the query photo, so that feedback can refer to it.
 */
export class SearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly images: ImageStore,
    private readonly embeddings: EmbeddingService,
    private readonly registry: ModelRegistry,
    private readonly index: VectorIndex,
  ) {}

  async byImage(actor: Actor, bytes: Buffer, limit: number): Promise<Search> {
    const t0 = performance.now();
    await this.images.check(bytes);
    const t1 = performance.now();
    const version = await this.registry.active();
    const sha256 = ImageStore.hash(bytes);
    const vector = this.registry.vectorMap(version)(
      await this.embeddings.embedQuery(sha256, bytes, () => this.images.put(bytes, { decoded: true })),
    );
    const t2 = performance.now();
    const neighbours = await this.index.nearest(version, vector, limit);
    const t3 = performance.now();
    return this.record(actor, 'image', { queryImageSha256: sha256 }, version, limit, neighbours, t0, {
      decode: t1 - t0,
      encode: t2 - t1,
      vectorSearch: t3 - t2,
    });
  }

  /** Names, categories and descriptions: trigram similarity and full-text match. */
  async byText(actor: Actor, text: string, limit: number): Promise<Search> {
    const t0 = performance.now();
    const rows = (await this.dataSource.query(
      `SELECT id AS product_id, greatest(
           similarity(name, $1),
           word_similarity($1, name),
           ts_rank(to_tsvector('simple', name || ' ' || category || ' ' || description), plainto_tsquery('simple', $1))
         ) AS score
       FROM products
       WHERE deleted_at IS NULL AND (
         name % $1 OR $1 <% name
         OR to_tsvector('simple', name || ' ' || category || ' ' || description) @@ plainto_tsquery('simple', $1))
       ORDER BY score DESC, name
       LIMIT $2`,
      [text, limit],
    )) as { product_id: string; score: number }[];
    const lexical = rows.map((r) => ({ productId: r.product_id, score: Math.min(1, Number(r.score)) }));
    const version = await this.registry.active();
    const t1 = performance.now();
    // With a text tower (CLIP), text-to-image similarity finds products whose words do not match.
    const encoder = this.registry.encoder;
    const hasTextTower = 'hasTextTower' in encoder ? Boolean(encoder.hasTextTower) : Boolean(encoder.embedTexts);
    let visual: Neighbour[] = [];
    if (hasTextTower && encoder.embedTexts && this.registry.canServe(version)) {
      const [embedded] = await encoder.embedTexts([text]);
      visual = await this.index.nearest(version, this.registry.vectorMap(version)(embedded!), limit);
    }
    const t2 = performance.now();
    return this.record(actor, 'text', { queryText: text }, version, limit, mergeRankings(lexical, visual, limit), t0, {
      decode: 0,
      encode: t2 - t1,
      vectorSearch: t1 - t0 + (t2 - t1),
    });
  }

  /** A stored search; users see only their own, admins every one. */
  async get(actor: Actor, id: string): Promise<Search> {
    const search = isUuid(id) ? await this.dataSource.getRepository(Search).findOneBy({ id }) : null;
    if (!search || (search.userId !== actor.userId && !actor.roles.has('admin'))) throw new NotFoundError('Search', id);
    return search;
  }

  results(searchId: string): Promise<SearchResult[]> {
    return this.dataSource.getRepository(SearchResult).find({
      where: { searchId, shadow: false },
      relations: { product: true },
      withDeleted: true,
      order: { rank: 'ASC' },
    });
  }

  private async record(
    actor: Actor,
    kind: SearchKind,
    query: Partial<Pick<Search, 'queryImageSha256' | 'queryText'>>,
    version: ModelVersion,
    limit: number,
    neighbours: Neighbour[],
    started: number,
    stages: Omit<SearchStages, 'total'>,
  ): Promise<Search> {
    // One statement stores the search and its results: atomic, and one round trip.
    const rows = (await this.dataSource.query(
      `WITH s AS (
         INSERT INTO searches (kind, user_id, api_key_id, query_image_sha256, query_text, model_version_id, result_limit, latency_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *),
       r AS (
         INSERT INTO search_results (search_id, shadow, rank, product_id, score, model_version_id)
         SELECT s.id, false, x.ord, x.product_id, x.score, s.model_version_id
         FROM s, unnest($9::uuid[], $10::real[]) WITH ORDINALITY AS x(product_id, score, ord))
       SELECT * FROM s`,
      [
        kind,
        actor.userId,
        actor.principal.keyId,
        query.queryImageSha256 ?? null,
        query.queryText ?? null,
        version.id,
        limit,
        performance.now() - started,
        neighbours.map((n) => n.productId),
        neighbours.map((n) => n.score),
      ],
    )) as Record<string, unknown>[];
    const search = this.dataSource.getRepository(Search).create({
      id: rows[0]!.id as string,
      kind,
      userId: actor.userId,
      apiKeyId: actor.principal.keyId,
      queryImageSha256: query.queryImageSha256 ?? null,
      queryText: query.queryText ?? null,
      modelVersionId: version.id,
      experimentId: null,
      arm: null,
      resultLimit: limit,
      createdAt: rows[0]!.created_at as Date,
    });
    return Object.assign(search, { modelVersion: version, stages: { ...stages, total: performance.now() - started } });
  }
}

/** Lexical matches first (they name the product), then visual ones, each product once. */
function mergeRankings(lexical: Neighbour[], visual: Neighbour[], limit: number): Neighbour[] {
  const seen = new Set<string>();
  const merged: Neighbour[] = [];
  for (const n of [...lexical, ...visual]) {
    if (seen.has(n.productId)) continue;
    seen.add(n.productId);
    merged.push(n);
  }
  return merged.slice(0, limit);
}
