import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

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

@ObjectType('ModelVersion', {
  description: 'A servable model: a frozen image encoder plus an optional trained adapter.',
})
export class ModelVersionType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { description: 'Image encoder id, e.g. `builtin-v1` or `clip-vit-base-patch32`.' })
  encoderId: string;

  @Field(() => String, { description: 'Checksum of the encoder weights this version was built on.' })
  encoderChecksum: string;

  @Field(() => Int)
  dim: number;

  @Field(() => String, { nullable: true, description: 'Adapter kind; null for a base version.' })
  adapterKind: string | null;

  @Field(() => ModelVersionStatusEnum)
  status: ModelVersionStatusEnum;

  @Field(() => ID, { nullable: true })
  parentId: string | null;

  @Field(() => RetrievalMetrics, { nullable: true })
  metrics: RetrievalMetrics | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  activatedAt: Date | null;
}
