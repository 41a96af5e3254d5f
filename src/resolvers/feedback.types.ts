import { Field, Float, ID, Int, ObjectType, registerEnumType, UseMiddleware } from 'type-graphql';
import { AdminsOnly, AsCallerSees } from './identity.middleware.js';
import { Product } from '../entities/product.entity.js';
import { PageInfo } from './product.types.js';

/** A shopper's verdict on a search (GraphQL values upper case, stored lower case). */
export enum FeedbackVerdictEnum {
  CORRECT = 'correct',
  INCORRECT = 'incorrect',
  CORRECT_PRODUCT = 'correct_product',
}
registerEnumType(FeedbackVerdictEnum, {
  name: 'FeedbackVerdict',
  valuesConfig: {
    CORRECT: { description: 'This result is the product in the photo.' },
    INCORRECT: { description: 'This result is not the product in the photo.' },
    CORRECT_PRODUCT: { description: 'This catalog product is the one in the photo (it may not be among the results).' },
  },
});

export enum FeedbackTypeEnum {
  CORRECT = 'correct',
  INCORRECT = 'incorrect',
  CORRECT_PRODUCT = 'correct_product',
  NEW_ITEM = 'new_item',
}
registerEnumType(FeedbackTypeEnum, { name: 'FeedbackType' });

export enum AnnotationStatusEnum {
  PENDING = 'pending',
  APPROVED = 'approved',
  REJECTED = 'rejected',
}
registerEnumType(AnnotationStatusEnum, { name: 'AnnotationStatus' });

@ObjectType('TrainingExample', { description: 'One judgement of a search, kept as training data.' })
export class TrainingExampleType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  searchId: string;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the query photo; null for a text search.' })
  imageSha256: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Path of the query photo (`/images/<sha256>`); served once it is also a catalog image.',
  })
  imageUrl: string | null;

  @Field(() => String)
  @UseMiddleware(AsCallerSees)
  userId: string;

  @Field(() => FeedbackTypeEnum)
  feedbackType: FeedbackTypeEnum;

  @Field(() => Product, {
    nullable: true,
    description: 'The product judged or pointed at; for a new item, the product made on approval.',
  })
  product: Product | null;

  @Field(() => Float, { nullable: true, description: 'The score the search gave this product, if it was a result.' })
  similarityScore: number | null;

  @Field(() => Int, { nullable: true, description: '1..5, given by an admin; 1–2 leave it out of training.' })
  qualityRating: number | null;

  @Field(() => String, { nullable: true })
  @UseMiddleware(AdminsOnly)
  ratedBy: string | null;

  @Field(() => Boolean)
  usedForTraining: boolean;

  @Field(() => Boolean, { description: 'Whether training may use it (a product, and not rated 1–2).' })
  usable: boolean;

  @Field(() => ID, { nullable: true })
  modelVersionId: string | null;

  @Field(() => ID, { nullable: true })
  experimentId: string | null;

  @Field(() => String, { nullable: true })
  arm: string | null;

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

@ObjectType()
export class TrainingExampleConnection {
  @Field(() => [TrainingExampleType])
  nodes: TrainingExampleType[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@ObjectType('NewProductAnnotation', { description: 'A product a user proposed from a search photo.' })
export class NewProductAnnotationType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  searchId: string;

  @Field(() => String, { nullable: true })
  imageSha256: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Path of the photo (`/images/<sha256>`); served once it is a catalog image.',
  })
  imageUrl: string | null;

  @Field(() => String)
  @UseMiddleware(AsCallerSees)
  userId: string;

  @Field(() => String)
  name: string;

  @Field(() => String)
  category: string;

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field(() => AnnotationStatusEnum)
  status: AnnotationStatusEnum;

  @Field(() => String, { nullable: true })
  @UseMiddleware(AdminsOnly)
  reviewedBy: string | null;

  @Field(() => Date, { nullable: true })
  reviewedAt: Date | null;

  @Field(() => Product, { nullable: true, description: 'The product created on approval.' })
  product: Product | null;

  @Field(() => Date)
  createdAt: Date;
}

@ObjectType()
export class NewProductAnnotationConnection {
  @Field(() => [NewProductAnnotationType])
  nodes: NewProductAnnotationType[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@ObjectType('SearchComment', { description: 'A free-text comment on a search.' })
export class SearchCommentType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  searchId: string;

  @Field(() => String)
  @UseMiddleware(AsCallerSees)
  userId: string;

  @Field(() => String)
  text: string;

  @Field(() => Date)
  createdAt: Date;
}

@ObjectType()
export class FeedbackTypeCount {
  @Field(() => FeedbackTypeEnum)
  feedbackType: FeedbackTypeEnum;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class QualityCount {
  @Field(() => Int, { nullable: true, description: '1..5; null for examples not rated yet.' })
  rating: number | null;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'What the collected feedback is worth for training.' })
export class TrainingStats {
  @Field(() => Int, { description: 'All training examples.' })
  total: number;

  @Field(() => [FeedbackTypeCount], { description: 'Every feedback type, zeros included.' })
  byType: FeedbackTypeCount[];

  @Field(() => [QualityCount], { description: 'Unrated first, then ratings 1 to 5, zeros included.' })
  byQuality: QualityCount[];

  @Field(() => Int, { description: 'Examples not used by a training run yet.' })
  unused: number;

  @Field(() => Int, { description: 'Examples training may use: naming a product and not rated 1–2.' })
  usable: number;

  @Field(() => Int, { description: 'Usable examples not used by a training run yet; the recommendation counts these.' })
  usableUnused: number;

  @Field(() => Int, {
    description:
      "Photo searches with usable feedback, counted per user: a run learns one example from each user's verdicts on a search, so it needs 20 of these too.",
  })
  usableSearches: number;

  @Field(() => Int, { description: 'Usable positives: correct, correct product, approved new items.' })
  positives: number;

  @Field(() => Int, { description: 'Usable negatives: incorrect results.' })
  negatives: number;

  @Field(() => Int)
  distinctProducts: number;

  @Field(() => Int)
  distinctUsers: number;

  @Field(() => Int, { description: 'Suggested products waiting for review.' })
  pendingAnnotations: number;

  @Field(() => Date, { nullable: true, description: 'When the last successful training run finished.' })
  lastTrainingAt: Date | null;

  @Field(() => Int)
  minimumExamples: number;

  @Field(() => Int)
  recommendedExamples: number;

  @Field(() => Boolean)
  canTrain: boolean;

  @Field(() => Boolean)
  recommended: boolean;

  @Field(() => String)
  recommendation: string;
}
