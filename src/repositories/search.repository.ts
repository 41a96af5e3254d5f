import type { EntityManager } from 'typeorm';
import { Product } from '../entities/product.entity.js';
import { Search } from '../entities/search.entity.js';
import { SearchComment } from '../entities/search-comment.entity.js';
import { SearchResult } from '../entities/search-result.entity.js';
import type { FeedbackType } from '../entities/training-example.entity.js';
import { toPgVectorBinary } from '../ml/vectors.js';
import { BaseRepository } from './base.repository.js';

/**
 * One ranking's top-1 judgement (the `search_judgements` view), with its experiment's name and
 * mode and whether its arm is the control (null outside experiments).
 */
export type Judgement = {
  model_version: string;
  arm: string | null;
  shadow: boolean;
  by_truth: boolean;
  correct: boolean;
  experiment: { name: string; mode: string; control: boolean } | null;
};
/** A user's verdict so far, the search's version name and its judgements as they stand. */
export type JudgementState = { verdict: FeedbackType | null; version: string; judgements: Judgement[] };

export type RankedProduct = { productId: string; score: number };

/** A search to store, as its route ranked it. */
export type NewSearch = Pick<
  Search,
  | 'kind'
  | 'userId'
  | 'apiKeyId'
  | 'queryImageSha256'
  | 'queryText'
  | 'modelVersionId'
  | 'experimentId'
  | 'arm'
  | 'fallbackFromArm'
  | 'fallbackReason'
  | 'resultLimit'
> & { latencyMs: number };

/** A query photo seen for the first time: its file's row and its base embedding. */
export type NewQueryImage = {
  sha256: string;
  format: string;
  width: number;
  height: number;
  byteSize: number;
  encoderId: string;
  embedding: Float32Array;
};

/**
 * Searches, their results and comments: the `searches`, `search_results` and `search_comments`
 * tables, and the `search_judgements` view.
 */
export class SearchRepository extends BaseRepository {
  /**
   * What the metrics compare feedback against, in one statement: this user's verdict on the
   * product so far (when asked), the search's version name and its top-1 judgements as they
   * stand (none for a text search).
   */
  async judgementState(
    search: Pick<Search, 'id' | 'modelVersionId' | 'kind'>,
    productId: string | null,
    userId: string | null,
  ): Promise<JudgementState> {
    const [row] = (await this.db().query(
      `SELECT
         (SELECT feedback_type FROM training_examples WHERE search_id = $1 AND product_id = $2 AND user_id = $3) AS verdict,
         coalesce((SELECT name FROM model_versions WHERE id = $4), 'none') AS version,
         coalesce((SELECT json_agg(json_build_object('model_version', mv.name, 'arm', j.arm, 'shadow', j.shadow,
                     'by_truth', j.by_truth, 'correct', j.correct,
                     'experiment', CASE WHEN e.id IS NOT NULL
                       THEN json_build_object('name', e.name, 'mode', e.mode, 'control', coalesce(a.is_control, false)) END))
                   FROM search_judgements j JOIN model_versions mv ON mv.id = j.model_version_id
                   LEFT JOIN experiments e ON e.id = j.experiment_id
                   LEFT JOIN experiment_arms a ON a.experiment_id = j.experiment_id AND a.name = j.arm
                   WHERE j.search_id = $1 AND $5), '[]') AS judgements`,
      [search.id, productId, userId, search.modelVersionId, search.kind === 'image'],
    )) as JudgementState[];
    return row!;
  }

  findById(id: string): Promise<Search | null> {
    return this.db().getRepository(Search).findOneBy({ id });
  }

  /** The ranking shown (not a shadow one), best first, with products even if deleted since. */
  shownResults(searchId: string): Promise<SearchResult[]> {
    return this.db()
      .getRepository(SearchResult)
      .find({
        where: { searchId, shadow: false },
        relations: { product: true },
        withDeleted: true,
        order: { rank: 'ASC' },
      });
  }

  /**
   * One statement stores the search and its results (atomic, one round trip) and reads back the
   * ranked products, so that presenting the search needs no further query. A new query photo's
   * row and base embedding go in the same statement (foreign keys are checked at its end), so a
   * search never refers to a photo that was not kept.
   */
  async insertWithResults(
    search: NewSearch,
    ranking: RankedProduct[],
    newImage?: NewQueryImage,
  ): Promise<{ search: Search; results: Array<{ rank: number; score: number; product: Product }> }> {
    const imageRows = newImage
      ? `i AS (
           INSERT INTO images (sha256, format, width, height, byte_size) VALUES ($4, $15, $16, $17, $18)
           ON CONFLICT DO NOTHING),
         e AS (
           INSERT INTO image_embeddings (image_sha256, encoder_id, dim, embedding) VALUES ($4, $19, $20, $21::vector)
           ON CONFLICT DO NOTHING),`
      : '';
    const imageValues = newImage
      ? [
          newImage.format,
          newImage.width,
          newImage.height,
          newImage.byteSize,
          newImage.encoderId,
          newImage.embedding.length,
          toPgVectorBinary(newImage.embedding),
        ]
      : [];
    const rows = (await this.db().query(
      `WITH ${imageRows} s AS (
         INSERT INTO searches (kind, user_id, api_key_id, query_image_sha256, query_text, model_version_id, result_limit,
           latency_ms, experiment_id, arm, fallback_from_arm, fallback_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $11, $12, $13, $14) RETURNING id, created_at),
       x AS (SELECT * FROM unnest($9::uuid[], $10::real[]) WITH ORDINALITY AS x(product_id, score, ord)),
       r AS (
         INSERT INTO search_results (search_id, shadow, rank, product_id, score, model_version_id)
         SELECT s.id, false, x.ord, x.product_id, x.score, $6 FROM s, x)
       SELECT s.id AS search_id, s.created_at AS search_created_at, x.ord AS search_rank, x.score AS search_score, p.*
       FROM s LEFT JOIN (x JOIN products p ON p.id = x.product_id) ON true
       ORDER BY x.ord`,
      [
        search.kind,
        search.userId,
        search.apiKeyId,
        search.queryImageSha256,
        search.queryText,
        search.modelVersionId,
        search.resultLimit,
        search.latencyMs,
        ranking.map((n) => n.productId),
        ranking.map((n) => n.score),
        search.experimentId,
        search.arm,
        search.fallbackFromArm,
        search.fallbackReason,
        ...imageValues,
      ],
    )) as Record<string, unknown>[];
    const { latencyMs: _latency, ...fields } = search;
    const stored = this.db()
      .getRepository(Search)
      .create({
        ...fields,
        id: rows[0]!.search_id as string,
        createdAt: rows[0]!.search_created_at as Date,
      });
    const columns = this.dataSource.getMetadata(Product).columns;
    const results = rows
      .filter((row) => row.search_rank !== null)
      .map((row) => {
        const product = new Product();
        for (const column of columns) column.setEntityValue(product, row[column.databaseName]);
        return { rank: Number(row.search_rank), score: Number(row.search_score), product };
      });
    return { search: stored, results };
  }

  /** Shadow mode: the candidate's ranking of the same query, kept, never shown. */
  async insertShadowResults(searchId: string, modelVersionId: string, ranking: RankedProduct[]): Promise<void> {
    await this.db().query(
      `INSERT INTO search_results (search_id, shadow, rank, product_id, score, model_version_id)
       SELECT $1, true, x.ord, x.product_id, x.score, $2
       FROM unnest($3::uuid[], $4::real[]) WITH ORDINALITY AS x(product_id, score, ord)`,
      [searchId, modelVersionId, ranking.map((n) => n.productId), ranking.map((n) => n.score)],
    );
  }

  /** The score a product got in the ranking shown, or null when it was not among the results. */
  async shownScore(searchId: string, productId: string): Promise<number | null> {
    const [result] = (await this.db().query(
      `SELECT score FROM search_results WHERE search_id = $1 AND product_id = $2 AND NOT shadow ORDER BY rank LIMIT 1`,
      [searchId, productId],
    )) as { score: number }[];
    return result ? result.score : null;
  }

  /** Serialise writes about one search (e.g. suggestions made by a double tap). */
  async lock(searchId: string, tx: EntityManager): Promise<void> {
    await tx.query(`SELECT 1 FROM searches WHERE id = $1 FOR UPDATE`, [searchId]);
  }

  addComment(comment: Pick<SearchComment, 'searchId' | 'userId' | 'text'>): Promise<SearchComment> {
    const repo = this.db().getRepository(SearchComment);
    return repo.save(repo.create(comment));
  }

  /**
   * An experiment's searches per arm served (a search that fell back counts for the arm that
   * failed): users, failures, and latency percentiles (p50, p95, p99) of those that did not fail.
   */
  async armSearchStats(experimentId: string): Promise<ArmSearchStats[]> {
    return (await this.db().query(
      `SELECT coalesce(fallback_from_arm, arm) AS arm, count(*)::int AS searches,
              count(DISTINCT user_id)::int AS users,
              (count(*) FILTER (WHERE fallback_from_arm IS NOT NULL))::int AS failures,
              percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms)
                FILTER (WHERE fallback_from_arm IS NULL) AS latency
       FROM searches WHERE experiment_id = $1 GROUP BY 1`,
      [experimentId],
    )) as ArmSearchStats[];
  }

  /** Distinct users per assigned arm among an experiment's searches since `since`. */
  async usersByArmSince(experimentId: string, since: Date): Promise<Array<{ arm: string; users: number }>> {
    return (await this.db().query(
      `SELECT coalesce(fallback_from_arm, arm) AS arm, count(DISTINCT user_id)::int AS users
       FROM searches WHERE experiment_id = $1 AND created_at >= $2 GROUP BY 1`,
      [experimentId, since],
    )) as Array<{ arm: string; users: number }>;
  }

  /** Judged searches per arm of an experiment; `byTruthOnly`: only where feedback names the right product. */
  async judgementsByArm(experimentId: string, { byTruthOnly }: { byTruthOnly: boolean }): Promise<ArmJudgements[]> {
    return (await this.db().query(
      `SELECT arm, count(*)::int AS judged, (count(*) FILTER (WHERE correct))::int AS correct
       FROM search_judgements WHERE experiment_id = $1 AND (by_truth OR NOT $2) GROUP BY arm`,
      [experimentId, byTruthOnly],
    )) as ArmJudgements[];
  }

  /** Judged searches per arm of an experiment, judged before `before`, shown rankings only. */
  async judgementsByArmBefore(experimentId: string, before: Date): Promise<ArmJudgements[]> {
    return (await this.db().query(
      `SELECT arm, count(*)::int AS judged, (count(*) FILTER (WHERE correct))::int AS correct
       FROM search_judgements WHERE experiment_id = $1 AND judged_at < $2 AND NOT shadow GROUP BY arm`,
      [experimentId, before],
    )) as ArmJudgements[];
  }

  /**
   * A version's first and latest judgements (shown rankings), in windows of at most
   * `windowSize` that do not overlap: with fewer than twice that, each gets half.
   */
  async accuracyWindows(versionId: string, windowSize: number): Promise<AccuracyWindows> {
    const [r] = (await this.db().query(
      `WITH j AS (
         SELECT correct, row_number() OVER (ORDER BY judged_at, search_id) AS k, count(*) OVER () AS total
         FROM search_judgements WHERE model_version_id = $1 AND shadow = false),
       w AS (SELECT *, least($2, total / 2) AS b FROM j),
       v AS (SELECT *, least($2, total - b) AS c FROM w)
       SELECT count(*) FILTER (WHERE k <= b)::int AS baseline_n,
              count(*) FILTER (WHERE k <= b AND correct)::int AS baseline_correct,
              count(*) FILTER (WHERE k > total - c)::int AS current_n,
              count(*) FILTER (WHERE k > total - c AND correct)::int AS current_correct
       FROM v`,
      [versionId, windowSize],
    )) as Array<Record<'baseline_n' | 'baseline_correct' | 'current_n' | 'current_correct', number>>;
    return {
      baselineN: r!.baseline_n,
      baselineCorrect: r!.baseline_correct,
      currentN: r!.current_n,
      currentCorrect: r!.current_correct,
    };
  }

  /** How many image searches by this version (since `scope.since`) have a top-1 shown result. */
  async countTopResults(scope: TopResultScope): Promise<number> {
    const [{ n }] = (await this.db().query(`SELECT count(*)::int AS n ${TOP_RESULT}`, scopeParams(scope))) as [
      { n: number },
    ];
    return n;
  }

  /** The version's newest image searches' top-1 results, newest first. */
  latestTopResults(scope: TopResultScope, limit: number): Promise<TopResult[]> {
    return this.topResults(`ORDER BY s.created_at DESC, s.id DESC LIMIT $3`, [...scopeParams(scope), limit]);
  }

  /** The version's image searches' top-1 results of the last `seconds`, newest first, at most `limit`. */
  recentTopResults(scope: TopResultScope, seconds: number, limit: number): Promise<TopResult[]> {
    return this.topResults(
      `AND s.created_at >= now() - make_interval(secs => $3) ORDER BY s.created_at DESC, s.id DESC LIMIT $4`,
      [...scopeParams(scope), seconds, limit],
    );
  }

  /** The version's image searches' top-1 results strictly before `(createdAt, id)`, in this order of time. */
  topResultsBefore(
    scope: TopResultScope,
    cut: { createdAt: Date; id: string },
    order: 'ASC' | 'DESC',
    limit: number,
  ): Promise<TopResult[]> {
    return this.topResults(
      `AND (s.created_at, s.id) < ($3::timestamptz, $4::uuid)
       ORDER BY s.created_at ${order}, s.id ${order} LIMIT $5`,
      [...scopeParams(scope), cut.createdAt, cut.id, limit],
    );
  }

  private async topResults(rest: string, params: unknown[]): Promise<TopResult[]> {
    const rows = (await this.db().query(
      `SELECT s.id, s.created_at, r.score, s.query_image_sha256 AS sha ${TOP_RESULT} ${rest}`,
      params,
    )) as Array<{ id: string; created_at: Date; score: number | string; sha: string | null }>;
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at, score: Number(r.score), sha: r.sha }));
  }
}

/** An experiment arm's searches (see `armSearchStats`). */
export type ArmSearchStats = {
  arm: string;
  searches: number;
  users: number;
  failures: number;
  latency: number[] | null;
};
export type ArmJudgements = { arm: string; judged: number; correct: number };
export type AccuracyWindows = { baselineN: number; baselineCorrect: number; currentN: number; currentCorrect: number };
/** An image search's top-1 shown result: what the drift tests compare. */
export type TopResult = { id: string; createdAt: Date; score: number; sha: string | null };
/** A version's image searches, all of them or those made at `since` or later. */
export type TopResultScope = { versionId: string; since?: Date | null };

/**
 * The top-1 result of a version's image searches, as shown (not a shadow ranking), made at $2 or
 * later: a range on `searches_version_idx`, `-infinity` when there is no bound.
 */
const TOP_RESULT = `FROM searches s
  JOIN search_results r ON r.search_id = s.id AND r.rank = 1 AND r.shadow = false
  WHERE s.model_version_id = $1 AND s.kind = 'image' AND s.created_at >= COALESCE($2::timestamptz, '-infinity')`;

function scopeParams(scope: TopResultScope): [string, Date | null] {
  return [scope.versionId, scope.since ?? null];
}
