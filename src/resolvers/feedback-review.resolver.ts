import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../api/context.js';
import { FEEDBACK_TYPES } from '../entities/training-example.entity.js';
import type { FeedbackReviewService } from '../services/feedback-review.service.js';
import type { TrainingStatsService } from '../services/training-stats.service.js';
import { NewProductAnnotationsArgs, RateExampleArgs, TrainingExamplesArgs } from './feedback.input.js';
import { asAnnotation, asExample, connection } from './feedback.presenters.js';
import {
  NewProductAnnotationConnection,
  NewProductAnnotationType,
  TrainingExampleConnection,
  TrainingExampleType,
  TrainingStats,
  type FeedbackTypeEnum,
} from './feedback.types.js';

/** Admins rate the examples, review suggested products and read the training statistics. */
@Resolver()
export class FeedbackReviewResolver {
  constructor(
    private readonly review: FeedbackReviewService,
    private readonly trainingStatistics: TrainingStatsService,
  ) {}

  @Authorized('admin')
  @Query(() => TrainingStats, { description: 'Training data by type and quality, and whether to train now.' })
  async trainingStats(): Promise<TrainingStats> {
    const stats = await this.trainingStatistics.stats();
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
    return connection(await this.review.listExamples(filter ?? {}, first, after), asExample);
  }

  @Authorized('admin')
  @Mutation(() => TrainingExampleType, { description: 'Rate an example 1–5; examples rated 1–2 are not trained on.' })
  async rateExample(
    @Args(() => RateExampleArgs) { id, quality }: RateExampleArgs,
    @Ctx() ctx: Context,
  ): Promise<TrainingExampleType> {
    return asExample(await this.review.rateExample(ctx.actor!, id, quality));
  }

  @Authorized('admin')
  @Query(() => NewProductAnnotationConnection, { description: 'Suggested products, oldest first.' })
  async newProductAnnotations(
    @Args(() => NewProductAnnotationsArgs) { status, first, after }: NewProductAnnotationsArgs,
  ): Promise<NewProductAnnotationConnection> {
    return connection(await this.review.listAnnotations(status, first, after), asAnnotation);
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
    return asAnnotation(await this.review.reviewAnnotation(ctx.actor!, id, approve));
  }
}
