import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { TrainingExample, type FeedbackType } from '../entities/training-example.entity.js';
import { NewProductAnnotation, type AnnotationStatus } from '../entities/new-product-annotation.entity.js';
import { SearchComment } from '../entities/search-comment.entity.js';
import type { Product } from '../entities/product.entity.js';
import type { Search } from '../entities/search.entity.js';
import type { DomainMetrics } from '../domain/metrics.js';
import { BadUserInputError, NotFoundError } from '../domain/errors.js';
import { updateReturning } from '../db/update-returning.js';
import type { CatalogService, Page } from './catalog.service.js';
import type { SearchService } from './search.service.js';
import type { Actor } from './principal.js';
import { isUuid } from './ids.js';

/** The seed's thresholds, counted in usable examples not yet used for training. */
export const MINIMUM_TRAINING_EXAMPLES = 20;
export const RECOMMENDED_TRAINING_EXAMPLES = 50;

/**
 * The SQL condition for feedback that may train a model, on the `training_examples` row named
 * `alias`: not rated 1–2 by an admin, and naming a product (so a suggested new item counts only
 * once its annotation was approved and the product exists).
 */
export function usableExampleWhere(alias = 'te'): string {
  return `(${alias}.product_id IS NOT NULL AND (${alias}.quality_rating IS NULL OR ${alias}.quality_rating >= 3))`;
}
export const USABLE_EXAMPLE_SQL = usableExampleWhere('te');

/** The same rule for a loaded example. */
export function isUsableExample(example: Pick<TrainingExample, 'productId' | 'qualityRating'>): boolean {
  return example.productId !== null && (example.qualityRating === null || example.qualityRating >= 3);
}

export type Verdict = Exclude<FeedbackType, 'new_item'>;
export type FeedbackFields = { searchId: string; productId: string; verdict: Verdict; comment?: string | null };
export type SuggestionFields = { searchId: string; name: string; category?: string | null; comment?: string | null };
export type ExampleFilter = {
  feedbackType?: FeedbackType | null;
  usedForTraining?: boolean | null;
  qualityRating?: number | null;
  minQuality?: number | null;
  rated?: boolean | null;
  productId?: string | null;
  userId?: string | null;
  searchId?: string | null;
};

export type TrainingStats = {
  total: number;
  byType: Record<FeedbackType, number>;
  /** Index 0: unrated; 1..5: rated so. */
  byQuality: number[];
  unused: number;
  usable: number;
  usableUnused: number;
  usableSearches: number;
  positives: number;
  negatives: number;
  distinctProducts: number;
  distinctUsers: number;
  pendingAnnotations: number;
  lastTrainingAt: Date | null;
  minimumExamples: number;
  recommendedExamples: number;
  canTrain: boolean;
  recommended: boolean;
  recommendation: string;
};

type StatsRow = Record<
  | 'total'
  | FeedbackType
  | 'unused'
  | 'usable'
  | 'usable_unused'
  | 'usable_searches'
  | 'positives'
  | 'negatives'
  | 'distinct_products'
  | 'distinct_users'
  | 'pending_annotations',
  number
> & { by_quality: number[]; last_training_at: Date | null };

type Judgement = { model_version: string; arm: string | null; shadow: boolean; correct: boolean };
type Observed = { verdict: FeedbackType | null; version: string; judgements: Judgement[] };

const POSITIVE = `te.feedback_type IN ('correct', 'correct_product', 'new_item')`;

/**
 * What shoppers say about their searches — verdicts, the right product, suggested new products,
 * comments — kept as training examples, and the admin side: rating, review, statistics.
 */
export class FeedbackService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly searches: SearchService,
    private readonly catalog: CatalogService,
    /** Feedback and top-1 judgement counters (`/metrics`); none in tests that do not look. */
    private readonly metrics: DomainMetrics | null = null,
  ) {}

  /**
   * One row per (search, product, user): a repeated tap changes nothing, a changed mind replaces
   * the verdict in place (its rating and "used" mark belonged to the old verdict).
   */
  async giveFeedback(actor: Actor, fields: FeedbackFields): Promise<TrainingExample> {
    const search = await this.searches.get(actor, fields.searchId);
    const product = await this.catalog.get(fields.productId);
    const [result] = (await this.dataSource.query(
      `SELECT score FROM search_results WHERE search_id = $1 AND product_id = $2 AND NOT shadow ORDER BY rank LIMIT 1`,
      [search.id, product.id],
    )) as { score: number }[];
    if (!result && fields.verdict !== 'correct_product') {
      throw new BadUserInputError(
        `Product ${product.id} was not among the results of search ${search.id}: judge one of its results, or point at the right product with CORRECT_PRODUCT`,
      );
    }
    const before = await this.observed(search, product.id, actor.userId);
    // A suggested product, once approved, is already this user's positive on this search: kept as is.
    const [written] = (await this.dataSource.query(
      `INSERT INTO training_examples AS te (search_id, image_sha256, user_id, feedback_type, product_id,
         similarity_score, model_version_id, experiment_id, arm, comment)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (search_id, product_id, user_id) WHERE product_id IS NOT NULL DO UPDATE SET
         feedback_type = excluded.feedback_type,
         comment = coalesce(excluded.comment, te.comment),
         used_for_training = te.used_for_training AND te.feedback_type = excluded.feedback_type,
         quality_rating = CASE WHEN te.feedback_type = excluded.feedback_type THEN te.quality_rating END,
         rated_by = CASE WHEN te.feedback_type = excluded.feedback_type THEN te.rated_by END,
         updated_at = now()
       WHERE te.feedback_type <> 'new_item'
         AND (te.feedback_type <> excluded.feedback_type OR te.comment IS DISTINCT FROM coalesce(excluded.comment, te.comment))
       RETURNING id`,
      [
        search.id,
        search.queryImageSha256,
        actor.userId,
        fields.verdict,
        product.id,
        result?.score ?? null,
        search.modelVersionId,
        search.experimentId,
        search.arm,
        fields.comment ?? null,
      ],
    )) as { id: string }[];
    if (written) {
      await this.observe(search, fields.verdict, before);
      return this.example(written.id);
    }
    // Nothing changed (the same tap again): the row as it stands.
    return this.examples().findOneOrFail({
      where: { searchId: search.id, productId: product.id, userId: actor.userId },
      relations: { product: true },
      withDeleted: true,
    });
  }

  /** A product the catalog lacks, shown by a search's photo; waits for an admin's review. */
  async suggestProduct(actor: Actor, fields: SuggestionFields): Promise<NewProductAnnotation> {
    const search = await this.searches.get(actor, fields.searchId);
    if (!search.queryImageSha256) {
      throw new BadUserInputError('Only a search by photo can suggest a new product: a text search has no photo');
    }
    const name = fields.name.trim();
    if (!name) throw new BadUserInputError('A suggested product needs a name');
    const suggestion = await this.dataSource.transaction(async (tx) => {
      // Suggestions on one search wait for each other, so a double tap makes one annotation.
      await tx.query(`SELECT 1 FROM searches WHERE id = $1 FOR UPDATE`, [search.id]);
      const [existing] = (await tx.query(
        `SELECT id FROM new_product_annotations WHERE search_id = $1 AND user_id = $2 AND lower(name) = lower($3)
         ORDER BY created_at LIMIT 1`,
        [search.id, actor.userId, name],
      )) as { id: string }[];
      if (existing) return { id: existing.id, created: false };
      const [annotation] = (await tx.query(
        `INSERT INTO new_product_annotations (search_id, image_sha256, user_id, name, category, comment)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [search.id, search.queryImageSha256, actor.userId, name, fields.category?.trim() ?? '', fields.comment ?? null],
      )) as { id: string }[];
      // The new_item example shares its annotation's id: that is how approval finds it.
      await tx.query(
        `INSERT INTO training_examples (id, search_id, image_sha256, user_id, feedback_type, model_version_id, experiment_id, arm, comment)
         VALUES ($1, $2, $3, $4, 'new_item', $5, $6, $7, $8)`,
        [
          annotation!.id,
          search.id,
          search.queryImageSha256,
          actor.userId,
          search.modelVersionId,
          search.experimentId,
          search.arm,
          fields.comment ?? null,
        ],
      );
      return { id: annotation!.id, created: true };
    });
    // A suggestion judges no ranking (the catalog lacked the product, not the model): only counted.
    if (suggestion.created) await this.observe(search, 'new_item', null);
    return this.annotation(suggestion.id);
  }

  async commentOnSearch(actor: Actor, searchId: string, text: string): Promise<SearchComment> {
    const search = await this.searches.get(actor, searchId);
    const trimmed = text.trim();
    if (trimmed.length < 1 || trimmed.length > 2000) throw new BadUserInputError('A comment has 1 to 2000 characters');
    const repo = this.dataSource.getRepository(SearchComment);
    return repo.save(repo.create({ searchId: search.id, userId: actor.userId, text: trimmed }));
  }

  /** An admin's quality rating, 1 (useless) to 5; examples rated 1–2 are left out of training. */
  async rateExample(actor: Actor, id: string, quality: number): Promise<TrainingExample> {
    if (!Number.isInteger(quality) || quality < 1 || quality > 5) {
      throw new BadUserInputError(`Quality is rated from 1 to 5, not ${quality}`);
    }
    const rated = isUuid(id)
      ? await updateReturning<{ id: string }>(
          this.dataSource,
          `UPDATE training_examples SET quality_rating = $2, rated_by = $3, updated_at = now() WHERE id = $1 RETURNING id`,
          [id, quality, actor.userId],
        )
      : [];
    if (!rated[0]) throw new NotFoundError('Training example', id);
    return this.example(id);
  }

  /**
   * Approval creates the product with the search photo (already stored) as its first image and
   * gives the new_item example its product, all in one transaction; rejection keeps the record.
   */
  async reviewAnnotation(actor: Actor, id: string, approve: boolean): Promise<NewProductAnnotation> {
    if (!isUuid(id)) throw new NotFoundError('New product annotation', id);
    const created = await this.dataSource.transaction(async (tx): Promise<Product | null> => {
      const annotation = await tx
        .getRepository(NewProductAnnotation)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!annotation) throw new NotFoundError('New product annotation', id);
      if (annotation.status !== 'pending') {
        throw new BadUserInputError(`This suggestion was already ${annotation.status} by ${annotation.reviewedBy}`);
      }
      if (!approve) {
        await tx.query(
          `UPDATE new_product_annotations SET status = 'rejected', reviewed_by = $2, reviewed_at = now() WHERE id = $1`,
          [id, actor.userId],
        );
        return null;
      }
      if (!annotation.imageSha256) throw new BadUserInputError('This suggestion has no photo to show the product');
      const product = await this.catalog.createWithStoredImage(
        tx,
        { name: annotation.name, category: annotation.category, description: annotation.comment ?? '' },
        annotation.imageSha256,
      );
      await tx.query(
        `UPDATE new_product_annotations SET status = 'approved', product_id = $2, reviewed_by = $3, reviewed_at = now()
         WHERE id = $1`,
        [id, product.id, actor.userId],
      );
      await tx.query(
        `UPDATE training_examples SET product_id = $2, updated_at = now() WHERE id = $1 AND feedback_type = 'new_item'`,
        [id, product.id],
      );
      return product;
    });
    // Announced once committed: the new product's image is queued for embedding.
    if (created) await this.catalog.publishCreated(created);
    return this.annotation(id);
  }

  async stats(): Promise<TrainingStats> {
    const usable = usableExampleWhere('te');
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS total,
         count(*) FILTER (WHERE feedback_type = 'correct')::int AS correct,
         count(*) FILTER (WHERE feedback_type = 'incorrect')::int AS incorrect,
         count(*) FILTER (WHERE feedback_type = 'correct_product')::int AS correct_product,
         count(*) FILTER (WHERE feedback_type = 'new_item')::int AS new_item,
         array[count(*) FILTER (WHERE quality_rating IS NULL),
           count(*) FILTER (WHERE quality_rating = 1), count(*) FILTER (WHERE quality_rating = 2),
           count(*) FILTER (WHERE quality_rating = 3), count(*) FILTER (WHERE quality_rating = 4),
           count(*) FILTER (WHERE quality_rating = 5)]::int[] AS by_quality,
         count(*) FILTER (WHERE NOT used_for_training)::int AS unused,
         count(*) FILTER (WHERE ${usable})::int AS usable,
         count(*) FILTER (WHERE ${usable} AND NOT used_for_training)::int AS usable_unused,
         count(DISTINCT (search_id, user_id)) FILTER (WHERE ${usable} AND image_sha256 IS NOT NULL)::int AS usable_searches,
         count(*) FILTER (WHERE ${usable} AND ${POSITIVE})::int AS positives,
         count(*) FILTER (WHERE ${usable} AND NOT ${POSITIVE})::int AS negatives,
         count(DISTINCT product_id)::int AS distinct_products,
         count(DISTINCT user_id)::int AS distinct_users,
         (SELECT count(*)::int FROM new_product_annotations WHERE status = 'pending') AS pending_annotations,
         (SELECT max(finished_at) FROM training_runs WHERE status = 'succeeded') AS last_training_at
       FROM training_examples te`,
    )) as StatsRow[];
    const r = row!;
    const fresh = r.usable_unused;
    // A run learns one example per user's photo search (its verdicts together): it needs enough of both.
    const enoughSearches = r.usable_searches >= MINIMUM_TRAINING_EXAMPLES;
    const canTrain = fresh >= MINIMUM_TRAINING_EXAMPLES && enoughSearches;
    const recommended = canTrain && fresh >= RECOMMENDED_TRAINING_EXAMPLES;
    return {
      total: r.total,
      byType: { correct: r.correct, incorrect: r.incorrect, correct_product: r.correct_product, new_item: r.new_item },
      byQuality: r.by_quality,
      unused: r.unused,
      usable: r.usable,
      usableUnused: fresh,
      usableSearches: r.usable_searches,
      positives: r.positives,
      negatives: r.negatives,
      distinctProducts: r.distinct_products,
      distinctUsers: r.distinct_users,
      pendingAnnotations: r.pending_annotations,
      lastTrainingAt: r.last_training_at ?? null,
      minimumExamples: MINIMUM_TRAINING_EXAMPLES,
      recommendedExamples: RECOMMENDED_TRAINING_EXAMPLES,
      canTrain,
      recommended,
      recommendation: recommended
        ? `Training is recommended: ${fresh} new usable examples since the last run.`
        : canTrain
          ? `Training is possible with ${fresh} new usable examples; ${RECOMMENDED_TRAINING_EXAMPLES} or more are recommended.`
          : fresh >= MINIMUM_TRAINING_EXAMPLES
            ? `Not enough searches to train: the ${fresh} usable examples judge ${r.usable_searches} photo searches, and a run needs feedback on at least ${MINIMUM_TRAINING_EXAMPLES} (${MINIMUM_TRAINING_EXAMPLES - r.usable_searches} more).`
            : `Not enough new feedback to train: ${fresh} usable examples, at least ${MINIMUM_TRAINING_EXAMPLES} are needed (${MINIMUM_TRAINING_EXAMPLES - fresh} more).`,
    };
  }

  /** Training examples, newest first. */
  listExamples(filter: ExampleFilter, first: number, after?: string | null): Promise<Page<TrainingExample>> {
    const empty = { nodes: [], endCursor: null, hasNextPage: false, totalCount: 0 };
    // A malformed id names no row (and must not reach a uuid comparison).
    if ([filter.productId, filter.searchId].some((id) => id && !isUuid(id))) return Promise.resolve(empty);
    const query = this.examples().createQueryBuilder('te').leftJoinAndSelect('te.product', 'p').withDeleted();
    const columns = {
      feedbackType: 'feedback_type',
      usedForTraining: 'used_for_training',
      qualityRating: 'quality_rating',
      productId: 'product_id',
      searchId: 'search_id',
    } as const;
    // An end user in full (`key:<id>/telegram:1`), or by name: that name under any key.
    if (filter.userId != null) {
      query.andWhere(
        `(te.user_id = :userId OR (strpos(te.user_id, '/') > 0 AND substr(te.user_id, strpos(te.user_id, '/') + 1) = :userId))`,
        { userId: filter.userId },
      );
    }
    for (const [key, column] of Object.entries(columns)) {
      const value = filter[key as keyof typeof columns];
      if (value !== undefined && value !== null) query.andWhere(`te.${column} = :${key}`, { [key]: value });
    }
    if (filter.minQuality != null)
      query.andWhere('te.quality_rating >= :minQuality', { minQuality: filter.minQuality });
    if (filter.rated != null) query.andWhere(`te.quality_rating IS ${filter.rated ? 'NOT NULL' : 'NULL'}`);
    return keysetPage(query, 'te', 'training_examples', 'DESC', first, after);
  }

  /** Suggested products, oldest first (a review queue); every status when `status` is null. */
  listAnnotations(
    status: AnnotationStatus | null,
    first: number,
    after?: string | null,
  ): Promise<Page<NewProductAnnotation>> {
    const query = this.dataSource
      .getRepository(NewProductAnnotation)
      .createQueryBuilder('a')
      .leftJoinAndSelect('a.product', 'p')
      .withDeleted();
    if (status) query.andWhere('a.status = :status', { status });
    return keysetPage(query, 'a', 'new_product_annotations', 'ASC', first, after);
  }

  /**
   * Count feedback just written, and the top-1 judgements (the `search_judgements` view) it made
   * or changed. A new or changed verdict counts once (a changed comment alone does not). A ranking
   * judged for the first time counts once, a ranking whose outcome flipped (a changed mind) counts
   * again under its new outcome, and feedback that leaves the judgement as it was (say an
   * INCORRECT below a correct top result) adds nothing.
   */
  private async observe(search: Search, verdict: FeedbackType, before: Observed | null): Promise<void> {
    if (!this.metrics) return;
    if (before?.verdict !== verdict) {
      const version = before?.version ?? (await this.observed(search, null, null))?.version ?? 'none';
      this.metrics.observeFeedback(verdict, version, search.arm);
    }
    if (!before) return;
    const judged = new Map(before.judgements.map((j) => [`${j.model_version}\u0000${j.shadow}`, j.correct]));
    const after = await this.observed(search, null, null);
    for (const j of after?.judgements ?? []) {
      if (judged.get(`${j.model_version}\u0000${j.shadow}`) === j.correct) continue;
      this.metrics.observeJudgement(j.model_version, j.arm, j.correct, j.shadow);
    }
  }

  /**
   * What the metrics compare feedback against, in one statement: this user's verdict on the
   * product so far (when asked), the search's version name and its top-1 judgements as they
   * stand (none for a text search).
   */
  private async observed(search: Search, productId: string | null, userId: string | null): Promise<Observed | null> {
    if (!this.metrics) return null;
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT feedback_type FROM training_examples WHERE search_id = $1 AND product_id = $2 AND user_id = $3) AS verdict,
         coalesce((SELECT name FROM model_versions WHERE id = $4), 'none') AS version,
         coalesce((SELECT json_agg(json_build_object('model_version', mv.name, 'arm', j.arm, 'shadow', j.shadow, 'correct', j.correct))
                   FROM search_judgements j JOIN model_versions mv ON mv.id = j.model_version_id
                   WHERE j.search_id = $1 AND $5), '[]') AS judgements`,
      [search.id, productId, userId, search.modelVersionId, search.kind === 'image'],
    )) as Observed[];
    return row!;
  }

  private examples() {
    return this.dataSource.getRepository(TrainingExample);
  }

  private example(id: string): Promise<TrainingExample> {
    return this.examples().findOneOrFail({ where: { id }, relations: { product: true }, withDeleted: true });
  }

  private annotation(id: string): Promise<NewProductAnnotation> {
    return this.dataSource
      .getRepository(NewProductAnnotation)
      .findOneOrFail({ where: { id }, relations: { product: true }, withDeleted: true });
  }
}

/** Keyset pagination on (created_at, id); the cursor (an opaque row id) is checked, not trusted. */
async function keysetPage<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  alias: string,
  table: string,
  direction: 'ASC' | 'DESC',
  first: number,
  after?: string | null,
): Promise<Page<T>> {
  const totalCount = await query.clone().getCount();
  if (after) {
    const [kind, id] = Buffer.from(after, 'base64url').toString('utf8').split(':');
    if (kind !== table || !id || !isUuid(id)) throw new BadUserInputError('Invalid cursor');
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
    endCursor: last ? Buffer.from(`${table}:${last.id}`).toString('base64url') : null,
    totalCount,
  };
}
