import { IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ModelVersionType } from './model-version.types.js';

export enum DriftTestNameEnum {
  TOP1_SCORE_KS = 'top1_score_ks',
  EMBEDDING = 'embedding',
}
registerEnumType(DriftTestNameEnum, {
  name: 'DriftTestName',
  description: 'The drift tests; their lower-case names are the `test` label of the `vitrina_drift_*` metrics.',
  valuesConfig: {
    TOP1_SCORE_KS: {
      description: 'Two-sample Kolmogorov–Smirnov test on the top-1 similarity scores of image searches.',
    },
    EMBEDDING: {
      description:
        'Energy-distance test (permutation p-value, fixed seed) on the query photos’ embeddings in the version’s space.',
    },
  },
});

export enum DriftTestStatusEnum {
  OK = 'ok',
  INSUFFICIENT_DATA = 'insufficient_data',
}
registerEnumType(DriftTestStatusEnum, {
  name: 'DriftTestStatus',
  description: '`INSUFFICIENT_DATA`: a window holds fewer searches than the minimum sample; no test, no alarm.',
});

export enum DriftReferenceEnum {
  FIRST = 'first',
  PRECEDING = 'preceding',
}
registerEnumType(DriftReferenceEnum, {
  name: 'DriftReference',
  description: 'The reference window: the version’s first searches, or those just before the current window.',
});

@ArgsType()
export class DriftReportArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'One version; default: every serving version (active, and arms of running experiments).',
  })
  @IsOptional()
  modelVersionId?: string | null;

  @Field(() => DriftReferenceEnum, { nullable: true, description: 'Default from DRIFT_REFERENCE.' })
  @IsOptional()
  reference?: DriftReferenceEnum | null;

  @Field(() => Int, { nullable: true, description: 'Searches in the reference window (10 to 100000).' })
  @IsOptional()
  @Min(10)
  @Max(100_000)
  referenceSize?: number | null;

  @Field(() => Int, { nullable: true, description: 'Newest searches in the current window (10 to 100000).' })
  @IsOptional()
  @Min(10)
  @Max(100_000)
  currentSize?: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'When > 0, the current window is the last this many hours instead of the newest `currentSize` searches.',
  })
  @IsOptional()
  @Min(0)
  @Max(8_760)
  currentHours?: number | null;
}

@ObjectType('DriftWindow', { description: 'The searches a drift test compared on one side.' })
export class DriftWindowType {
  @Field(() => Int, { description: 'Searches in the window that took part in the test.' })
  size: number;

  @Field(() => Date, { nullable: true, description: 'When the window’s first search was made.' })
  from: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the window’s last search was made.' })
  to: Date | null;
}

@ObjectType('DriftTest', { description: 'One drift test between the reference and the current window.' })
export class DriftTestType {
  @Field(() => DriftTestNameEnum)
  test: DriftTestNameEnum;

  @Field(() => DriftTestStatusEnum)
  status: DriftTestStatusEnum;

  @Field(() => Float, {
    nullable: true,
    description: 'KS: D in [0, 1]; embedding: the energy distance. Null without enough data.',
  })
  statistic: number | null;

  @Field(() => Float, { nullable: true, description: 'p-value of "same distribution"; null without enough data.' })
  pValue: number | null;

  @Field(() => Boolean, { description: 'pValue < alpha with at least minSamples searches in both windows.' })
  alarm: boolean;

  @Field(() => String, {
    description: 'How the p-value was computed: `ks-exact`, `ks-asymptotic`, `energy-permutation-999`.',
  })
  method: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'Searches made before this took no part in the test: the version’s gallery views last changed then, which moves top-1 scores by design. TOP1_SCORE_KS only; null when the gallery never changed, and for EMBEDDING.',
  })
  since: Date | null;

  @Field(() => DriftWindowType)
  reference: DriftWindowType;

  @Field(() => DriftWindowType)
  current: DriftWindowType;
}

@ObjectType('DriftReport', { description: 'Drift of one model version’s image searches.' })
export class DriftReportType {
  @Field(() => ModelVersionType)
  modelVersion: ModelVersionType;

  @Field(() => Date)
  computedAt: Date;

  @Field(() => Float, { description: 'Significance level of every test (DRIFT_ALPHA).' })
  alpha: number;

  @Field(() => Int, { description: 'Searches each window needs before a test runs (DRIFT_MIN_SAMPLES).' })
  minSamples: number;

  @Field(() => Boolean, { description: 'Whether any test raised an alarm.' })
  alarm: boolean;

  @Field(() => Boolean, {
    description: 'Whether this report was computed over the configured windows and so exported to the drift metrics.',
  })
  exported: boolean;

  @Field(() => [DriftTestType])
  tests: DriftTestType[];
}
