import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import type { Context } from '../api/context.js';
import type { TrainingRun } from '../entities/training-run.entity.js';
import type { ModelRegistry } from '../services/model-registry.js';
import type { TrainingService } from '../services/training.service.js';
import { ModelVersionType } from './model-version.types.js';
import { TrainingInput, TrainingRunType } from './training.types.js';

export const TRAINING_RUN_TOPIC = 'TRAINING_RUN_UPDATED';

const asType = (run: TrainingRun) => run as unknown as TrainingRunType;

/** Fine-tuning: start, follow (poll or subscribe), cancel, and the training history. */
@Resolver(() => TrainingRunType)
export class TrainingResolver {
  constructor(
    private readonly training: TrainingService,
    private readonly registry: ModelRegistry,
  ) {}

  @Authorized('admin')
  @Mutation(() => TrainingRunType, {
    description: 'Queue a fine-tuning run on the feedback collected so far; follow it with trainingRunUpdated.',
  })
  async startTraining(
    @Arg('input', () => TrainingInput, { nullable: true }) input: TrainingInput | null,
    @Ctx() ctx: Context,
  ): Promise<TrainingRunType> {
    return asType(await this.training.start(ctx.actor!, { ...(input ?? {}) } as never));
  }

  @Authorized('admin')
  @Mutation(() => TrainingRunType, { description: 'Stop a queued or running run.' })
  async cancelTraining(@Arg('id', () => ID) id: string): Promise<TrainingRunType> {
    return asType(await this.training.cancel(id));
  }

  @Authorized('admin')
  @Query(() => TrainingRunType)
  async trainingRun(@Arg('id', () => ID) id: string): Promise<TrainingRunType> {
    return asType(await this.training.get(id));
  }

  @Authorized('admin')
  @Query(() => [TrainingRunType], { description: 'The training history, newest first.' })
  async trainingRuns(@Arg('limit', () => Int, { defaultValue: 50 }) limit: number): Promise<TrainingRunType[]> {
    return (await this.training.list(Math.min(Math.max(limit, 1), 200))).map(asType);
  }

  @Authorized('admin')
  @Subscription(() => TrainingRunType, {
    topics: TRAINING_RUN_TOPIC,
    filter: ({ payload, args }: { payload: TrainingRun; args: { id?: string | null } }) =>
      !args.id || payload.id === args.id,
    description: 'Progress and result of a training run (of every run without `id`).',
  })
  trainingRunUpdated(@Root() run: TrainingRun, @Arg('id', () => ID, { nullable: true }) _id?: string): TrainingRunType {
    return asType(run);
  }

  @FieldResolver(() => ModelVersionType, { nullable: true })
  async modelVersion(@Root() run: TrainingRunType): Promise<ModelVersionType | null> {
    const id = (run as unknown as TrainingRun).modelVersionId;
    return id ? ((await this.registry.get(id)) as unknown as ModelVersionType) : null;
  }
}
