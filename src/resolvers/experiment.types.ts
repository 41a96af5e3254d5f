import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType, UseMiddleware } from 'type-graphql';
import { AdminsOnly } from './identity.middleware.js';
import type { GraphQLScalarType } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ModelVersionType } from './model-version.types.js';

export enum ExperimentModeEnum {
  SPLIT = 'split',
  SHADOW = 'shadow',
  BANDIT = 'bandit',
}
registerEnumType(ExperimentModeEnum, {
  name: 'ExperimentMode',
  valuesConfig: {
    SPLIT: { description: 'Sticky weighted split: each user always sees the same arm.' },
    SHADOW: {
      description:
        'Users see the control; the candidate ranks every query silently and is judged on the same feedback.',
    },
    BANDIT: {
      description: 'Thompson sampling on feedback accuracy, with a floor share per arm; sticky within a time window.',
    },
  },
});

export enum ExperimentStatusEnum {
  RUNNING = 'running',
  STOPPED = 'stopped',
}
registerEnumType(ExperimentStatusEnum, { name: 'ExperimentStatus' });

export enum RecommendationEnum {
  KEEP_RUNNING = 'keep_running',
  PROMOTE = 'promote',
  STOP = 'stop',
}
registerEnumType(RecommendationEnum, { name: 'ExperimentRecommendation' });

@InputType()
export class ExperimentArmInput {
  @Field(() => ID)
  modelVersionId: string;

  @Field(() => Float, { description: 'Relative traffic weight (ignored in SHADOW mode).' })
  @Min(0)
  @Max(1_000_000)
  weight: number;

  @Field(() => String, {
    nullable: true,
    description: 'Default: `control` for the first arm, `candidate` (or `candidate-N`) for the rest.',
  })
  @IsOptional()
  @Length(1, 32)
  name?: string | null;
}

@InputType({ description: 'An A/B experiment between model versions; the first arm is the control.' })
export class CreateExperimentInput {
  @Field(() => String)
  @Length(1, 200)
  name: string;

  @Field(() => ExperimentModeEnum)
  mode: ExperimentModeEnum;

  @Field(() => [ExperimentArmInput])
  @ArrayMinSize(2)
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  arms: ExperimentArmInput[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Promote the winner automatically when the report recommends it.',
  })
  autoPromote?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Stop automatically (keeping the control) when the report recommends stopping.',
  })
  autoRollback?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Judged searches per arm before any recommendation (default 100).' })
  @IsOptional()
  @Min(1)
  @Max(1_000_000)
  minSamples?: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Confidence of the always-valid lift interval a decision is made on (default 0.95): promotion needs it above minLift, stopping below 0.',
  })
  @IsOptional()
  @Min(0.5)
  @Max(0.9999)
  probability?: number | null;

  @Field(() => Float, { nullable: true, description: 'Smallest top-1 lift worth promoting (default 0.01).' })
  @IsOptional()
  @Min(0)
  @Max(0.5)
  minLift?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Guardrail: largest share of failed-over searches (default 0.05).',
  })
  @IsOptional()
  @Min(0)
  @Max(1)
  maxFailureRate?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Guardrail: a candidate slower than this (ms) is served by the control.',
  })
  @IsOptional()
  @Min(1)
  @Max(60_000)
  maxLatencyMs?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Bandit: the least share of traffic any arm keeps (default 0.1).',
  })
  @IsOptional()
  @Min(0)
  @Max(0.5)
  banditFloor?: number | null;

  @Field(() => Int, { nullable: true, description: 'Bandit: seconds between share updates (default 3600).' })
  @IsOptional()
  @Min(1)
  @Max(30 * 86400)
  banditWindowSeconds?: number | null;
}

@InputType()
export class ArmWeightInput {
  @Field(() => String)
  arm: string;

  @Field(() => Float)
  @Min(0)
  @Max(1_000_000)
  weight: number;
}

@ObjectType('ExperimentArm')
export class ExperimentArmType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => ModelVersionType)
  modelVersion: ModelVersionType;

  @Field(() => Float, { description: 'Relative weight as set; see the report for the share.' })
  weight: number;

  @Field(() => Boolean)
  isControl: boolean;
}

@ObjectType('Experiment')
export class ExperimentType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => ExperimentModeEnum)
  mode: ExperimentModeEnum;

  @Field(() => ExperimentStatusEnum)
  status: ExperimentStatusEnum;

  @Field(() => [ExperimentArmType])
  arms: ExperimentArmType[];

  @Field(() => GraphQLJSONObject as GraphQLScalarType, { description: 'Thresholds and guardrails.' })
  settings: Record<string, unknown>;

  @Field(() => [GraphQLJSONObject as GraphQLScalarType], {
    description: 'Every decision (manual or automatic) with its numbers.',
  })
  decisions: Record<string, unknown>[];

  @Field(() => ID, { nullable: true })
  promotedVersionId: string | null;

  @Field(() => String, { nullable: true })
  @UseMiddleware(AdminsOnly)
  createdBy: string | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  stoppedAt: Date | null;
}

@ObjectType('LiftInterval', {
  description:
    "An always-valid interval of the top-1 lift over the control (candidate minus control): each bound holds with the experiment's `probability` at every look at once, so it stays trustworthy however often it is read.",
})
export class LiftIntervalType {
  @Field(() => Float)
  lower: number;

  @Field(() => Float)
  upper: number;
}

@ObjectType('ArmReport')
export class ArmReportType {
  @Field(() => ExperimentArmType)
  arm: ExperimentArmType;

  @Field(() => ModelVersionType)
  modelVersion: ModelVersionType;

  @Field(() => Float, { description: 'Designed traffic share (0..1).' })
  share: number;

  @Field(() => Int, { description: 'Searches assigned to this arm (in SHADOW mode: every search).' })
  searches: number;

  @Field(() => Int)
  users: number;

  @Field(() => Int, { description: 'Feedback given on searches this arm served.' })
  feedback: number;

  @Field(() => Int, { description: 'Searches whose top-1 result was judged by feedback.' })
  judged: number;

  @Field(() => Int)
  correct: number;

  @Field(() => Float, { nullable: true, description: 'Top-1 accuracy from feedback.' })
  accuracy: number | null;

  @Field(() => Float, { description: '95% Wilson interval, low end.' })
  accuracyLow: number;

  @Field(() => Float, { description: '95% Wilson interval, high end.' })
  accuracyHigh: number;

  @Field(() => Float, { nullable: true, description: 'Share of judged searches with any result marked correct.' })
  anyCorrectShare: number | null;

  @Field(() => Int, { description: 'Searches this arm could not serve (the control served them).' })
  failures: number;

  @Field(() => Float, { nullable: true })
  latencyP50Ms: number | null;

  @Field(() => Float, { nullable: true })
  latencyP95Ms: number | null;

  @Field(() => Float, { nullable: true })
  latencyP99Ms: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'P(this arm beats the control) under Beta-Binomial posteriors; null for the control.',
  })
  probabilityToBeatControl: number | null;

  @Field(() => Float, { nullable: true, description: 'P(lift over the control > minLift).' })
  probabilityOfLift: number | null;

  @Field(() => Float, { nullable: true, description: 'Expected top-1 loss of choosing this arm over the control.' })
  expectedLoss: number | null;

  @Field(() => LiftIntervalType, {
    nullable: true,
    description:
      'Always-valid interval of the lift over the control, the one the recommendation is made on: PROMOTE needs its lower bound above minLift, STOP its upper bound below 0. Null for the control.',
  })
  liftInterval: LiftIntervalType | null;
}

@ObjectType()
export class SampleRatioCheck {
  @Field(() => Float)
  chiSquare: number;

  @Field(() => Float)
  pValue: number;

  @Field(() => Boolean, { description: 'True when users split across arms far from the designed shares (p < 0.001).' })
  mismatch: boolean;
}

@ObjectType('ExperimentReport')
export class ExperimentReportType {
  @Field(() => ExperimentType)
  experiment: ExperimentType;

  @Field(() => [ArmReportType])
  arms: ArmReportType[];

  @Field(() => SampleRatioCheck, { nullable: true, description: 'SPLIT only, once 20 users took part.' })
  sampleRatio: SampleRatioCheck | null;

  @Field(() => RecommendationEnum)
  recommendation: RecommendationEnum;

  @Field(() => ModelVersionType, {
    nullable: true,
    description: 'The version to keep or promote, when one is recommended.',
  })
  recommendedModelVersion: ModelVersionType | null;

  @Field(() => String)
  reason: string;

  @Field(() => Float, { description: 'Judged searches of the smallest arm / minSamples (capped at 1).' })
  sampleProgress: number;
}
