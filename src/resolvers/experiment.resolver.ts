import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../api/context.js';
import type { Experiment } from '../entities/experiment.entity.js';
import type { ExperimentReport, ExperimentService } from '../services/experiment.service.js';
import {
  ArmWeightInput,
  CreateExperimentInput,
  ExperimentReportType,
  ExperimentType,
  type RecommendationEnum,
} from './experiment.types.js';
import type { ModelVersionType } from './model-version.types.js';

const asType = (experiment: Experiment) => experiment as unknown as ExperimentType;

/** A/B experiments between model versions: start, re-weight, judge, promote or stop. */
@Resolver(() => ExperimentType)
export class ExperimentResolver {
  constructor(private readonly service: ExperimentService) {}

  @Authorized('admin')
  @Mutation(() => ExperimentType, {
    description: 'Start an experiment (one runs at a time); the first arm is the control.',
  })
  async createExperiment(
    @Arg('input', () => CreateExperimentInput) input: CreateExperimentInput,
    @Ctx() ctx: Context,
  ): Promise<ExperimentType> {
    const { name, mode, arms, ...settings } = input;
    return asType(await this.service.create(ctx.actor!.userId, { name, mode, arms, settings }));
  }

  @Authorized('admin')
  @Mutation(() => ExperimentType, { description: 'New traffic weights by arm name; only users at the margins move.' })
  async setExperimentWeights(
    @Arg('id', () => ID) id: string,
    @Arg('weights', () => [ArmWeightInput]) weights: ArmWeightInput[],
    @Ctx() ctx: Context,
  ): Promise<ExperimentType> {
    return asType(await this.service.setWeights(ctx.actor!.userId, id, weights));
  }

  @Authorized('admin')
  @Mutation(() => ExperimentType, {
    description: 'Stop the experiment; activate `promoteModelVersionId` (one of its arms) if given.',
  })
  async stopExperiment(
    @Arg('id', () => ID) id: string,
    @Arg('promoteModelVersionId', () => ID, { nullable: true }) promoteModelVersionId: string | null,
    @Ctx() ctx: Context,
  ): Promise<ExperimentType> {
    return asType(await this.service.stop(ctx.actor!.userId, id, promoteModelVersionId));
  }

  @Authorized('admin')
  @Query(() => [ExperimentType], { description: 'Every experiment, newest first.' })
  async experiments(): Promise<ExperimentType[]> {
    return (await this.service.list()).map(asType);
  }

  @Authorized('admin')
  @Query(() => ExperimentType)
  async experiment(@Arg('id', () => ID) id: string): Promise<ExperimentType> {
    return asType(await this.service.get(id));
  }

  @Authorized('admin')
  @Query(() => ExperimentReportType, {
    description:
      'Per arm: traffic, feedback, top-1 accuracy with 95% intervals, latency, probability to beat the control; a sample-ratio check and a recommendation.',
  })
  async experimentReport(@Arg('id', () => ID) id: string): Promise<ExperimentReportType> {
    return present(await this.service.report(id));
  }
}

function present(report: ExperimentReport): ExperimentReportType {
  return {
    experiment: asType(report.experiment),
    arms: report.arms.map((a) => ({
      arm: a.arm as unknown as ExperimentReportType['arms'][number]['arm'],
      modelVersion: a.version as unknown as ModelVersionType,
      share: a.weight,
      searches: a.searches,
      users: a.users,
      feedback: a.feedback,
      judged: a.judged,
      correct: a.correct,
      accuracy: a.accuracy,
      accuracyLow: a.accuracyInterval[0],
      accuracyHigh: a.accuracyInterval[1],
      anyCorrectShare: a.anyCorrectShare,
      failures: a.failures,
      latencyP50Ms: a.latencyP50,
      latencyP95Ms: a.latencyP95,
      latencyP99Ms: a.latencyP99,
      probabilityToBeatControl: a.comparison?.probabilityToBeat ?? null,
      probabilityOfLift: a.comparison?.probabilityOfLift ?? null,
      expectedLoss: a.comparison?.expectedLoss ?? null,
      liftInterval: a.liftInterval ? { lower: a.liftInterval.lower, upper: a.liftInterval.upper } : null,
    })),
    sampleRatio: report.sampleRatio
      ? {
          chiSquare: report.sampleRatio.statistic,
          pValue: report.sampleRatio.pValue,
          mismatch: report.sampleRatio.mismatch,
        }
      : null,
    recommendation: report.recommendation as RecommendationEnum,
    recommendedModelVersion: (report.recommendedArm?.version ?? null) as unknown as ModelVersionType | null,
    reason: report.reason,
    sampleProgress: report.sampleProgress,
  };
}
