import type { FeedbackType, TrainingExample } from '../entities/training-example.entity.js';
import type { NewProductAnnotation } from '../entities/new-product-annotation.entity.js';
import type { SearchComment } from '../entities/search-comment.entity.js';
import type { Search } from '../entities/search.entity.js';
import type { DomainMetrics } from '../domain/metrics.js';
import { BadUserInputError } from '../domain/errors.js';
import type { Repositories } from '../repositories/index.js';
import type { Judgement, JudgementState } from '../repositories/search.repository.js';
import type { Verdict } from '../repositories/training-example.repository.js';
import type { CatalogService } from './catalog.service.js';
import type { GalleryService } from './gallery.service.js';
import type { SearchService } from './search.service.js';
import type { Actor } from './principal.js';

export type { Verdict } from '../repositories/training-example.repository.js';
export type FeedbackFields = { searchId: string; productId: string; verdict: Verdict; comment?: string | null };
export type SuggestionFields = { searchId: string; name: string; category?: string | null; comment?: string | null };

/**
 * What shoppers say about their searches — verdicts, the right product, suggested new products,
 * comments — kept as training examples, and counted for monitoring. Admins review it in
 * `FeedbackReviewService`.
 */
export class FeedbackService {
  constructor(
    private readonly repos: Repositories,
    private readonly searches: SearchService,
    private readonly catalog: CatalogService,
    /** Feedback and top-1 judgement counters (`/metrics`); none in tests that do not look. */
    private readonly metrics: DomainMetrics | null = null,
    /** Where a confirmed photo is proposed as a view of its product (and a withdrawn one ends). */
    private readonly gallery: GalleryService | null = null,
  ) {}

  /**
   * One row per (search, product, user): a repeated tap changes nothing, a changed mind replaces
   * the verdict in place (its rating and "used" mark belonged to the old verdict).
   */
  async giveFeedback(actor: Actor, fields: FeedbackFields): Promise<TrainingExample> {
    const search = await this.searches.get(actor, fields.searchId);
    const product = await this.catalog.get(fields.productId);
    const score = await this.repos.searches.shownScore(search.id, product.id);
    if (score === null && fields.verdict !== 'correct_product') {
      throw new BadUserInputError(
        `Product ${product.id} was not among the results of search ${search.id}: judge one of its results, or point at the right product with CORRECT_PRODUCT`,
      );
    }
    const before = await this.observed(search, product.id, actor.userId);
    const written = await this.repos.examples.upsertVerdict({
      searchId: search.id,
      imageSha256: search.queryImageSha256,
      userId: actor.userId,
      feedbackType: fields.verdict,
      productId: product.id,
      similarityScore: score,
      modelVersionId: search.modelVersionId,
      experimentId: search.experimentId,
      arm: search.arm,
      comment: fields.comment ?? null,
    });
    if (written) await this.observe(search, fields.verdict, before);
    // Nothing changed (the same tap again): the row as it stands.
    const example = written
      ? await this.repos.examples.findById(written)
      : await this.repos.examples.findVerdict(search.id, product.id, actor.userId);
    if (written) await this.gallery?.onVerdict(actor, example!);
    return example!;
  }

  /** A product the catalog lacks, shown by a search's photo; waits for an admin's review. */
  async suggestProduct(actor: Actor, fields: SuggestionFields): Promise<NewProductAnnotation> {
    const search = await this.searches.get(actor, fields.searchId);
    if (!search.queryImageSha256) {
      throw new BadUserInputError('Only a search by photo can suggest a new product: a text search has no photo');
    }
    const name = fields.name.trim();
    if (!name) throw new BadUserInputError('A suggested product needs a name');
    const suggestion = await this.repos.transaction(async (tx) => {
      // Suggestions on one search wait for each other, so a double tap makes one annotation.
      await this.repos.searches.lock(search.id, tx);
      const existing = await this.repos.annotations.findSameSuggestion(search.id, actor.userId, name, tx);
      if (existing) return { id: existing.id, created: false };
      const id = await this.repos.annotations.insert(
        {
          searchId: search.id,
          imageSha256: search.queryImageSha256,
          userId: actor.userId,
          name,
          category: fields.category?.trim() ?? '',
          comment: fields.comment ?? null,
        },
        tx,
      );
      // The new_item example shares its annotation's id: that is how approval finds it.
      await this.repos.examples.insertNewItem(
        {
          id,
          searchId: search.id,
          imageSha256: search.queryImageSha256,
          userId: actor.userId,
          modelVersionId: search.modelVersionId,
          experimentId: search.experimentId,
          arm: search.arm,
          comment: fields.comment ?? null,
        },
        tx,
      );
      return { id, created: true };
    });
    // A suggestion judges no ranking (the catalog lacked the product, not the model): only counted.
    if (suggestion.created) await this.observe(search, 'new_item', null);
    return (await this.repos.annotations.findById(suggestion.id))!;
  }

  async commentOnSearch(actor: Actor, searchId: string, text: string): Promise<SearchComment> {
    const search = await this.searches.get(actor, searchId);
    const trimmed = text.trim();
    if (trimmed.length < 1 || trimmed.length > 2000) throw new BadUserInputError('A comment has 1 to 2000 characters');
    return this.repos.searches.addComment({ searchId: search.id, userId: actor.userId, text: trimmed });
  }

  /**
   * Count feedback just written, and the top-1 judgements (the `search_judgements` view) it made
   * or changed. A new or changed verdict counts once (a changed comment alone does not). A ranking
   * judged for the first time counts once, under its first outcome, and never again: the
   * counters are the dashboard's judged searches, which the report counts once each, so a changed
   * mind (an outcome that flips) would count a search twice.
   */
  private async observe(search: Search, verdict: FeedbackType, before: JudgementState | null): Promise<void> {
    if (!this.metrics) return;
    if (before?.verdict !== verdict) {
      const version = before?.version ?? (await this.observed(search, null, null))?.version ?? 'none';
      this.metrics.observeFeedback(verdict, version, search.arm);
    }
    if (!before) return;
    // A shadow experiment compares only judgements whose right product is known: one that becomes
    // known later (an INCORRECT, then the right product named) is a new event there, counted once
    // under truth_known="true". Elsewhere a ranking judged before is not counted again.
    const key = (j: Judgement) =>
      `${j.model_version}\u0000${j.shadow}\u0000${j.experiment?.mode === 'shadow' && j.by_truth}`;
    const judged = new Map(before.judgements.map((j) => [key(j), j.correct]));
    const after = await this.observed(search, null, null);
    for (const j of after?.judgements ?? []) {
      if (judged.has(key(j))) continue;
      this.metrics.observeJudgement({
        modelVersion: j.model_version,
        arm: j.arm,
        experiment: j.experiment,
        shadow: j.shadow,
        truthKnown: j.by_truth,
        correct: j.correct,
      });
    }
  }

  /** The judgement state, read only when there are metrics to compare it for. */
  private observed(search: Search, productId: string | null, userId: string | null): Promise<JudgementState | null> {
    if (!this.metrics) return Promise.resolve(null);
    return this.repos.searches.judgementState(search, productId, userId);
  }
}
