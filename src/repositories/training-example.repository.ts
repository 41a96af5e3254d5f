import type { EntityManager } from 'typeorm';
import { TrainingExample, type FeedbackType } from '../entities/training-example.entity.js';
import { fromPgVectorBinary } from '../ml/vectors.js';
import { BaseRepository } from './base.repository.js';
import { keysetPage, type Page, type PageRequest } from './keyset-page.js';

/**
 * Feedback that may train a model: not rated 1–2 by an admin, and naming a product (so a
 * suggested new item counts only once its annotation was approved and the product exists).
 * `isUsableExample` is the same rule for a loaded row; keep the two together.
 */
const USABLE = `(te.product_id IS NOT NULL AND (te.quality_rating IS NULL OR te.quality_rating >= 3))`;
const POSITIVE = `te.feedback_type IN ('correct', 'correct_product', 'new_item')`;

export function isUsableExample(example: Pick<TrainingExample, 'productId' | 'qualityRating'>): boolean {
  return example.productId !== null && (example.qualityRating === null || example.qualityRating >= 3);
}

export type Verdict = Exclude<FeedbackType, 'new_item'>;

/** A verdict on one product of a search, with what the search was. */
export type NewVerdict = Pick<
  TrainingExample,
  | 'searchId'
  | 'imageSha256'
  | 'userId'
  | 'productId'
  | 'similarityScore'
  | 'modelVersionId'
  | 'experimentId'
  | 'arm'
  | 'comment'
> & { feedbackType: Verdict };

export type NewItemExample = Pick<
  TrainingExample,
  'id' | 'searchId' | 'imageSha256' | 'userId' | 'modelVersionId' | 'experimentId' | 'arm' | 'comment'
>;

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

/** The counts behind the training statistics, over every example. */
export type ExampleCounts = {
  total: number;
  byType: Record<FeedbackType, number>;
  /** Index 0: unrated; 1..5: rated so. */
  byQuality: number[];
  unused: number;
  usable: number;
  usableUnused: number;
  /** Distinct (search, user) pairs with a usable example on a photo: what a run learns from. */
  usableSearches: number;
  positives: number;
  negatives: number;
  distinctProducts: number;
  distinctUsers: number;
};

/** A usable example with its query photo's base embedding. */
export type EmbeddedExample = {
  id: string;
  searchId: string;
  userId: string;
  imageSha256: string;
  feedbackType: FeedbackType;
  productId: string;
  embedding: Float32Array;
};

/** The `training_examples` table: shoppers' verdicts, the data a run trains on. */
export class TrainingExampleRepository extends BaseRepository {
  /** With its product (even if deleted since). */
  findById(id: string): Promise<TrainingExample | null> {
    return this.db()
      .getRepository(TrainingExample)
      .findOne({ where: { id }, relations: { product: true }, withDeleted: true });
  }

  /** This user's verdict on this product of this search, with the product. */
  findVerdict(searchId: string, productId: string, userId: string): Promise<TrainingExample | null> {
    return this.db()
      .getRepository(TrainingExample)
      .findOne({ where: { searchId, productId, userId }, relations: { product: true }, withDeleted: true });
  }

  /**
   * One row per (search, product, user): a changed mind replaces the verdict in place (its
   * rating and "used" mark belonged to the old verdict); an approved suggestion, already this
   * user's positive on this search, is kept as is. Returns the row's id, or null when nothing
   * changed (the same tap again).
   */
  async upsertVerdict(verdict: NewVerdict): Promise<string | null> {
    const [written] = (await this.db().query(
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
        verdict.searchId,
        verdict.imageSha256,
        verdict.userId,
        verdict.feedbackType,
        verdict.productId,
        verdict.similarityScore,
        verdict.modelVersionId,
        verdict.experimentId,
        verdict.arm,
        verdict.comment,
      ],
    )) as { id: string }[];
    return written?.id ?? null;
  }

  /** A suggested product's example; it shares its annotation's id (that is how approval finds it). */
  async insertNewItem(example: NewItemExample, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(
      `INSERT INTO training_examples (id, search_id, image_sha256, user_id, feedback_type, model_version_id, experiment_id, arm, comment)
       VALUES ($1, $2, $3, $4, 'new_item', $5, $6, $7, $8)`,
      [
        example.id,
        example.searchId,
        example.imageSha256,
        example.userId,
        example.modelVersionId,
        example.experimentId,
        example.arm,
        example.comment,
      ],
    );
  }

  /** The product a suggestion became, given to its new_item example. */
  async assignNewItemProduct(id: string, productId: string, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(
      `UPDATE training_examples SET product_id = $2, updated_at = now() WHERE id = $1 AND feedback_type = 'new_item'`,
      [id, productId],
    );
  }

  /** False when there is no such example. */
  async rate(id: string, quality: number, ratedBy: string): Promise<boolean> {
    const rated = await this.db()
      .getRepository(TrainingExample)
      .update({ id }, { qualityRating: quality, ratedBy, updatedAt: new Date() });
    return (rated.affected ?? 0) > 0;
  }

  async markUsed(ids: string[], tx?: EntityManager): Promise<void> {
    await this.db(tx).query(`UPDATE training_examples SET used_for_training = true WHERE id = ANY($1)`, [ids]);
  }

  /** Newest first. */
  list(filter: ExampleFilter, page: PageRequest): Promise<Page<TrainingExample>> {
    const query = this.db()
      .getRepository(TrainingExample)
      .createQueryBuilder('te')
      .leftJoinAndSelect('te.product', 'p')
      .withDeleted();
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
    const where = { alias: 'te', table: 'training_examples', cursorKind: 'training_examples' };
    return keysetPage(query, { ...where, direction: 'DESC' }, page);
  }

  async counts(): Promise<ExampleCounts> {
    const [r] = (await this.db().query(
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
         count(*) FILTER (WHERE ${USABLE})::int AS usable,
         count(*) FILTER (WHERE ${USABLE} AND NOT used_for_training)::int AS usable_unused,
         count(DISTINCT (search_id, user_id)) FILTER (WHERE ${USABLE} AND image_sha256 IS NOT NULL)::int AS usable_searches,
         count(*) FILTER (WHERE ${USABLE} AND ${POSITIVE})::int AS positives,
         count(*) FILTER (WHERE ${USABLE} AND NOT ${POSITIVE})::int AS negatives,
         count(DISTINCT product_id)::int AS distinct_products,
         count(DISTINCT user_id)::int AS distinct_users
       FROM training_examples te`,
    )) as Array<Record<string, number> & { by_quality: number[] }>;
    return {
      total: r!.total!,
      byType: {
        correct: r!.correct!,
        incorrect: r!.incorrect!,
        correct_product: r!.correct_product!,
        new_item: r!.new_item!,
      },
      byQuality: r!.by_quality,
      unused: r!.unused!,
      usable: r!.usable!,
      usableUnused: r!.usable_unused!,
      usableSearches: r!.usable_searches!,
      positives: r!.positives!,
      negatives: r!.negatives!,
      distinctProducts: r!.distinct_products!,
      distinctUsers: r!.distinct_users!,
    };
  }

  /** Usable examples whose query photo has a base embedding from this encoder. */
  async countUsableEmbedded(encoderId: string): Promise<number> {
    const rows = (await this.db().query(
      `SELECT count(*)::int AS n FROM training_examples te
       JOIN image_embeddings ie ON ie.image_sha256 = te.image_sha256 AND ie.encoder_id = $1
       WHERE ${USABLE}`,
      [encoderId],
    )) as Array<{ n: number }>;
    return rows[0]!.n;
  }

  /** Those examples with their query photos' embeddings, oldest first. */
  async usableEmbedded(encoderId: string): Promise<EmbeddedExample[]> {
    const rows = (await this.db().query(
      `SELECT te.id, te.search_id, te.user_id, te.image_sha256, te.feedback_type, te.product_id,
              vector_send(ie.embedding) AS embedding
       FROM training_examples te
       JOIN image_embeddings ie ON ie.image_sha256 = te.image_sha256 AND ie.encoder_id = $1
       WHERE ${USABLE}
       ORDER BY te.created_at, te.id`,
      [encoderId],
    )) as Array<{
      id: string;
      search_id: string;
      user_id: string;
      image_sha256: string;
      feedback_type: FeedbackType;
      product_id: string;
      embedding: Buffer;
    }>;
    return rows.map((r) => ({
      id: r.id,
      searchId: r.search_id,
      userId: r.user_id,
      imageSha256: r.image_sha256,
      feedbackType: r.feedback_type,
      productId: r.product_id,
      embedding: fromPgVectorBinary(r.embedding),
    }));
  }

  /**
   * Feedback per arm of an experiment: how many examples, and of the searches judged (any
   * verdict but a new item), how many had a correct result among those shown.
   */
  async feedbackByArm(experimentId: string): Promise<ArmFeedback[]> {
    return (await this.db().query(
      `SELECT arm, count(*)::int AS feedback,
              count(DISTINCT search_id) FILTER (WHERE feedback_type = 'correct')::int AS with_correct,
              count(DISTINCT search_id) FILTER (WHERE feedback_type <> 'new_item')::int AS judged_searches
       FROM training_examples WHERE experiment_id = $1 GROUP BY arm`,
      [experimentId],
    )) as ArmFeedback[];
  }
}

/** An experiment arm's feedback (see `feedbackByArm`). */
export type ArmFeedback = { arm: string; feedback: number; with_correct: number; judged_searches: number };
