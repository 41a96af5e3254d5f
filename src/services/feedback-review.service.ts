import type { TrainingExample } from '../entities/training-example.entity.js';
import type { AnnotationStatus, NewProductAnnotation } from '../entities/new-product-annotation.entity.js';
import type { Product } from '../entities/product.entity.js';
import { BadUserInputError, NotFoundError } from '../domain/errors.js';
import { isUuid } from '../lib/ids.js';
import type { Repositories } from '../repositories/index.js';
import type { Page } from '../repositories/keyset-page.js';
import type { ExampleFilter } from '../repositories/training-example.repository.js';
import type { CatalogService } from './catalog.service.js';
import type { Actor } from './principal.js';

export type { ExampleFilter } from '../repositories/training-example.repository.js';

const EMPTY_PAGE = { nodes: [], endCursor: null, hasNextPage: false, totalCount: 0 };

/** The admin side of feedback: the examples and their ratings, and the review of suggested products. */
export class FeedbackReviewService {
  constructor(
    private readonly repos: Repositories,
    private readonly catalog: CatalogService,
  ) {}

  /** An admin's quality rating, 1 (useless) to 5; examples rated 1–2 are left out of training. */
  async rateExample(actor: Actor, id: string, quality: number): Promise<TrainingExample> {
    if (!Number.isInteger(quality) || quality < 1 || quality > 5) {
      throw new BadUserInputError(`Quality is rated from 1 to 5, not ${quality}`);
    }
    const rated = isUuid(id) && (await this.repos.examples.rate(id, quality, actor.userId));
    if (!rated) throw new NotFoundError('Training example', id);
    return (await this.repos.examples.findById(id))!;
  }

  /**
   * Approval creates the product with the search photo (already stored) as its first image and
   * gives the new_item example its product, all in one transaction; rejection keeps the record.
   */
  async reviewAnnotation(actor: Actor, id: string, approve: boolean): Promise<NewProductAnnotation> {
    if (!isUuid(id)) throw new NotFoundError('New product annotation', id);
    const created = await this.repos.transaction(async (tx): Promise<Product | null> => {
      const annotation = await this.repos.annotations.findForUpdate(id, tx);
      if (!annotation) throw new NotFoundError('New product annotation', id);
      if (annotation.status !== 'pending') {
        throw new BadUserInputError(`This suggestion was already ${annotation.status} by ${annotation.reviewedBy}`);
      }
      if (!approve) {
        await this.repos.annotations.markRejected(id, actor.userId, tx);
        return null;
      }
      if (!annotation.imageSha256) throw new BadUserInputError('This suggestion has no photo to show the product');
      const product = await this.catalog.createWithStoredImage(
        tx,
        { name: annotation.name, category: annotation.category, description: annotation.comment ?? '' },
        annotation.imageSha256,
      );
      await this.repos.annotations.markApproved(id, product.id, actor.userId, tx);
      await this.repos.examples.assignNewItemProduct(id, product.id, tx);
      return product;
    });
    // Announced once committed: the new product's image is queued for embedding.
    if (created) await this.catalog.publishCreated(created);
    return (await this.repos.annotations.findById(id))!;
  }

  /** Training examples, newest first. */
  listExamples(filter: ExampleFilter, first: number, after?: string | null): Promise<Page<TrainingExample>> {
    // A malformed id names no row (and must not reach a uuid comparison).
    if ([filter.productId, filter.searchId].some((id) => id && !isUuid(id))) return Promise.resolve(EMPTY_PAGE);
    return this.repos.examples.list(filter, { first, after });
  }

  /** Suggested products, oldest first (a review queue); every status when `status` is null. */
  listAnnotations(
    status: AnnotationStatus | null,
    first: number,
    after?: string | null,
  ): Promise<Page<NewProductAnnotation>> {
    return this.repos.annotations.list(status, { first, after });
  }
}
