import type { Repositories } from '../repositories/index.js';
import type { ExampleCounts } from '../repositories/training-example.repository.js';

/** The seed's thresholds, counted in usable examples not yet used for training. */
export const MINIMUM_TRAINING_EXAMPLES = 20;
export const RECOMMENDED_TRAINING_EXAMPLES = 50;

export type TrainingStats = ExampleCounts & {
  pendingAnnotations: number;
  lastTrainingAt: Date | null;
  minimumExamples: number;
  recommendedExamples: number;
  canTrain: boolean;
  recommended: boolean;
  /** For an admin, in words: whether to train now, or what is missing. */
  recommendation: string;
};

/** How much feedback there is to learn from, and whether a training run can or should start. */
export class TrainingStatsService {
  constructor(private readonly repos: Repositories) {}

  async stats(): Promise<TrainingStats> {
    const [counts, pendingAnnotations, lastTrainingAt] = await Promise.all([
      this.repos.examples.counts(),
      this.repos.annotations.countPending(),
      this.repos.trainingRuns.lastSucceededAt(),
    ]);
    const fresh = counts.usableUnused;
    // A run learns one example per user's photo search (its verdicts together): it needs enough of both.
    const enoughSearches = counts.usableSearches >= MINIMUM_TRAINING_EXAMPLES;
    const canTrain = fresh >= MINIMUM_TRAINING_EXAMPLES && enoughSearches;
    const recommended = canTrain && fresh >= RECOMMENDED_TRAINING_EXAMPLES;
    return {
      ...counts,
      pendingAnnotations,
      lastTrainingAt,
      minimumExamples: MINIMUM_TRAINING_EXAMPLES,
      recommendedExamples: RECOMMENDED_TRAINING_EXAMPLES,
      canTrain,
      recommended,
      recommendation: recommendation(fresh, counts.usableSearches, canTrain, recommended),
    };
  }
}

function recommendation(fresh: number, searches: number, canTrain: boolean, recommended: boolean): string {
  if (recommended) return `Training is recommended: ${fresh} new usable examples since the last run.`;
  if (canTrain) {
    return `Training is possible with ${fresh} new usable examples; ${RECOMMENDED_TRAINING_EXAMPLES} or more are recommended.`;
  }
  if (fresh >= MINIMUM_TRAINING_EXAMPLES) {
    return `Not enough searches to train: the ${fresh} usable examples judge ${searches} photo searches, and a run needs feedback on at least ${MINIMUM_TRAINING_EXAMPLES} (${MINIMUM_TRAINING_EXAMPLES - searches} more).`;
  }
  return `Not enough new feedback to train: ${fresh} usable examples, at least ${MINIMUM_TRAINING_EXAMPLES} are needed (${MINIMUM_TRAINING_EXAMPLES - fresh} more).`;
}
