import { Arg, Args, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../api/context.js';
import type { FeedbackService } from '../services/feedback.service.js';
import { CommentOnSearchArgs, FeedbackInput, SuggestProductInput } from './feedback.input.js';
import { asAnnotation, asExample } from './feedback.presenters.js';
import { NewProductAnnotationType, SearchCommentType, TrainingExampleType } from './feedback.types.js';

/** Shoppers judge their searches: verdicts, suggested products, comments. */
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
}
