import { IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from './page.args.js';
import { AnnotationStatusEnum, FeedbackTypeEnum, FeedbackVerdictEnum } from './feedback.types.js';

@InputType({ description: 'A verdict on one product for one of your searches.' })
export class FeedbackInput {
  @Field(() => ID)
  searchId: string;

  @Field(() => ID, {
    description: 'A result of the search (CORRECT, INCORRECT) or any catalog product (CORRECT_PRODUCT).',
  })
  productId: string;

  @Field(() => FeedbackVerdictEnum)
  verdict: FeedbackVerdictEnum;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 2000)
  comment?: string | null;
}

@InputType({ description: 'A product the catalog lacks, shown by the photo of one of your searches.' })
export class SuggestProductInput {
  @Field(() => ID)
  searchId: string;

  @Field(() => String)
  @Length(1, 200)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 100)
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Becomes the product description on approval.' })
  @IsOptional()
  @Length(0, 2000)
  comment?: string | null;
}

@ArgsType()
export class CommentOnSearchArgs {
  @Field(() => ID)
  searchId: string;

  @Field(() => String)
  @Length(1, 2000)
  text: string;
}

@InputType({ description: 'Every given condition must hold.' })
export class TrainingExampleFilter {
  @Field(() => FeedbackTypeEnum, { nullable: true })
  feedbackType?: FeedbackTypeEnum | null;

  @Field(() => Boolean, { nullable: true })
  usedForTraining?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Exactly this rating.' })
  @IsOptional()
  @Min(1)
  @Max(5)
  qualityRating?: number | null;

  @Field(() => Int, { nullable: true, description: 'Rated at least this (unrated examples are left out).' })
  @IsOptional()
  @Min(1)
  @Max(5)
  minQuality?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Only rated (true) or only unrated (false) examples.' })
  rated?: boolean | null;

  @Field(() => ID, { nullable: true })
  productId?: string | null;

  @Field(() => String, { nullable: true, description: 'End user, e.g. `telegram:12345`.' })
  @IsOptional()
  @Length(1, 200)
  userId?: string | null;

  @Field(() => ID, { nullable: true })
  searchId?: string | null;
}

@ArgsType()
export class TrainingExamplesArgs extends PageArgs {
  @Field(() => TrainingExampleFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: TrainingExampleFilter | null;
}

@ArgsType()
export class NewProductAnnotationsArgs extends PageArgs {
  @Field(() => AnnotationStatusEnum, {
    nullable: true,
    defaultValue: AnnotationStatusEnum.PENDING,
    description: 'Null lists every status.',
  })
  status: AnnotationStatusEnum | null;
}

@ArgsType()
export class RateExampleArgs {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: '1 (useless: left out of training) to 5 (excellent).' })
  quality: number;
}
