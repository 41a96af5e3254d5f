import { IsIn, IsOptional, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType, UseMiddleware } from 'type-graphql';
import { AdminsOnly } from './identity.middleware.js';
import { ModelVersionType, RetrievalMetrics, TrainingParameters } from './model-version.types.js';

export enum TrainingRunStatusEnum {
  QUEUED = 'queued',
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
}
registerEnumType(TrainingRunStatusEnum, { name: 'TrainingRunStatus' });

@InputType({ description: 'Overrides for one training run; anything left out takes the default.' })
export class TrainingInput {
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(1e-6)
  @Max(1)
  learningRate?: number;

  @Field(() => Int, { nullable: true, description: 'Default 8.' })
  @IsOptional()
  @Min(2)
  @Max(256)
  batchSize?: number;

  @Field(() => Int, { nullable: true, description: 'Default 3.' })
  @IsOptional()
  @Min(1)
  @Max(100)
  epochs?: number;

  @Field(() => Float, { nullable: true, description: 'Default 0.01; pulls the adapter toward the identity.' })
  @IsOptional()
  @Min(0)
  @Max(1)
  weightDecay?: number;

  @Field(() => String, { nullable: true, description: '`residual` (default), `diagonal` or `linear`.' })
  @IsOptional()
  @IsIn(['residual', 'diagonal', 'linear'])
  adapterKind?: string;

  @Field(() => Int, { nullable: true, description: 'Rank of the residual adapter.' })
  @IsOptional()
  @Min(1)
  @Max(512)
  rank?: number;

  @Field(() => Float, { nullable: true, description: 'Share of searches held out for evaluation.' })
  @IsOptional()
  @Min(0.05)
  @Max(0.5)
  validationShare?: number;

  @Field(() => Float, { nullable: true, description: 'Softmax temperature of the contrastive loss.' })
  @IsOptional()
  @Min(0.005)
  @Max(1)
  temperature?: number;

  @Field(() => ID, { nullable: true, description: 'Version to start from; default the active one.' })
  @IsOptional()
  parentVersionId?: string;
}

@ObjectType('TrainingRun', { description: 'One fine-tuning run, from queue to result (the training history).' })
export class TrainingRunType {
  @Field(() => ID)
  id: string;

  @Field(() => TrainingRunStatusEnum)
  status: TrainingRunStatusEnum;

  @Field(() => Float, { description: '0..1' })
  progress: number;

  @Field(() => Int, { nullable: true })
  epoch: number | null;

  @Field(() => Float, { nullable: true, description: 'Latest training loss.' })
  loss: number | null;

  @Field(() => RetrievalMetrics, { nullable: true, description: 'The parent version on the held-out searches.' })
  metricsBefore: RetrievalMetrics | null;

  @Field(() => RetrievalMetrics, { nullable: true, description: 'The new version on the same held-out searches.' })
  metricsAfter: RetrievalMetrics | null;

  @Field(() => Float, { nullable: true, description: 'Top-1 of the parent (the seed’s accuracy_before).' })
  accuracyBefore: number | null;

  @Field(() => Float, { nullable: true, description: 'Top-1 of the new version (the seed’s accuracy_after).' })
  accuracyAfter: number | null;

  @Field(() => ID, { nullable: true })
  parentVersionId: string | null;

  @Field(() => ModelVersionType, { nullable: true })
  modelVersion: ModelVersionType | null;

  @Field(() => TrainingParameters)
  parameters: TrainingParameters;

  @Field(() => Int)
  examplesUsed: number;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => String, { nullable: true })
  @UseMiddleware(AdminsOnly)
  startedBy: string | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt: Date | null;

  @Field(() => Int, { nullable: true })
  durationMs: number | null;
}
