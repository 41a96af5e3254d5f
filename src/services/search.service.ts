import type { Search, SearchKind } from '../entities/search.entity.js';
import type { SearchResult } from '../entities/search-result.entity.js';
import type { Product } from '../entities/product.entity.js';
import type { ModelVersion } from '../entities/model-version.entity.js';
import { NotFoundError } from '../domain/errors.js';
import type { Actor } from './principal.js';
import type { EmbeddingService } from './embedding.service.js';
import { ImageStore } from './image-store.js';
import type { ModelRegistry } from './model-registry.js';
import type { Neighbour, VectorIndex } from './vector-index.js';
import { isUuid } from '../lib/ids.js';
import type { Repositories } from '../repositories/index.js';
import type { NewQueryImage as QueryImageRow } from '../repositories/search.repository.js';
import type { DomainMetrics } from '../domain/metrics.js';
import type { ExperimentRouter, Route } from './experiment-router.js';

export const MAX_RESULTS = 50;

export type SearchStages = { decode: number; encode: number; adapter: number; vectorSearch: number; total: number };

/** A ranking and the route that produced it (the fallback's, when the assigned one failed). */
type Ranked = {
  route: Route;
  neighbours: Neighbour[];
  adapter: number;
  vectorSearch: number;
  /** The route assigned, when it failed and its fallback ranked instead. */
  failed: { arm: string | null; experiment: string | null; reason: 'error' | 'latency' } | null;
};

class DeadlineExceeded extends Error {}

type NewQueryImage = Omit<QueryImageRow, 'encoderId'>;

/** A search just made: its version, ranked products and stage timings come with it. */
export type PresentedSearch = Search & {
  modelVersion: ModelVersion;
  results: Array<{ rank: number; score: number; product: Product }>;
  stages: SearchStages;
};

/**
 * A photo or a text in, ranked products out; every search is stored with its results, the
 * version that ranked them and the query photo, so that feedback can refer to it.
 */
export class SearchService {
  constructor(
    private readonly repos: Repositories,
    private readonly images: ImageStore,
    private readonly embeddings: EmbeddingService,
    private readonly registry: ModelRegistry,
    private readonly index: VectorIndex,
    private readonly router: ExperimentRouter,
    private readonly metrics: DomainMetrics,
  ) {}

  byImage(actor: Actor, bytes: Buffer, limit: number): Promise<PresentedSearch> {
    return this.index.foreground.run(() => this.searchImage(actor, bytes, limit));
  }

  /** Names, categories and descriptions: trigram similarity and full-text match. */
  byText(actor: Actor, text: string, limit: number): Promise<PresentedSearch> {
    return this.index.foreground.run(() => this.searchText(actor, text, limit));
  }

  private async searchImage(actor: Actor, bytes: Buffer, limit: number): Promise<PresentedSearch> {
    const t0 = performance.now();
    const info = await this.images.check(bytes);
    const t1 = performance.now();
    const route = await this.router.route(actor.userId);
    const sha256 = ImageStore.hash(bytes);
    // A photo seen before keeps its embedding; a new one is embedded (the full decode refuses a
    // corrupt file) and only then stored: its file now, its row with the search.
    const known = await this.embeddings.known(sha256);
    const vector = known ?? (await this.embeddings.embedQuery(bytes));
    const fileWritten = known ? undefined : this.images.writeFile(sha256, info.format, bytes);
    fileWritten?.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
    const t2 = performance.now();
    const ranked = await this.rank(route, vector, limit);
    await fileWritten;
    const newImage = known ? undefined : { ...info, sha256, byteSize: bytes.length, embedding: vector };
    const search = await this.record(
      actor,
      'image',
      { queryImageSha256: sha256 },
      ranked,
      limit,
      t0,
      { decode: t1 - t0, encode: t2 - t1 },
      newImage,
    );
    if (route.shadow && ranked.route === route) await this.rankInShadow(route, search.id, vector, limit);
    return search;
  }

  /**
   * Rank with the route's version: its adapter, then its index. When that fails (an error, or
   * slower than the arm's guardrail) the route's fallback serves and the failure is counted:
   * nobody gets an error because an experiment is running.
   */
  private async rank(route: Route, base: Float32Array, limit: number): Promise<Ranked> {
    try {
      const t0 = performance.now();
      const mapped = this.registry.vectorMap(route.version)(base);
      const t1 = performance.now();
      const search = this.index.nearest(route.version, mapped, limit);
      const neighbours = route.guardrailMs ? await deadline(search, route.guardrailMs - (t1 - t0)) : await search;
      // Timers fire late by up to a millisecond: an answer that came in over budget still counts as late.
      if (route.guardrailMs && performance.now() - t0 > route.guardrailMs) {
        throw new DeadlineExceeded(`over the ${route.guardrailMs} ms guardrail`);
      }
      this.router.recordServed(route);
      return { route, neighbours, adapter: t1 - t0, vectorSearch: performance.now() - t1, failed: null };
    } catch (error) {
      if (!route.fallback) throw error;
      const reason = error instanceof DeadlineExceeded ? 'latency' : 'error';
      this.router.recordFailure(route, reason, error);
      const served = await this.rank(route.fallback, base, limit);
      return { ...served, failed: { arm: route.arm, experiment: route.experiment?.name ?? null, reason } };
    }
  }

  /** Shadow mode: the candidate ranks the same query; its results are kept, never shown. */
  private async rankInShadow(route: Route, searchId: string, base: Float32Array, limit: number): Promise<void> {
    const shadow = route.shadow!;
    try {
      const neighbours = await this.index.nearest(shadow.version, this.registry.vectorMap(shadow.version)(base), limit);
      await this.repos.searches.insertShadowResults(searchId, shadow.version.id, neighbours);
    } catch (error) {
      const experiment = route.experiment && { ...route.experiment, control: false };
      const shadowRoute = {
        ...route,
        version: shadow.version,
        arm: shadow.arm,
        experiment,
        shadow: null,
        fallback: null,
      };
      this.router.recordFailure(shadowRoute, 'error', error);
    }
  }

  private async searchText(actor: Actor, text: string, limit: number): Promise<PresentedSearch> {
    const t0 = performance.now();
    const lexical = await this.repos.products.matchText(text, limit);
    const route = await this.router.route(actor.userId);
    const t1 = performance.now();
    // With a text tower (CLIP), text-to-image similarity finds products whose words do not match.
    const encoder = this.registry.encoder;
    const hasTextTower = 'hasTextTower' in encoder ? Boolean(encoder.hasTextTower) : Boolean(encoder.embedTexts);
    let ranked: Ranked = { route, neighbours: [], adapter: 0, vectorSearch: 0, failed: null };
    let encode = 0;
    if (hasTextTower && encoder.embedTexts && this.registry.canServe(route.version)) {
      const [embedded] = await encoder.embedTexts([text]);
      encode = performance.now() - t1;
      ranked = await this.rank(route, embedded!, limit);
    }
    // The lexical query counts as vector search: both find the candidates.
    ranked = {
      ...ranked,
      neighbours: mergeRankings(lexical, ranked.neighbours, limit),
      vectorSearch: t1 - t0 + ranked.vectorSearch,
    };
    return this.record(actor, 'text', { queryText: text }, ranked, limit, t0, { decode: 0, encode });
  }

  /** A stored search; users see only their own, admins every one. */
  async get(actor: Actor, id: string): Promise<Search> {
    const search = isUuid(id) ? await this.repos.searches.findById(id) : null;
    if (!search || (search.userId !== actor.userId && !actor.roles.has('admin'))) throw new NotFoundError('Search', id);
    return search;
  }

  results(searchId: string): Promise<SearchResult[]> {
    return this.repos.searches.shownResults(searchId);
  }

  /** Store the search with its results (and a new query photo), count it, and present it. */
  private async record(
    actor: Actor,
    kind: SearchKind,
    query: Partial<Pick<Search, 'queryImageSha256' | 'queryText'>>,
    ranked: Ranked,
    limit: number,
    started: number,
    stages: Pick<SearchStages, 'decode' | 'encode'>,
    newImage?: NewQueryImage,
  ): Promise<PresentedSearch> {
    const { route, neighbours } = ranked;
    const version = route.version;
    const { search, results } = await this.repos.searches.insertWithResults(
      {
        kind,
        userId: actor.userId,
        apiKeyId: actor.principal.keyId,
        queryImageSha256: query.queryImageSha256 ?? null,
        queryText: query.queryText ?? null,
        modelVersionId: version.id,
        experimentId: route.experimentId,
        arm: route.arm,
        fallbackFromArm: ranked.failed?.arm ?? null,
        fallbackReason: ranked.failed?.reason ?? null,
        resultLimit: limit,
        latencyMs: performance.now() - started,
      },
      neighbours,
      newImage && { ...newImage, encoderId: this.registry.encoder.id },
    );
    const timings: SearchStages = {
      ...stages,
      adapter: ranked.adapter,
      vectorSearch: ranked.vectorSearch,
      total: performance.now() - started,
    };
    // Counted by the arm assigned, not the one that served after a fallback: a candidate's failures
    // stay the candidate's traffic, and the control's latency does not include them.
    const assigned = ranked.failed ?? { arm: route.arm, experiment: route.experiment?.name ?? null };
    this.metrics.observeSearch(
      {
        kind,
        modelVersion: version.name,
        arm: assigned.arm,
        experiment: assigned.experiment,
        fallback: ranked.failed !== null,
      },
      {
        decode: timings.decode,
        encode: timings.encode,
        adapter: timings.adapter,
        vector_search: timings.vectorSearch,
        total: timings.total,
      },
    );
    return Object.assign(search, { modelVersion: version, results, stages: timings });
  }
}

/** The promise's value, or DeadlineExceeded after `ms`. */
async function deadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`over the ${ms.toFixed(0)} ms guardrail`)), Math.max(0, ms));
  });
  work.catch(() => {}); // a late failure after the deadline is nobody's to handle
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
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
