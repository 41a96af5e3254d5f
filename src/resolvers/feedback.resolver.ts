import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../api/context.js';
import type { TrainingExample } from '../entities/training-example.entity.js';
import type { NewProductAnnotation } from '../entities/new-product-annotation.entity.js';
import { FEEDBACK_TYPES } from '../entities/training-example.entity.js';
import type { Page } from '../services/catalog.service.js';
import { isUsableExample, type FeedbackService } from '../services/feedback.service.js';
import {
  CommentOnSearchArgs,
  FeedbackInput,
  NewProductAnnotationsArgs,
  RateExampleArgs,
  SuggestProductInput,
  TrainingExamplesArgs,
} from './feedback.input.js';
import {
  NewProductAnnotationConnection,
  NewProductAnnotationType,
  SearchCommentType,
  TrainingExampleConnection,
  TrainingExampleType,
  TrainingStats,
  type AnnotationStatusEnum,
  type FeedbackTypeEnum,
} from './feedback.types.js';

const imageUrl = (sha256: string | null) => (sha256 ? `/images/${sha256}` : null);

const asExample = (e: TrainingExample): TrainingExampleType => ({
  ...e,
  feedbackType: e.feedbackType as FeedbackTypeEnum,
  imageUrl: imageUrl(e.imageSha256),
  usable: isUsableExample(e),
});

const asAnnotation = (a: NewProductAnnotation): NewProductAnnotationType => ({
  ...a,
  status: a.status as AnnotationStatusEnum,
  imageUrl: imageUrl(a.imageSha256),
});

const connection = <T, U>(page: Page<T>, present: (node: T) => U) => ({
  nodes: page.nodes.map(present),
  totalCount: page.totalCount,
  pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
});

/** Shoppers judge their searches; admins rate the examples, review suggestions, read the stats. */
@Resolver()
export class FeedbackResolver {
  constructor(private readonly feedback: FeedbackService) {}

  @Authorized()
  @Mutation(() => TrainingExampleType, {
    description: 'Judge a result of your search, or point at the right product. Sending it again changes nothing.',
  })
  async giveFeedback(
    @Arg('input', () => FeedbackInput) input: FeedbackInput,
    @Ctx() ctx: Context,
  ): Promise<TrainingExampleType> {
    return asExample(await this.feedback.giveFeedback(ctx.actor!, input));
  }

  @Authorized()
  @Mutation(() => NewProductAnnotationType, {
    description: 'Propose a product the catalog lacks, from the photo of your search; an admin reviews it.',
  })
  async suggestProduct(
    @Arg('input', () => SuggestProductInput) input: SuggestProductInput,
    @Ctx() ctx: Context,
  ): Promise<NewProductAnnotationType> {
    return asAnnotation(await this.feedback.suggestProduct(ctx.actor!, input));
  }

  @Authorized()
  @Mutation(() => SearchCommentType, { description: 'Leave a comment on your search.' })
  commentOnSearch(
    @Args(() => CommentOnSearchArgs) { searchId, text }: CommentOnSearchArgs,
    @Ctx() ctx: Context,
  ): Promise<SearchCommentType> {
    return this.feedback.commentOnSearch(ctx.actor!, searchId, text);
  }

  @Authorized('admin')
  @Query(() => TrainingStats, { description: 'Training data by type and quality, and whether to train now.' })
  async trainingStats(): Promise<TrainingStats> {
    const stats = await this.feedback.stats();
    return {
      ...stats,
      byType: FEEDBACK_TYPES.map((type) => ({ feedbackType: type as FeedbackTypeEnum, count: stats.byType[type] })),
      byQuality: stats.byQuality.map((count, rating) => ({ rating: rating || null, count })),
    };
  }

  @Authorized('admin')
  @Query(() => TrainingExampleConnection, { description: 'Training examples, newest first.' })
  async trainingExamples(
    @Args(() => TrainingExamplesArgs) { filter, first, after }: TrainingExamplesArgs,
  ): Promise<TrainingExampleConnection> {
    return connection(await this.feedback.listExamples(filter ?? {}, first, after), asExample);
  }

  @Authorized('admin')
  @Mutation(() => TrainingExampleType, { description: 'Rate an example 1–5; examples rated 1–2 are not trained on.' })
  async rateExample(
    @Args(() => RateExampleArgs) { id, quality }: RateExampleArgs,
    @Ctx() ctx: Context,
  ): Promise<TrainingExampleType> {
    return asExample(await this.feedback.rateExample(ctx.actor!, id, quality));
  }

  @Authorized('admin')
  @Query(() => NewProductAnnotationConnection, { description: 'Suggested products, oldest first.' })
  async newProductAnnotations(
    @Args(() => NewProductAnnotationsArgs) { status, first, after }: NewProductAnnotationsArgs,
  ): Promise<NewProductAnnotationConnection> {
    return connection(await this.feedback.listAnnotations(status, first, after), asAnnotation);
  }

  @Authorized('admin')
  @Mutation(() => NewProductAnnotationType, {
    description:
      'Approve (creates the product with the photo as its first image, searchable in every served version) or reject a suggestion.',
  })
  async reviewAnnotation(
    @Arg('id', () => ID) id: string,
    @Arg('approve', () => Boolean) approve: boolean,
    @Ctx() ctx: Context,
  ): Promise<NewProductAnnotationType> {
    return asAnnotation(await this.feedback.reviewAnnotation(ctx.actor!, id, approve));
  }
}
