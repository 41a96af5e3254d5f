import { Field, Float, ID, Int, ObjectType, registerEnumType, UseMiddleware } from 'type-graphql';
import { AdminsOnly } from './identity.middleware.js';

export enum ModelVersionStatusEnum {
  TRAINING = 'training',
  READY = 'ready',
  ACTIVE = 'active',
  ARCHIVED = 'archived',
  FAILED = 'failed',
}
registerEnumType(ModelVersionStatusEnum, { name: 'ModelVersionStatus' });

@ObjectType({ description: 'Top-1 accuracy, recall@5 and MRR on held-out feedback.' })
export class RetrievalMetrics {
  @Field(() => Float)
  top1: number;

  @Field(() => Float)
  recallAt5: number;

  @Field(() => Float)
  mrr: number;

  @Field(() => Int, { nullable: true })
  queries?: number;
}

@ObjectType({ description: 'Training parameters of a run or of the version it produced.' })
export class TrainingParameters {
  @Field(() => Float, { nullable: true })
  learningRate?: number;

  @Field(() => Int, { nullable: true })
  batchSize?: number;

  @Field(() => Int, { nullable: true })
  epochs?: number;

  @Field(() => Float, { nullable: true })
  weightDecay?: number;

  @Field(() => String, { nullable: true })
  adapterKind?: string;

  @Field(() => Int, { nullable: true })
  rank?: number;

  @Field(() => Float, { nullable: true })
  validationShare?: number;

  @Field(() => Float, { nullable: true })
  temperature?: number;

  @Field(() => Int, { nullable: true, description: 'Epochs actually run (early stopping may end sooner).' })
  epochsRun?: number;

  @Field(() => Int, { nullable: true, description: 'The epoch whose weights were kept.' })
  bestEpoch?: number;
}

@ObjectType('ModelVersion', {
  description: 'A servable model: a frozen image encoder plus an optional trained adapter.',
})
export class ModelVersionType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { description: 'Image encoder id, e.g. `builtin-v4` or `clip-vit-base-patch32`.' })
  encoderId: string;

  @Field(() => String, { description: 'Checksum of the encoder weights this version was built on.' })
  encoderChecksum: string;

  @Field(() => Int)
  dim: number;

  @Field(() => String, { nullable: true, description: 'Adapter kind; null for a base version.' })
  adapterKind: string | null;

  @Field(() => ModelVersionStatusEnum)
  status: ModelVersionStatusEnum;

  @Field(() => Boolean, {
    description: "Whether accepted gallery views (shoppers' confirmed photos) are searched with its catalog.",
  })
  servesGallery: boolean;

  @Field(() => ID, { nullable: true })
  parentId: string | null;

  @Field(() => RetrievalMetrics, { nullable: true })
  metrics: RetrievalMetrics | null;

  @Field(() => Int, { description: 'Feedback examples the adapter was trained on (0 for a base version).' })
  examplesUsed: number;

  @Field(() => TrainingParameters, {
    nullable: true,
    description: 'How the adapter was trained; null for a base version.',
  })
  parameters: TrainingParameters | null;

  @Field(() => String, { nullable: true, description: 'Why training failed, for a failed version.' })
  failureReason: string | null;

  @Field(() => String, { nullable: true, description: 'Who started the training run (or `system`).' })
  @UseMiddleware(AdminsOnly)
  createdBy: string | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  activatedAt: Date | null;
}

@ObjectType({ description: 'One switch of the serving version: which version served from when.' })
export class ModelActivationType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  modelVersionId: string;

  @Field(() => ID, { nullable: true })
  previousVersionId: string | null;

  @Field(() => String, { description: '`activate`, `activate (forced)`, `rollback`, `bootstrap`, `encoder-change`, …' })
  reason: string;

  @Field(() => String, { nullable: true })
  @UseMiddleware(AdminsOnly)
  activatedBy: string | null;

  @Field(() => Date)
  activatedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When another version took over; null while serving.' })
  deactivatedAt: Date | null;
}
