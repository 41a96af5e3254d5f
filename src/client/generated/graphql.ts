/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AnnotationStatus = 'APPROVED' | 'PENDING' | 'REJECTED';

export type ArmWeightInput = {
  arm: string;
  weight: number;
};

/** An A/B experiment between model versions; the first arm is the control. */
export type CreateExperimentInput = {
  arms: Array<ExperimentArmInput>;
  /** Promote the winner automatically when the report recommends it. */
  autoPromote?: boolean | null | undefined;
  /** Stop automatically (keeping the control) when the report recommends stopping. */
  autoRollback?: boolean | null | undefined;
  /** Bandit: the least share of traffic any arm keeps (default 0.1). */
  banditFloor?: number | null | undefined;
  /** Bandit: seconds between share updates (default 3600). */
  banditWindowSeconds?: number | null | undefined;
  /** Guardrail: largest share of failed-over searches (default 0.05). */
  maxFailureRate?: number | null | undefined;
  /** Guardrail: a candidate slower than this (ms) is served by the control. */
  maxLatencyMs?: number | null | undefined;
  /** Smallest top-1 lift worth promoting (default 0.01). */
  minLift?: number | null | undefined;
  /** Judged searches per arm before any recommendation (default 100). */
  minSamples?: number | null | undefined;
  mode: ExperimentMode;
  name: string;
  /** Confidence of the always-valid lift interval a decision is made on (default 0.95): promotion needs it above minLift, stopping below 0. */
  probability?: number | null | undefined;
};

export type ExperimentArmInput = {
  modelVersionId: string;
  /** Default: `control` for the first arm, `candidate` (or `candidate-N`) for the rest. */
  name?: string | null | undefined;
  /** Relative traffic weight (ignored in SHADOW mode). */
  weight: number;
};

export type ExperimentMode =
  /** Thompson sampling on feedback accuracy, with a floor share per arm; sticky within a time window. */
  | 'BANDIT'
  /** Users see the control; the candidate ranks every query silently and is judged on the same feedback. */
  | 'SHADOW'
  /** Sticky weighted split: each user always sees the same arm. */
  | 'SPLIT';

export type ExperimentRecommendation = 'KEEP_RUNNING' | 'PROMOTE' | 'STOP';

export type ExperimentStatus = 'RUNNING' | 'STOPPED';

/** A verdict on one product for one of your searches. */
export type FeedbackInput = {
  comment?: string | null | undefined;
  /** A result of the search (CORRECT, INCORRECT) or any catalog product (CORRECT_PRODUCT). */
  productId: string;
  searchId: string;
  verdict: FeedbackVerdict;
};

export type FeedbackType = 'CORRECT' | 'CORRECT_PRODUCT' | 'INCORRECT' | 'NEW_ITEM';

export type FeedbackVerdict =
  /** This result is the product in the photo. */
  | 'CORRECT'
  /** This catalog product is the one in the photo (it may not be among the results). */
  | 'CORRECT_PRODUCT'
  /** This result is not the product in the photo. */
  | 'INCORRECT';

export type GalleryViewStatus =
  /** Searched as a view of the product in every version that serves gallery views. */
  | 'ACCEPTED'
  /** Waiting for an admin (or for enough users to agree). */
  | 'PENDING'
  /** Rejected, removed, withdrawn by its verdict, or a duplicate: not searched. */
  | 'REJECTED';

/** One product of a bulk import, matched by its SKU, with its images. */
export type ImportProductInput = {
  /** Free-form attributes (colour, size, …). */
  attributes?: Record<string, unknown> | null | undefined;
  category?: string | null | undefined;
  description?: string | null | undefined;
  /** JPEG, PNG or WebP files (GraphQL multipart upload), at most 10. */
  images?: Array<unknown> | null | undefined;
  name: string;
  /** External SKU or id: what makes a second import of the row a no-op. */
  sku: string;
};

export type ImportRowStatus =
  /** A new product, with the images given. */
  | 'CREATED'
  /** Nothing more of this row was stored; `error` says why. */
  | 'FAILED'
  /** The product and every image were there already. */
  | 'UNCHANGED'
  /** The product was there; images it lacked were added. */
  | 'UPDATED';

export type ModelVersionStatus = 'ACTIVE' | 'ARCHIVED' | 'FAILED' | 'READY' | 'TRAINING';

/** What an API key may do: `USER` searches and gives feedback, `SERVICE` may act for end users, `ADMIN` may do everything. */
export type Role = 'ADMIN' | 'SERVICE' | 'USER';

export type SearchKind = 'IMAGE' | 'TEXT';

/** A product the catalog lacks, shown by the photo of one of your searches. */
export type SuggestProductInput = {
  category?: string | null | undefined;
  /** Becomes the product description on approval. */
  comment?: string | null | undefined;
  name: string;
  searchId: string;
};

/** Every given condition must hold. */
export type TrainingExampleFilter = {
  feedbackType?: FeedbackType | null | undefined;
  /** Rated at least this (unrated examples are left out). */
  minQuality?: number | null | undefined;
  productId?: string | null | undefined;
  /** Exactly this rating. */
  qualityRating?: number | null | undefined;
  /** Only rated (true) or only unrated (false) examples. */
  rated?: boolean | null | undefined;
  searchId?: string | null | undefined;
  usedForTraining?: boolean | null | undefined;
  /** End user, e.g. `telegram:12345`. */
  userId?: string | null | undefined;
};

/** Overrides for one training run; anything left out takes the default. */
export type TrainingInput = {
  /** `residual` (default), `diagonal` or `linear`. */
  adapterKind?: string | null | undefined;
  /** Default 8. */
  batchSize?: number | null | undefined;
  /** Default 3. */
  epochs?: number | null | undefined;
  learningRate?: number | null | undefined;
  /** Version to start from; default the active one. */
  parentVersionId?: string | null | undefined;
  /** Rank of the residual adapter. */
  rank?: number | null | undefined;
  /** Softmax temperature of the contrastive loss. */
  temperature?: number | null | undefined;
  /** Share of searches held out for evaluation. */
  validationShare?: number | null | undefined;
  /** Default 0.01; pulls the adapter toward the identity. */
  weightDecay?: number | null | undefined;
};

export type TrainingRunStatus = 'CANCELLED' | 'FAILED' | 'QUEUED' | 'RUNNING' | 'SUCCEEDED';

export type BotSearchQueryVariables = Exact<{
  id: string;
}>;

export type BotSearchQuery = {
  search: {
    kind: SearchKind;
    id: string;
    experimentArm: string | null;
    modelVersion: { id: string; name: string } | null;
    results: Array<{
      rank: number;
      score: number;
      product: { id: string; name: string; sku: string | null; category: string };
    }>;
  };
};

export type BotGiveFeedbackMutationVariables = Exact<{
  input: FeedbackInput;
}>;

export type BotGiveFeedbackMutation = {
  giveFeedback: {
    id: string;
    feedbackType: FeedbackType;
    searchId: string;
    userId: string;
    similarityScore: number | null;
    qualityRating: number | null;
    usable: boolean;
    usedForTraining: boolean;
    comment: string | null;
    imageUrl: string | null;
    createdAt: string;
    product: { id: string; name: string; sku: string | null } | null;
  };
};

export type BotSuggestProductMutationVariables = Exact<{
  input: SuggestProductInput;
}>;

export type BotSuggestProductMutation = {
  suggestProduct: {
    id: string;
    status: AnnotationStatus;
    name: string;
    category: string;
    comment: string | null;
    searchId: string;
    userId: string;
    imageUrl: string | null;
    createdAt: string;
    reviewedAt: string | null;
    reviewedBy: string | null;
    product: { id: string; name: string; sku: string | null } | null;
  };
};

export type BotCommentOnSearchMutationVariables = Exact<{
  searchId: string;
  text: string;
}>;

export type BotCommentOnSearchMutation = { commentOnSearch: { id: string } };

export type BotTrainingStatsQueryVariables = Exact<{ [key: string]: never }>;

export type BotTrainingStatsQuery = {
  trainingStats: {
    total: number;
    usable: number;
    unused: number;
    usableUnused: number;
    positives: number;
    negatives: number;
    distinctProducts: number;
    distinctUsers: number;
    pendingAnnotations: number;
    lastTrainingAt: string | null;
    canTrain: boolean;
    recommended: boolean;
    minimumExamples: number;
    recommendedExamples: number;
    recommendation: string;
    byType: Array<{ feedbackType: FeedbackType; count: number }>;
    byQuality: Array<{ rating: number | null; count: number }>;
  };
};

export type BotStartTrainingMutationVariables = Exact<{
  input?: TrainingInput | null | undefined;
}>;

export type BotStartTrainingMutation = {
  startTraining: {
    id: string;
    status: TrainingRunStatus;
    progress: number;
    epoch: number | null;
    loss: number | null;
    error: string | null;
    examplesUsed: number;
    startedBy: string | null;
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
    durationMs: number | null;
    parameters: {
      adapterKind: string | null;
      batchSize: number | null;
      epochs: number | null;
      epochsRun: number | null;
      bestEpoch: number | null;
      learningRate: number | null;
      weightDecay: number | null;
      rank: number | null;
      temperature: number | null;
      validationShare: number | null;
    };
    metricsBefore: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
    metricsAfter: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
    modelVersion: { id: string; name: string; status: ModelVersionStatus } | null;
  };
};

export type BotTrainingRunQueryVariables = Exact<{
  id: string;
}>;

export type BotTrainingRunQuery = {
  trainingRun: {
    id: string;
    status: TrainingRunStatus;
    progress: number;
    epoch: number | null;
    loss: number | null;
    error: string | null;
    examplesUsed: number;
    startedBy: string | null;
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
    durationMs: number | null;
    parameters: {
      adapterKind: string | null;
      batchSize: number | null;
      epochs: number | null;
      epochsRun: number | null;
      bestEpoch: number | null;
      learningRate: number | null;
      weightDecay: number | null;
      rank: number | null;
      temperature: number | null;
      validationShare: number | null;
    };
    metricsBefore: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
    metricsAfter: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
    modelVersion: { id: string; name: string; status: ModelVersionStatus } | null;
  };
};

export type BotCancelTrainingMutationVariables = Exact<{
  id: string;
}>;

export type BotCancelTrainingMutation = {
  cancelTraining: {
    id: string;
    status: TrainingRunStatus;
    progress: number;
    epoch: number | null;
    loss: number | null;
    error: string | null;
    examplesUsed: number;
    startedBy: string | null;
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
    durationMs: number | null;
    parameters: {
      adapterKind: string | null;
      batchSize: number | null;
      epochs: number | null;
      epochsRun: number | null;
      bestEpoch: number | null;
      learningRate: number | null;
      weightDecay: number | null;
      rank: number | null;
      temperature: number | null;
      validationShare: number | null;
    };
    metricsBefore: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
    metricsAfter: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
    modelVersion: { id: string; name: string; status: ModelVersionStatus } | null;
  };
};

export type BotExampleFragment = {
  id: string;
  feedbackType: FeedbackType;
  searchId: string;
  userId: string;
  similarityScore: number | null;
  qualityRating: number | null;
  usable: boolean;
  usedForTraining: boolean;
  comment: string | null;
  imageUrl: string | null;
  createdAt: string;
  product: { category: string; id: string; name: string; sku: string | null } | null;
};

export type BotTrainingExamplesQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;

export type BotTrainingExamplesQuery = {
  trainingExamples: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{
      id: string;
      feedbackType: FeedbackType;
      searchId: string;
      userId: string;
      similarityScore: number | null;
      qualityRating: number | null;
      usable: boolean;
      usedForTraining: boolean;
      comment: string | null;
      imageUrl: string | null;
      createdAt: string;
      product: { category: string; id: string; name: string; sku: string | null } | null;
    }>;
  };
};

export type BotRateExampleMutationVariables = Exact<{
  id: string;
  quality: number;
}>;

export type BotRateExampleMutation = {
  rateExample: {
    id: string;
    feedbackType: FeedbackType;
    searchId: string;
    userId: string;
    similarityScore: number | null;
    qualityRating: number | null;
    usable: boolean;
    usedForTraining: boolean;
    comment: string | null;
    imageUrl: string | null;
    createdAt: string;
    product: { category: string; id: string; name: string; sku: string | null } | null;
  };
};

export type BotPendingAnnotationsQueryVariables = Exact<{
  first: number;
}>;

export type BotPendingAnnotationsQuery = {
  newProductAnnotations: {
    totalCount: number;
    nodes: Array<{
      id: string;
      status: AnnotationStatus;
      name: string;
      category: string;
      comment: string | null;
      searchId: string;
      userId: string;
      imageUrl: string | null;
      createdAt: string;
      reviewedAt: string | null;
      reviewedBy: string | null;
      product: { id: string; name: string; sku: string | null } | null;
    }>;
  };
};

export type BotReviewAnnotationMutationVariables = Exact<{
  id: string;
  approve: boolean;
}>;

export type BotReviewAnnotationMutation = {
  reviewAnnotation: {
    id: string;
    status: AnnotationStatus;
    name: string;
    category: string;
    comment: string | null;
    searchId: string;
    userId: string;
    imageUrl: string | null;
    createdAt: string;
    reviewedAt: string | null;
    reviewedBy: string | null;
    product: { id: string; name: string; sku: string | null } | null;
  };
};

export type BotModelVersionsQueryVariables = Exact<{ [key: string]: never }>;

export type BotModelVersionsQuery = {
  modelVersions: Array<{
    id: string;
    name: string;
    status: ModelVersionStatus;
    encoderId: string;
    dim: number;
    adapterKind: string | null;
    examplesUsed: number;
    createdBy: string | null;
    createdAt: string;
    activatedAt: string | null;
    failureReason: string | null;
    servesGallery: boolean;
    parent: { id: string; name: string } | null;
    metrics: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
  }>;
};

export type BotActivateModelVersionMutationVariables = Exact<{
  id: string;
  force: boolean;
}>;

export type BotActivateModelVersionMutation = {
  activateModelVersion: {
    id: string;
    name: string;
    status: ModelVersionStatus;
    encoderId: string;
    dim: number;
    adapterKind: string | null;
    examplesUsed: number;
    createdBy: string | null;
    createdAt: string;
    activatedAt: string | null;
    failureReason: string | null;
    servesGallery: boolean;
    parent: { id: string; name: string } | null;
    metrics: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
  };
};

export type BotRollbackModelVersionMutationVariables = Exact<{ [key: string]: never }>;

export type BotRollbackModelVersionMutation = {
  rollbackModelVersion: {
    id: string;
    name: string;
    status: ModelVersionStatus;
    encoderId: string;
    dim: number;
    adapterKind: string | null;
    examplesUsed: number;
    createdBy: string | null;
    createdAt: string;
    activatedAt: string | null;
    failureReason: string | null;
    servesGallery: boolean;
    parent: { id: string; name: string } | null;
    metrics: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
  };
};

export type BotExperimentOverviewQueryVariables = Exact<{ [key: string]: never }>;

export type BotExperimentOverviewQuery = {
  experiments: Array<{ id: string; status: ExperimentStatus }>;
  activeModelVersion: { id: string; name: string };
  modelVersions: Array<{ id: string; name: string; status: ModelVersionStatus }>;
};

export type BotExperimentReportQueryVariables = Exact<{
  id: string;
}>;

export type BotExperimentReportQuery = {
  experimentReport: {
    sampleProgress: number;
    recommendation: ExperimentRecommendation;
    reason: string;
    experiment: {
      id: string;
      name: string;
      mode: ExperimentMode;
      status: ExperimentStatus;
      settings: Record<string, unknown>;
      createdBy: string | null;
      createdAt: string;
      stoppedAt: string | null;
      promotedVersionId: string | null;
      arms: Array<{
        id: string;
        name: string;
        isControl: boolean;
        weight: number;
        modelVersion: { id: string; name: string; status: ModelVersionStatus };
      }>;
    };
    arms: Array<{
      share: number;
      searches: number;
      users: number;
      feedback: number;
      judged: number;
      correct: number;
      accuracy: number | null;
      accuracyLow: number;
      accuracyHigh: number;
      anyCorrectShare: number | null;
      probabilityToBeatControl: number | null;
      probabilityOfLift: number | null;
      expectedLoss: number | null;
      latencyP50Ms: number | null;
      latencyP95Ms: number | null;
      latencyP99Ms: number | null;
      failures: number;
      arm: { name: string; isControl: boolean };
      modelVersion: { id: string; name: string };
    }>;
    sampleRatio: { chiSquare: number; pValue: number; mismatch: boolean } | null;
    recommendedModelVersion: { id: string; name: string } | null;
  };
};

export type BotCreateExperimentMutationVariables = Exact<{
  input: CreateExperimentInput;
}>;

export type BotCreateExperimentMutation = { createExperiment: { id: string } };

export type BotStopExperimentMutationVariables = Exact<{
  id: string;
  promoteModelVersionId?: string | null | undefined;
}>;

export type BotStopExperimentMutation = { stopExperiment: { id: string; status: ExperimentStatus } };

export type BotPendingGalleryViewsQueryVariables = Exact<{
  first: number;
}>;

export type BotPendingGalleryViewsQuery = {
  galleryViews: {
    totalCount: number;
    nodes: Array<{
      id: string;
      status: GalleryViewStatus;
      verdict: string;
      searchId: string;
      userId: string;
      imageUrl: string;
      decidedBy: string | null;
      reviewedBy: string | null;
      reason: string | null;
      createdAt: string;
      decidedAt: string | null;
      product: { id: string; name: string; sku: string | null };
    }>;
  };
};

export type BotReviewGalleryViewMutationVariables = Exact<{
  id: string;
  accept: boolean;
}>;

export type BotReviewGalleryViewMutation = {
  reviewGalleryView: {
    id: string;
    status: GalleryViewStatus;
    verdict: string;
    searchId: string;
    userId: string;
    imageUrl: string;
    decidedBy: string | null;
    reviewedBy: string | null;
    reason: string | null;
    createdAt: string;
    decidedAt: string | null;
    product: { id: string; name: string; sku: string | null };
  };
};

export type AnnotationFieldsFragment = {
  id: string;
  status: AnnotationStatus;
  name: string;
  category: string;
  comment: string | null;
  searchId: string;
  userId: string;
  imageUrl: string | null;
  createdAt: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
  product: { id: string; name: string; sku: string | null } | null;
};

export type TrainingExamplesQueryVariables = Exact<{
  filter?: TrainingExampleFilter | null | undefined;
  first?: number;
  after?: string | null | undefined;
}>;

export type TrainingExamplesQuery = {
  trainingExamples: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{
      id: string;
      feedbackType: FeedbackType;
      searchId: string;
      userId: string;
      similarityScore: number | null;
      qualityRating: number | null;
      usable: boolean;
      usedForTraining: boolean;
      comment: string | null;
      imageUrl: string | null;
      createdAt: string;
      product: { id: string; name: string; sku: string | null } | null;
    }>;
  };
};

export type RateExampleMutationVariables = Exact<{
  id: string;
  quality: number;
}>;

export type RateExampleMutation = {
  rateExample: {
    id: string;
    feedbackType: FeedbackType;
    searchId: string;
    userId: string;
    similarityScore: number | null;
    qualityRating: number | null;
    usable: boolean;
    usedForTraining: boolean;
    comment: string | null;
    imageUrl: string | null;
    createdAt: string;
    product: { id: string; name: string; sku: string | null } | null;
  };
};

export type NewProductAnnotationsQueryVariables = Exact<{
  status?: AnnotationStatus | null | undefined;
  first?: number;
  after?: string | null | undefined;
}>;

export type NewProductAnnotationsQuery = {
  newProductAnnotations: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{
      id: string;
      status: AnnotationStatus;
      name: string;
      category: string;
      comment: string | null;
      searchId: string;
      userId: string;
      imageUrl: string | null;
      createdAt: string;
      reviewedAt: string | null;
      reviewedBy: string | null;
      product: { id: string; name: string; sku: string | null } | null;
    }>;
  };
};

export type ReviewAnnotationMutationVariables = Exact<{
  id: string;
  approve: boolean;
}>;

export type ReviewAnnotationMutation = {
  reviewAnnotation: {
    id: string;
    status: AnnotationStatus;
    name: string;
    category: string;
    comment: string | null;
    searchId: string;
    userId: string;
    imageUrl: string | null;
    createdAt: string;
    reviewedAt: string | null;
    reviewedBy: string | null;
    product: { id: string; name: string; sku: string | null } | null;
  };
};

export type ImportProductsMutationVariables = Exact<{
  products: Array<ImportProductInput> | ImportProductInput;
}>;

export type ImportProductsMutation = {
  importProducts: {
    created: number;
    updated: number;
    unchanged: number;
    failed: number;
    imagesAdded: number;
    rows: Array<{ sku: string; status: ImportRowStatus; imagesAdded: number; error: string | null }>;
  };
};

export type ExperimentFieldsFragment = {
  id: string;
  name: string;
  mode: ExperimentMode;
  status: ExperimentStatus;
  settings: Record<string, unknown>;
  createdBy: string | null;
  createdAt: string;
  stoppedAt: string | null;
  promotedVersionId: string | null;
  arms: Array<{
    id: string;
    name: string;
    isControl: boolean;
    weight: number;
    modelVersion: { id: string; name: string; status: ModelVersionStatus };
  }>;
};

export type ArmReportFieldsFragment = {
  share: number;
  searches: number;
  users: number;
  feedback: number;
  judged: number;
  correct: number;
  accuracy: number | null;
  accuracyLow: number;
  accuracyHigh: number;
  anyCorrectShare: number | null;
  probabilityToBeatControl: number | null;
  probabilityOfLift: number | null;
  expectedLoss: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  failures: number;
  arm: { name: string; isControl: boolean };
  modelVersion: { id: string; name: string };
};

export type ExperimentReportFieldsFragment = {
  sampleProgress: number;
  recommendation: ExperimentRecommendation;
  reason: string;
  experiment: {
    id: string;
    name: string;
    mode: ExperimentMode;
    status: ExperimentStatus;
    settings: Record<string, unknown>;
    createdBy: string | null;
    createdAt: string;
    stoppedAt: string | null;
    promotedVersionId: string | null;
    arms: Array<{
      id: string;
      name: string;
      isControl: boolean;
      weight: number;
      modelVersion: { id: string; name: string; status: ModelVersionStatus };
    }>;
  };
  arms: Array<{
    share: number;
    searches: number;
    users: number;
    feedback: number;
    judged: number;
    correct: number;
    accuracy: number | null;
    accuracyLow: number;
    accuracyHigh: number;
    anyCorrectShare: number | null;
    probabilityToBeatControl: number | null;
    probabilityOfLift: number | null;
    expectedLoss: number | null;
    latencyP50Ms: number | null;
    latencyP95Ms: number | null;
    latencyP99Ms: number | null;
    failures: number;
    arm: { name: string; isControl: boolean };
    modelVersion: { id: string; name: string };
  }>;
  sampleRatio: { chiSquare: number; pValue: number; mismatch: boolean } | null;
  recommendedModelVersion: { id: string; name: string } | null;
};

export type ExperimentsQueryVariables = Exact<{ [key: string]: never }>;

export type ExperimentsQuery = {
  experiments: Array<{
    id: string;
    name: string;
    mode: ExperimentMode;
    status: ExperimentStatus;
    settings: Record<string, unknown>;
    createdBy: string | null;
    createdAt: string;
    stoppedAt: string | null;
    promotedVersionId: string | null;
    arms: Array<{
      id: string;
      name: string;
      isControl: boolean;
      weight: number;
      modelVersion: { id: string; name: string; status: ModelVersionStatus };
    }>;
  }>;
};

export type ExperimentQueryVariables = Exact<{
  id: string;
}>;

export type ExperimentQuery = {
  experiment: {
    id: string;
    name: string;
    mode: ExperimentMode;
    status: ExperimentStatus;
    settings: Record<string, unknown>;
    createdBy: string | null;
    createdAt: string;
    stoppedAt: string | null;
    promotedVersionId: string | null;
    arms: Array<{
      id: string;
      name: string;
      isControl: boolean;
      weight: number;
      modelVersion: { id: string; name: string; status: ModelVersionStatus };
    }>;
  };
};

export type ExperimentReportQueryVariables = Exact<{
  id: string;
}>;

export type ExperimentReportQuery = {
  experimentReport: {
    sampleProgress: number;
    recommendation: ExperimentRecommendation;
    reason: string;
    experiment: {
      id: string;
      name: string;
      mode: ExperimentMode;
      status: ExperimentStatus;
      settings: Record<string, unknown>;
      createdBy: string | null;
      createdAt: string;
      stoppedAt: string | null;
      promotedVersionId: string | null;
      arms: Array<{
        id: string;
        name: string;
        isControl: boolean;
        weight: number;
        modelVersion: { id: string; name: string; status: ModelVersionStatus };
      }>;
    };
    arms: Array<{
      share: number;
      searches: number;
      users: number;
      feedback: number;
      judged: number;
      correct: number;
      accuracy: number | null;
      accuracyLow: number;
      accuracyHigh: number;
      anyCorrectShare: number | null;
      probabilityToBeatControl: number | null;
      probabilityOfLift: number | null;
      expectedLoss: number | null;
      latencyP50Ms: number | null;
      latencyP95Ms: number | null;
      latencyP99Ms: number | null;
      failures: number;
      arm: { name: string; isControl: boolean };
      modelVersion: { id: string; name: string };
    }>;
    sampleRatio: { chiSquare: number; pValue: number; mismatch: boolean } | null;
    recommendedModelVersion: { id: string; name: string } | null;
  };
};

export type CreateExperimentMutationVariables = Exact<{
  input: CreateExperimentInput;
}>;

export type CreateExperimentMutation = {
  createExperiment: {
    id: string;
    name: string;
    mode: ExperimentMode;
    status: ExperimentStatus;
    settings: Record<string, unknown>;
    createdBy: string | null;
    createdAt: string;
    stoppedAt: string | null;
    promotedVersionId: string | null;
    arms: Array<{
      id: string;
      name: string;
      isControl: boolean;
      weight: number;
      modelVersion: { id: string; name: string; status: ModelVersionStatus };
    }>;
  };
};

export type SetExperimentWeightsMutationVariables = Exact<{
  id: string;
  weights: Array<ArmWeightInput> | ArmWeightInput;
}>;

export type SetExperimentWeightsMutation = {
  setExperimentWeights: {
    id: string;
    name: string;
    mode: ExperimentMode;
    status: ExperimentStatus;
    settings: Record<string, unknown>;
    createdBy: string | null;
    createdAt: string;
    stoppedAt: string | null;
    promotedVersionId: string | null;
    arms: Array<{
      id: string;
      name: string;
      isControl: boolean;
      weight: number;
      modelVersion: { id: string; name: string; status: ModelVersionStatus };
    }>;
  };
};

export type StopExperimentMutationVariables = Exact<{
  id: string;
  promoteModelVersionId?: string | null | undefined;
}>;

export type StopExperimentMutation = {
  stopExperiment: {
    id: string;
    name: string;
    mode: ExperimentMode;
    status: ExperimentStatus;
    settings: Record<string, unknown>;
    createdBy: string | null;
    createdAt: string;
    stoppedAt: string | null;
    promotedVersionId: string | null;
    arms: Array<{
      id: string;
      name: string;
      isControl: boolean;
      weight: number;
      modelVersion: { id: string; name: string; status: ModelVersionStatus };
    }>;
  };
};

export type TrainingExampleFieldsFragment = {
  id: string;
  feedbackType: FeedbackType;
  searchId: string;
  userId: string;
  similarityScore: number | null;
  qualityRating: number | null;
  usable: boolean;
  usedForTraining: boolean;
  comment: string | null;
  imageUrl: string | null;
  createdAt: string;
  product: { id: string; name: string; sku: string | null } | null;
};

export type GiveFeedbackMutationVariables = Exact<{
  input: FeedbackInput;
}>;

export type GiveFeedbackMutation = {
  giveFeedback: {
    id: string;
    feedbackType: FeedbackType;
    searchId: string;
    userId: string;
    similarityScore: number | null;
    qualityRating: number | null;
    usable: boolean;
    usedForTraining: boolean;
    comment: string | null;
    imageUrl: string | null;
    createdAt: string;
    product: { id: string; name: string; sku: string | null } | null;
  };
};

export type SuggestProductMutationVariables = Exact<{
  input: SuggestProductInput;
}>;

export type SuggestProductMutation = {
  suggestProduct: {
    id: string;
    status: AnnotationStatus;
    name: string;
    category: string;
    comment: string | null;
    searchId: string;
    userId: string;
    imageUrl: string | null;
    createdAt: string;
    reviewedAt: string | null;
    reviewedBy: string | null;
    product: { id: string; name: string; sku: string | null } | null;
  };
};

export type CommentOnSearchMutationVariables = Exact<{
  searchId: string;
  text: string;
}>;

export type CommentOnSearchMutation = {
  commentOnSearch: { id: string; searchId: string; userId: string; text: string; createdAt: string };
};

export type GalleryViewFieldsFragment = {
  id: string;
  status: GalleryViewStatus;
  verdict: string;
  searchId: string;
  userId: string;
  imageUrl: string;
  decidedBy: string | null;
  reviewedBy: string | null;
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
  product: { id: string; name: string; sku: string | null };
};

export type GalleryViewsQueryVariables = Exact<{
  status?: GalleryViewStatus | null | undefined;
  productId?: string | null | undefined;
  userId?: string | null | undefined;
  first?: number;
  after?: string | null | undefined;
}>;

export type GalleryViewsQuery = {
  galleryViews: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{
      id: string;
      status: GalleryViewStatus;
      verdict: string;
      searchId: string;
      userId: string;
      imageUrl: string;
      decidedBy: string | null;
      reviewedBy: string | null;
      reason: string | null;
      createdAt: string;
      decidedAt: string | null;
      product: { id: string; name: string; sku: string | null };
    }>;
  };
};

export type ReviewGalleryViewMutationVariables = Exact<{
  id: string;
  accept: boolean;
}>;

export type ReviewGalleryViewMutation = {
  reviewGalleryView: {
    id: string;
    status: GalleryViewStatus;
    verdict: string;
    searchId: string;
    userId: string;
    imageUrl: string;
    decidedBy: string | null;
    reviewedBy: string | null;
    reason: string | null;
    createdAt: string;
    decidedAt: string | null;
    product: { id: string; name: string; sku: string | null };
  };
};

export type RemoveGalleryViewMutationVariables = Exact<{
  id: string;
}>;

export type RemoveGalleryViewMutation = {
  removeGalleryView: {
    id: string;
    status: GalleryViewStatus;
    verdict: string;
    searchId: string;
    userId: string;
    imageUrl: string;
    decidedBy: string | null;
    reviewedBy: string | null;
    reason: string | null;
    createdAt: string;
    decidedAt: string | null;
    product: { id: string; name: string; sku: string | null };
  };
};

export type RemoveGalleryContributionsMutationVariables = Exact<{
  userId: string;
}>;

export type RemoveGalleryContributionsMutation = { removeGalleryContributions: number };

export type ApiKeyFieldsFragment = {
  id: string;
  name: string;
  role: Role;
  keyPrefix: string;
  actsForTelegramAdmins: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type ApiKeysQueryVariables = Exact<{ [key: string]: never }>;

export type ApiKeysQuery = {
  apiKeys: Array<{
    id: string;
    name: string;
    role: Role;
    keyPrefix: string;
    actsForTelegramAdmins: boolean;
    createdAt: string;
    lastUsedAt: string | null;
    revokedAt: string | null;
  }>;
};

export type CreateApiKeyMutationVariables = Exact<{
  role: Role;
  name: string;
  actsForTelegramAdmins?: boolean | null | undefined;
}>;

export type CreateApiKeyMutation = {
  createApiKey: { id: string; key: string; role: Role; name: string; actsForTelegramAdmins: boolean };
};

export type RevokeApiKeyMutationVariables = Exact<{
  id: string;
}>;

export type RevokeApiKeyMutation = {
  revokeApiKey: {
    id: string;
    name: string;
    role: Role;
    keyPrefix: string;
    actsForTelegramAdmins: boolean;
    createdAt: string;
    lastUsedAt: string | null;
    revokedAt: string | null;
  };
};

export type ViewerQueryVariables = Exact<{ [key: string]: never }>;

export type ViewerQuery = { viewer: { keyName: string; role: Role; roles: Array<Role>; userId: string } };

export type ModelVersionFieldsFragment = {
  id: string;
  name: string;
  status: ModelVersionStatus;
  encoderId: string;
  dim: number;
  adapterKind: string | null;
  examplesUsed: number;
  createdBy: string | null;
  createdAt: string;
  activatedAt: string | null;
  failureReason: string | null;
  servesGallery: boolean;
  parent: { id: string; name: string } | null;
  metrics: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
};

export type ModelVersionsQueryVariables = Exact<{ [key: string]: never }>;

export type ModelVersionsQuery = {
  modelVersions: Array<{
    id: string;
    name: string;
    status: ModelVersionStatus;
    encoderId: string;
    dim: number;
    adapterKind: string | null;
    examplesUsed: number;
    createdBy: string | null;
    createdAt: string;
    activatedAt: string | null;
    failureReason: string | null;
    servesGallery: boolean;
    parent: { id: string; name: string } | null;
    metrics: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
  }>;
};

export type ActivateModelVersionMutationVariables = Exact<{
  id: string;
  force?: boolean;
}>;

export type ActivateModelVersionMutation = {
  activateModelVersion: {
    id: string;
    name: string;
    status: ModelVersionStatus;
    encoderId: string;
    dim: number;
    adapterKind: string | null;
    examplesUsed: number;
    createdBy: string | null;
    createdAt: string;
    activatedAt: string | null;
    failureReason: string | null;
    servesGallery: boolean;
    parent: { id: string; name: string } | null;
    metrics: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
  };
};

export type RollbackModelVersionMutationVariables = Exact<{ [key: string]: never }>;

export type RollbackModelVersionMutation = {
  rollbackModelVersion: {
    id: string;
    name: string;
    status: ModelVersionStatus;
    encoderId: string;
    dim: number;
    adapterKind: string | null;
    examplesUsed: number;
    createdBy: string | null;
    createdAt: string;
    activatedAt: string | null;
    failureReason: string | null;
    servesGallery: boolean;
    parent: { id: string; name: string } | null;
    metrics: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
  };
};

export type CopyModelVersionMutationVariables = Exact<{
  id: string;
  servesGallery: boolean;
}>;

export type CopyModelVersionMutation = {
  copyModelVersion: {
    id: string;
    name: string;
    status: ModelVersionStatus;
    encoderId: string;
    dim: number;
    adapterKind: string | null;
    examplesUsed: number;
    createdBy: string | null;
    createdAt: string;
    activatedAt: string | null;
    failureReason: string | null;
    servesGallery: boolean;
    parent: { id: string; name: string } | null;
    metrics: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
  };
};

export type SearchFieldsFragment = {
  id: string;
  experimentArm: string | null;
  modelVersion: { id: string; name: string } | null;
  results: Array<{
    rank: number;
    score: number;
    product: { id: string; name: string; sku: string | null; category: string };
  }>;
};

export type SearchByImageMutationVariables = Exact<{
  image: unknown;
  limit?: number;
}>;

export type SearchByImageMutation = {
  searchByImage: {
    id: string;
    experimentArm: string | null;
    modelVersion: { id: string; name: string } | null;
    results: Array<{
      rank: number;
      score: number;
      product: { id: string; name: string; sku: string | null; category: string };
    }>;
  };
};

export type SearchByTextMutationVariables = Exact<{
  text: string;
  limit?: number;
}>;

export type SearchByTextMutation = {
  searchByText: {
    id: string;
    experimentArm: string | null;
    modelVersion: { id: string; name: string } | null;
    results: Array<{
      rank: number;
      score: number;
      product: { id: string; name: string; sku: string | null; category: string };
    }>;
  };
};

export type RetrievalMetricsFieldsFragment = { top1: number; recallAt5: number; mrr: number; queries: number | null };

export type TrainingRunFieldsFragment = {
  id: string;
  status: TrainingRunStatus;
  progress: number;
  epoch: number | null;
  loss: number | null;
  error: string | null;
  examplesUsed: number;
  startedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  parameters: {
    adapterKind: string | null;
    batchSize: number | null;
    epochs: number | null;
    epochsRun: number | null;
    bestEpoch: number | null;
    learningRate: number | null;
    weightDecay: number | null;
    rank: number | null;
    temperature: number | null;
    validationShare: number | null;
  };
  metricsBefore: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
  metricsAfter: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
  modelVersion: { id: string; name: string; status: ModelVersionStatus } | null;
};

export type TrainingStatsFieldsFragment = {
  total: number;
  usable: number;
  unused: number;
  usableUnused: number;
  positives: number;
  negatives: number;
  distinctProducts: number;
  distinctUsers: number;
  pendingAnnotations: number;
  lastTrainingAt: string | null;
  canTrain: boolean;
  recommended: boolean;
  minimumExamples: number;
  recommendedExamples: number;
  recommendation: string;
  byType: Array<{ feedbackType: FeedbackType; count: number }>;
  byQuality: Array<{ rating: number | null; count: number }>;
};

export type TrainingStatsQueryVariables = Exact<{ [key: string]: never }>;

export type TrainingStatsQuery = {
  trainingStats: {
    total: number;
    usable: number;
    unused: number;
    usableUnused: number;
    positives: number;
    negatives: number;
    distinctProducts: number;
    distinctUsers: number;
    pendingAnnotations: number;
    lastTrainingAt: string | null;
    canTrain: boolean;
    recommended: boolean;
    minimumExamples: number;
    recommendedExamples: number;
    recommendation: string;
    byType: Array<{ feedbackType: FeedbackType; count: number }>;
    byQuality: Array<{ rating: number | null; count: number }>;
  };
};

export type StartTrainingMutationVariables = Exact<{
  input?: TrainingInput | null | undefined;
}>;

export type StartTrainingMutation = {
  startTraining: {
    id: string;
    status: TrainingRunStatus;
    progress: number;
    epoch: number | null;
    loss: number | null;
    error: string | null;
    examplesUsed: number;
    startedBy: string | null;
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
    durationMs: number | null;
    parameters: {
      adapterKind: string | null;
      batchSize: number | null;
      epochs: number | null;
      epochsRun: number | null;
      bestEpoch: number | null;
      learningRate: number | null;
      weightDecay: number | null;
      rank: number | null;
      temperature: number | null;
      validationShare: number | null;
    };
    metricsBefore: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
    metricsAfter: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
    modelVersion: { id: string; name: string; status: ModelVersionStatus } | null;
  };
};

export type TrainingRunQueryVariables = Exact<{
  id: string;
}>;

export type TrainingRunQuery = {
  trainingRun: {
    id: string;
    status: TrainingRunStatus;
    progress: number;
    epoch: number | null;
    loss: number | null;
    error: string | null;
    examplesUsed: number;
    startedBy: string | null;
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
    durationMs: number | null;
    parameters: {
      adapterKind: string | null;
      batchSize: number | null;
      epochs: number | null;
      epochsRun: number | null;
      bestEpoch: number | null;
      learningRate: number | null;
      weightDecay: number | null;
      rank: number | null;
      temperature: number | null;
      validationShare: number | null;
    };
    metricsBefore: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
    metricsAfter: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
    modelVersion: { id: string; name: string; status: ModelVersionStatus } | null;
  };
};

export type CancelTrainingMutationVariables = Exact<{
  id: string;
}>;

export type CancelTrainingMutation = {
  cancelTraining: {
    id: string;
    status: TrainingRunStatus;
    progress: number;
    epoch: number | null;
    loss: number | null;
    error: string | null;
    examplesUsed: number;
    startedBy: string | null;
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
    durationMs: number | null;
    parameters: {
      adapterKind: string | null;
      batchSize: number | null;
      epochs: number | null;
      epochsRun: number | null;
      bestEpoch: number | null;
      learningRate: number | null;
      weightDecay: number | null;
      rank: number | null;
      temperature: number | null;
      validationShare: number | null;
    };
    metricsBefore: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
    metricsAfter: { top1: number; recallAt5: number; mrr: number; queries: number | null } | null;
    modelVersion: { id: string; name: string; status: ModelVersionStatus } | null;
  };
};

export const TrainingExampleFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingExampleFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingExample' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'feedbackType' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'similarityScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qualityRating' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usable' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usedForTraining' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<TrainingExampleFieldsFragment, unknown>;
export const BotExampleFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'BotExample' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingExample' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingExampleFields' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'category' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingExampleFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingExample' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'feedbackType' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'similarityScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qualityRating' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usable' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usedForTraining' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotExampleFragment, unknown>;
export const AnnotationFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'AnnotationFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'NewProductAnnotation' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'category' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<AnnotationFieldsFragment, unknown>;
export const ExperimentFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ExperimentFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Experiment' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mode' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'settings' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'promotedVersionId' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arms' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weight' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'modelVersion' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ExperimentFieldsFragment, unknown>;
export const ArmReportFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ArmReportFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ArmReport' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arm' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'share' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searches' } },
          { kind: 'Field', name: { kind: 'Name', value: 'users' } },
          { kind: 'Field', name: { kind: 'Name', value: 'feedback' } },
          { kind: 'Field', name: { kind: 'Name', value: 'judged' } },
          { kind: 'Field', name: { kind: 'Name', value: 'correct' } },
          { kind: 'Field', name: { kind: 'Name', value: 'accuracy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'accuracyLow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'accuracyHigh' } },
          { kind: 'Field', name: { kind: 'Name', value: 'anyCorrectShare' } },
          { kind: 'Field', name: { kind: 'Name', value: 'probabilityToBeatControl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'probabilityOfLift' } },
          { kind: 'Field', name: { kind: 'Name', value: 'expectedLoss' } },
          { kind: 'Field', name: { kind: 'Name', value: 'latencyP50Ms' } },
          { kind: 'Field', name: { kind: 'Name', value: 'latencyP95Ms' } },
          { kind: 'Field', name: { kind: 'Name', value: 'latencyP99Ms' } },
          { kind: 'Field', name: { kind: 'Name', value: 'failures' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ArmReportFieldsFragment, unknown>;
export const ExperimentReportFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ExperimentReportFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ExperimentReport' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'experiment' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ExperimentFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arms' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ArmReportFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'sampleRatio' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'chiSquare' } },
                { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
                { kind: 'Field', name: { kind: 'Name', value: 'mismatch' } },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'sampleProgress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recommendation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recommendedModelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ExperimentFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Experiment' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mode' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'settings' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'promotedVersionId' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arms' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weight' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'modelVersion' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ArmReportFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ArmReport' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arm' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'share' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searches' } },
          { kind: 'Field', name: { kind: 'Name', value: 'users' } },
          { kind: 'Field', name: { kind: 'Name', value: 'feedback' } },
          { kind: 'Field', name: { kind: 'Name', value: 'judged' } },
          { kind: 'Field', name: { kind: 'Name', value: 'correct' } },
          { kind: 'Field', name: { kind: 'Name', value: 'accuracy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'accuracyLow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'accuracyHigh' } },
          { kind: 'Field', name: { kind: 'Name', value: 'anyCorrectShare' } },
          { kind: 'Field', name: { kind: 'Name', value: 'probabilityToBeatControl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'probabilityOfLift' } },
          { kind: 'Field', name: { kind: 'Name', value: 'expectedLoss' } },
          { kind: 'Field', name: { kind: 'Name', value: 'latencyP50Ms' } },
          { kind: 'Field', name: { kind: 'Name', value: 'latencyP95Ms' } },
          { kind: 'Field', name: { kind: 'Name', value: 'latencyP99Ms' } },
          { kind: 'Field', name: { kind: 'Name', value: 'failures' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ExperimentReportFieldsFragment, unknown>;
export const GalleryViewFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'GalleryViewFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'GalleryView' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'decidedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'decidedAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<GalleryViewFieldsFragment, unknown>;
export const ApiKeyFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ApiKeyFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ApiKey' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'role' } },
          { kind: 'Field', name: { kind: 'Name', value: 'keyPrefix' } },
          { kind: 'Field', name: { kind: 'Name', value: 'actsForTelegramAdmins' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'lastUsedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'revokedAt' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ApiKeyFieldsFragment, unknown>;
export const RetrievalMetricsFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RetrievalMetricsFieldsFragment, unknown>;
export const ModelVersionFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ModelVersionFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ModelVersion' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'encoderId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'dim' } },
          { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activatedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'failureReason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'servesGallery' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parent' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metrics' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ModelVersionFieldsFragment, unknown>;
export const SearchFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'SearchFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Search' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'experimentArm' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'results' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
                { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'product' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'category' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<SearchFieldsFragment, unknown>;
export const TrainingRunFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingRunFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingRun' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'progress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'epoch' } },
          { kind: 'Field', name: { kind: 'Name', value: 'loss' } },
          { kind: 'Field', name: { kind: 'Name', value: 'error' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'finishedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'durationMs' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parameters' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'batchSize' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochs' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochsRun' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bestEpoch' } },
                { kind: 'Field', name: { kind: 'Name', value: 'learningRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weightDecay' } },
                { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
                { kind: 'Field', name: { kind: 'Name', value: 'temperature' } },
                { kind: 'Field', name: { kind: 'Name', value: 'validationShare' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsBefore' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsAfter' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<TrainingRunFieldsFragment, unknown>;
export const TrainingStatsFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingStatsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingStats' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'total' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usable' } },
          { kind: 'Field', name: { kind: 'Name', value: 'unused' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usableUnused' } },
          { kind: 'Field', name: { kind: 'Name', value: 'positives' } },
          { kind: 'Field', name: { kind: 'Name', value: 'negatives' } },
          { kind: 'Field', name: { kind: 'Name', value: 'distinctProducts' } },
          { kind: 'Field', name: { kind: 'Name', value: 'distinctUsers' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pendingAnnotations' } },
          { kind: 'Field', name: { kind: 'Name', value: 'lastTrainingAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'canTrain' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recommended' } },
          { kind: 'Field', name: { kind: 'Name', value: 'minimumExamples' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recommendedExamples' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recommendation' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'byType' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'feedbackType' } },
                { kind: 'Field', name: { kind: 'Name', value: 'count' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'byQuality' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'rating' } },
                { kind: 'Field', name: { kind: 'Name', value: 'count' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<TrainingStatsFieldsFragment, unknown>;
export const BotSearchDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'BotSearch' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'search' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'SearchFields' } },
                { kind: 'Field', name: { kind: 'Name', value: 'kind' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'SearchFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Search' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'experimentArm' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'results' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
                { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'product' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'category' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotSearchQuery, BotSearchQueryVariables>;
export const BotGiveFeedbackDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'BotGiveFeedback' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'FeedbackInput' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'giveFeedback' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingExampleFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingExampleFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingExample' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'feedbackType' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'similarityScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qualityRating' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usable' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usedForTraining' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotGiveFeedbackMutation, BotGiveFeedbackMutationVariables>;
export const BotSuggestProductDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'BotSuggestProduct' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'SuggestProductInput' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'suggestProduct' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'AnnotationFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'AnnotationFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'NewProductAnnotation' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'category' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotSuggestProductMutation, BotSuggestProductMutationVariables>;
export const BotCommentOnSearchDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'BotCommentOnSearch' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'searchId' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'text' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'commentOnSearch' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'searchId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'searchId' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'text' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'text' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'id' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotCommentOnSearchMutation, BotCommentOnSearchMutationVariables>;
export const BotTrainingStatsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'BotTrainingStats' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'trainingStats' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingStatsFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingStatsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingStats' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'total' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usable' } },
          { kind: 'Field', name: { kind: 'Name', value: 'unused' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usableUnused' } },
          { kind: 'Field', name: { kind: 'Name', value: 'positives' } },
          { kind: 'Field', name: { kind: 'Name', value: 'negatives' } },
          { kind: 'Field', name: { kind: 'Name', value: 'distinctProducts' } },
          { kind: 'Field', name: { kind: 'Name', value: 'distinctUsers' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pendingAnnotations' } },
          { kind: 'Field', name: { kind: 'Name', value: 'lastTrainingAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'canTrain' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recommended' } },
          { kind: 'Field', name: { kind: 'Name', value: 'minimumExamples' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recommendedExamples' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recommendation' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'byType' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'feedbackType' } },
                { kind: 'Field', name: { kind: 'Name', value: 'count' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'byQuality' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'rating' } },
                { kind: 'Field', name: { kind: 'Name', value: 'count' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotTrainingStatsQuery, BotTrainingStatsQueryVariables>;
export const BotStartTrainingDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'BotStartTraining' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingInput' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'startTraining' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingRunFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingRunFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingRun' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'progress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'epoch' } },
          { kind: 'Field', name: { kind: 'Name', value: 'loss' } },
          { kind: 'Field', name: { kind: 'Name', value: 'error' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'finishedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'durationMs' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parameters' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'batchSize' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochs' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochsRun' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bestEpoch' } },
                { kind: 'Field', name: { kind: 'Name', value: 'learningRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weightDecay' } },
                { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
                { kind: 'Field', name: { kind: 'Name', value: 'temperature' } },
                { kind: 'Field', name: { kind: 'Name', value: 'validationShare' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsBefore' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsAfter' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotStartTrainingMutation, BotStartTrainingMutationVariables>;
export const BotTrainingRunDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'BotTrainingRun' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'trainingRun' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingRunFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingRunFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingRun' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'progress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'epoch' } },
          { kind: 'Field', name: { kind: 'Name', value: 'loss' } },
          { kind: 'Field', name: { kind: 'Name', value: 'error' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'finishedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'durationMs' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parameters' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'batchSize' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochs' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochsRun' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bestEpoch' } },
                { kind: 'Field', name: { kind: 'Name', value: 'learningRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weightDecay' } },
                { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
                { kind: 'Field', name: { kind: 'Name', value: 'temperature' } },
                { kind: 'Field', name: { kind: 'Name', value: 'validationShare' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsBefore' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsAfter' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotTrainingRunQuery, BotTrainingRunQueryVariables>;
export const BotCancelTrainingDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'BotCancelTraining' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'cancelTraining' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingRunFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingRunFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingRun' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'progress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'epoch' } },
          { kind: 'Field', name: { kind: 'Name', value: 'loss' } },
          { kind: 'Field', name: { kind: 'Name', value: 'error' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'finishedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'durationMs' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parameters' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'batchSize' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochs' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochsRun' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bestEpoch' } },
                { kind: 'Field', name: { kind: 'Name', value: 'learningRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weightDecay' } },
                { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
                { kind: 'Field', name: { kind: 'Name', value: 'temperature' } },
                { kind: 'Field', name: { kind: 'Name', value: 'validationShare' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsBefore' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsAfter' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotCancelTrainingMutation, BotCancelTrainingMutationVariables>;
export const BotTrainingExamplesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'BotTrainingExamples' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'trainingExamples' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'first' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'after' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'totalCount' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'pageInfo' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'endCursor' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'nodes' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'BotExample' } }],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingExampleFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingExample' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'feedbackType' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'similarityScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qualityRating' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usable' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usedForTraining' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'BotExample' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingExample' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingExampleFields' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'category' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotTrainingExamplesQuery, BotTrainingExamplesQueryVariables>;
export const BotRateExampleDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'BotRateExample' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'quality' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'rateExample' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'quality' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'quality' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'BotExample' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingExampleFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingExample' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'feedbackType' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'similarityScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qualityRating' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usable' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usedForTraining' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'BotExample' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingExample' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingExampleFields' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'category' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotRateExampleMutation, BotRateExampleMutationVariables>;
export const BotPendingAnnotationsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'BotPendingAnnotations' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'newProductAnnotations' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'first' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'status' },
                value: { kind: 'EnumValue', value: 'PENDING' },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'totalCount' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'nodes' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'AnnotationFields' } }],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'AnnotationFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'NewProductAnnotation' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'category' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotPendingAnnotationsQuery, BotPendingAnnotationsQueryVariables>;
export const BotReviewAnnotationDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'BotReviewAnnotation' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'approve' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'reviewAnnotation' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'approve' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'approve' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'AnnotationFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'AnnotationFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'NewProductAnnotation' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'category' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotReviewAnnotationMutation, BotReviewAnnotationMutationVariables>;
export const BotModelVersionsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'BotModelVersions' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersions' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ModelVersionFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ModelVersionFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ModelVersion' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'encoderId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'dim' } },
          { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activatedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'failureReason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'servesGallery' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parent' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metrics' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotModelVersionsQuery, BotModelVersionsQueryVariables>;
export const BotActivateModelVersionDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'BotActivateModelVersion' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'force' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'activateModelVersion' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'force' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'force' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ModelVersionFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ModelVersionFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ModelVersion' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'encoderId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'dim' } },
          { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activatedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'failureReason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'servesGallery' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parent' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metrics' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotActivateModelVersionMutation, BotActivateModelVersionMutationVariables>;
export const BotRollbackModelVersionDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'BotRollbackModelVersion' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'rollbackModelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ModelVersionFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ModelVersionFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ModelVersion' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'encoderId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'dim' } },
          { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activatedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'failureReason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'servesGallery' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parent' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metrics' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotRollbackModelVersionMutation, BotRollbackModelVersionMutationVariables>;
export const BotExperimentOverviewDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'BotExperimentOverview' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'experiments' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'activeModelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersions' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotExperimentOverviewQuery, BotExperimentOverviewQueryVariables>;
export const BotExperimentReportDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'BotExperimentReport' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'experimentReport' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ExperimentReportFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ExperimentFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Experiment' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mode' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'settings' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'promotedVersionId' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arms' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weight' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'modelVersion' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ArmReportFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ArmReport' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arm' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'share' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searches' } },
          { kind: 'Field', name: { kind: 'Name', value: 'users' } },
          { kind: 'Field', name: { kind: 'Name', value: 'feedback' } },
          { kind: 'Field', name: { kind: 'Name', value: 'judged' } },
          { kind: 'Field', name: { kind: 'Name', value: 'correct' } },
          { kind: 'Field', name: { kind: 'Name', value: 'accuracy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'accuracyLow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'accuracyHigh' } },
          { kind: 'Field', name: { kind: 'Name', value: 'anyCorrectShare' } },
          { kind: 'Field', name: { kind: 'Name', value: 'probabilityToBeatControl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'probabilityOfLift' } },
          { kind: 'Field', name: { kind: 'Name', value: 'expectedLoss' } },
          { kind: 'Field', name: { kind: 'Name', value: 'latencyP50Ms' } },
          { kind: 'Field', name: { kind: 'Name', value: 'latencyP95Ms' } },
          { kind: 'Field', name: { kind: 'Name', value: 'latencyP99Ms' } },
          { kind: 'Field', name: { kind: 'Name', value: 'failures' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ExperimentReportFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ExperimentReport' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'experiment' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ExperimentFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arms' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ArmReportFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'sampleRatio' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'chiSquare' } },
                { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
                { kind: 'Field', name: { kind: 'Name', value: 'mismatch' } },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'sampleProgress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recommendation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recommendedModelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotExperimentReportQuery, BotExperimentReportQueryVariables>;
export const BotCreateExperimentDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'BotCreateExperiment' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'CreateExperimentInput' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'createExperiment' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'id' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotCreateExperimentMutation, BotCreateExperimentMutationVariables>;
export const BotStopExperimentDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'BotStopExperiment' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'promoteModelVersionId' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'stopExperiment' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'promoteModelVersionId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'promoteModelVersionId' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotStopExperimentMutation, BotStopExperimentMutationVariables>;
export const BotPendingGalleryViewsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'BotPendingGalleryViews' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'galleryViews' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'first' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'status' },
                value: { kind: 'EnumValue', value: 'PENDING' },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'totalCount' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'nodes' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'GalleryViewFields' } }],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'GalleryViewFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'GalleryView' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'decidedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'decidedAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotPendingGalleryViewsQuery, BotPendingGalleryViewsQueryVariables>;
export const BotReviewGalleryViewDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'BotReviewGalleryView' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'accept' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'reviewGalleryView' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'accept' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'accept' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'GalleryViewFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'GalleryViewFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'GalleryView' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'decidedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'decidedAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BotReviewGalleryViewMutation, BotReviewGalleryViewMutationVariables>;
export const TrainingExamplesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'TrainingExamples' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'filter' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingExampleFilter' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } },
          defaultValue: { kind: 'IntValue', value: '20' },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'trainingExamples' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'filter' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'filter' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'first' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'after' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'totalCount' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'pageInfo' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'endCursor' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'nodes' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingExampleFields' } }],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingExampleFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingExample' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'feedbackType' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'similarityScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qualityRating' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usable' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usedForTraining' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<TrainingExamplesQuery, TrainingExamplesQueryVariables>;
export const RateExampleDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'RateExample' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'quality' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'rateExample' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'quality' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'quality' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingExampleFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingExampleFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingExample' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'feedbackType' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'similarityScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qualityRating' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usable' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usedForTraining' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RateExampleMutation, RateExampleMutationVariables>;
export const NewProductAnnotationsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'NewProductAnnotations' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'status' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'AnnotationStatus' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } },
          defaultValue: { kind: 'IntValue', value: '20' },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'newProductAnnotations' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'status' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'status' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'first' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'after' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'totalCount' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'pageInfo' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'endCursor' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'nodes' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'AnnotationFields' } }],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'AnnotationFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'NewProductAnnotation' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'category' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<NewProductAnnotationsQuery, NewProductAnnotationsQueryVariables>;
export const ReviewAnnotationDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'ReviewAnnotation' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'approve' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'reviewAnnotation' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'approve' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'approve' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'AnnotationFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'AnnotationFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'NewProductAnnotation' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'category' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ReviewAnnotationMutation, ReviewAnnotationMutationVariables>;
export const ImportProductsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'ImportProducts' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'products' } },
          type: {
            kind: 'NonNullType',
            type: {
              kind: 'ListType',
              type: {
                kind: 'NonNullType',
                type: { kind: 'NamedType', name: { kind: 'Name', value: 'ImportProductInput' } },
              },
            },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'importProducts' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'products' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'products' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'rows' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'imagesAdded' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'error' } },
                    ],
                  },
                },
                { kind: 'Field', name: { kind: 'Name', value: 'created' } },
                { kind: 'Field', name: { kind: 'Name', value: 'updated' } },
                { kind: 'Field', name: { kind: 'Name', value: 'unchanged' } },
                { kind: 'Field', name: { kind: 'Name', value: 'failed' } },
                { kind: 'Field', name: { kind: 'Name', value: 'imagesAdded' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ImportProductsMutation, ImportProductsMutationVariables>;
export const ExperimentsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'Experiments' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'experiments' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ExperimentFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ExperimentFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Experiment' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mode' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'settings' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'promotedVersionId' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arms' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weight' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'modelVersion' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ExperimentsQuery, ExperimentsQueryVariables>;
export const ExperimentDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'Experiment' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'experiment' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ExperimentFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ExperimentFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Experiment' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mode' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'settings' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'promotedVersionId' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arms' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weight' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'modelVersion' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ExperimentQuery, ExperimentQueryVariables>;
export const ExperimentReportDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'ExperimentReport' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'experimentReport' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ExperimentReportFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ExperimentFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Experiment' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mode' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'settings' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'promotedVersionId' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arms' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weight' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'modelVersion' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ArmReportFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ArmReport' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arm' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'share' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searches' } },
          { kind: 'Field', name: { kind: 'Name', value: 'users' } },
          { kind: 'Field', name: { kind: 'Name', value: 'feedback' } },
          { kind: 'Field', name: { kind: 'Name', value: 'judged' } },
          { kind: 'Field', name: { kind: 'Name', value: 'correct' } },
          { kind: 'Field', name: { kind: 'Name', value: 'accuracy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'accuracyLow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'accuracyHigh' } },
          { kind: 'Field', name: { kind: 'Name', value: 'anyCorrectShare' } },
          { kind: 'Field', name: { kind: 'Name', value: 'probabilityToBeatControl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'probabilityOfLift' } },
          { kind: 'Field', name: { kind: 'Name', value: 'expectedLoss' } },
          { kind: 'Field', name: { kind: 'Name', value: 'latencyP50Ms' } },
          { kind: 'Field', name: { kind: 'Name', value: 'latencyP95Ms' } },
          { kind: 'Field', name: { kind: 'Name', value: 'latencyP99Ms' } },
          { kind: 'Field', name: { kind: 'Name', value: 'failures' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ExperimentReportFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ExperimentReport' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'experiment' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ExperimentFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arms' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ArmReportFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'sampleRatio' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'chiSquare' } },
                { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
                { kind: 'Field', name: { kind: 'Name', value: 'mismatch' } },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'sampleProgress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recommendation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recommendedModelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ExperimentReportQuery, ExperimentReportQueryVariables>;
export const CreateExperimentDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'CreateExperiment' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'CreateExperimentInput' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'createExperiment' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ExperimentFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ExperimentFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Experiment' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mode' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'settings' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'promotedVersionId' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arms' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weight' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'modelVersion' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CreateExperimentMutation, CreateExperimentMutationVariables>;
export const SetExperimentWeightsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'SetExperimentWeights' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'weights' } },
          type: {
            kind: 'NonNullType',
            type: {
              kind: 'ListType',
              type: {
                kind: 'NonNullType',
                type: { kind: 'NamedType', name: { kind: 'Name', value: 'ArmWeightInput' } },
              },
            },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'setExperimentWeights' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'weights' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'weights' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ExperimentFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ExperimentFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Experiment' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mode' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'settings' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'promotedVersionId' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arms' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weight' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'modelVersion' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<SetExperimentWeightsMutation, SetExperimentWeightsMutationVariables>;
export const StopExperimentDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'StopExperiment' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'promoteModelVersionId' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'stopExperiment' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'promoteModelVersionId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'promoteModelVersionId' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ExperimentFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ExperimentFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Experiment' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mode' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'settings' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'promotedVersionId' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'arms' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isControl' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weight' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'modelVersion' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<StopExperimentMutation, StopExperimentMutationVariables>;
export const GiveFeedbackDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'GiveFeedback' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'FeedbackInput' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'giveFeedback' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingExampleFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingExampleFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingExample' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'feedbackType' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'similarityScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qualityRating' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usable' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usedForTraining' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<GiveFeedbackMutation, GiveFeedbackMutationVariables>;
export const SuggestProductDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'SuggestProduct' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'SuggestProductInput' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'suggestProduct' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'AnnotationFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'AnnotationFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'NewProductAnnotation' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'category' } },
          { kind: 'Field', name: { kind: 'Name', value: 'comment' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<SuggestProductMutation, SuggestProductMutationVariables>;
export const CommentOnSearchDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'CommentOnSearch' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'searchId' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'text' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'commentOnSearch' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'searchId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'searchId' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'text' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'text' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'text' } },
                { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CommentOnSearchMutation, CommentOnSearchMutationVariables>;
export const GalleryViewsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'GalleryViews' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'status' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'GalleryViewStatus' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'productId' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'userId' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } },
          defaultValue: { kind: 'IntValue', value: '20' },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'galleryViews' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'status' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'status' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'productId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'productId' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'userId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'userId' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'first' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'after' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'totalCount' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'pageInfo' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'endCursor' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'nodes' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'GalleryViewFields' } }],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'GalleryViewFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'GalleryView' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'decidedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'decidedAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<GalleryViewsQuery, GalleryViewsQueryVariables>;
export const ReviewGalleryViewDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'ReviewGalleryView' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'accept' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'reviewGalleryView' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'accept' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'accept' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'GalleryViewFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'GalleryViewFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'GalleryView' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'decidedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'decidedAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ReviewGalleryViewMutation, ReviewGalleryViewMutationVariables>;
export const RemoveGalleryViewDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'RemoveGalleryView' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'removeGalleryView' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'GalleryViewFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'GalleryViewFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'GalleryView' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
          { kind: 'Field', name: { kind: 'Name', value: 'searchId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'imageUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'decidedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reviewedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'decidedAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'product' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RemoveGalleryViewMutation, RemoveGalleryViewMutationVariables>;
export const RemoveGalleryContributionsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'RemoveGalleryContributions' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'userId' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'removeGalleryContributions' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'userId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'userId' } },
              },
            ],
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RemoveGalleryContributionsMutation, RemoveGalleryContributionsMutationVariables>;
export const ApiKeysDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'ApiKeys' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'apiKeys' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ApiKeyFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ApiKeyFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ApiKey' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'role' } },
          { kind: 'Field', name: { kind: 'Name', value: 'keyPrefix' } },
          { kind: 'Field', name: { kind: 'Name', value: 'actsForTelegramAdmins' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'lastUsedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'revokedAt' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'CreateApiKey' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'role' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Role' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'name' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'actsForTelegramAdmins' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'createApiKey' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'role' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'role' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'name' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'name' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'actsForTelegramAdmins' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'actsForTelegramAdmins' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'key' } },
                { kind: 'Field', name: { kind: 'Name', value: 'role' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'actsForTelegramAdmins' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'RevokeApiKey' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'revokeApiKey' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ApiKeyFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ApiKeyFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ApiKey' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'role' } },
          { kind: 'Field', name: { kind: 'Name', value: 'keyPrefix' } },
          { kind: 'Field', name: { kind: 'Name', value: 'actsForTelegramAdmins' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'lastUsedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'revokedAt' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const ViewerDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'Viewer' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'viewer' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'keyName' } },
                { kind: 'Field', name: { kind: 'Name', value: 'role' } },
                { kind: 'Field', name: { kind: 'Name', value: 'roles' } },
                { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
export const ModelVersionsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'ModelVersions' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersions' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ModelVersionFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ModelVersionFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ModelVersion' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'encoderId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'dim' } },
          { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activatedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'failureReason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'servesGallery' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parent' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metrics' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ModelVersionsQuery, ModelVersionsQueryVariables>;
export const ActivateModelVersionDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'ActivateModelVersion' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'force' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } } },
          defaultValue: { kind: 'BooleanValue', value: false },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'activateModelVersion' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'force' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'force' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ModelVersionFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ModelVersionFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ModelVersion' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'encoderId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'dim' } },
          { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activatedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'failureReason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'servesGallery' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parent' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metrics' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ActivateModelVersionMutation, ActivateModelVersionMutationVariables>;
export const RollbackModelVersionDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'RollbackModelVersion' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'rollbackModelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ModelVersionFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ModelVersionFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ModelVersion' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'encoderId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'dim' } },
          { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activatedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'failureReason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'servesGallery' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parent' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metrics' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RollbackModelVersionMutation, RollbackModelVersionMutationVariables>;
export const CopyModelVersionDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'CopyModelVersion' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'servesGallery' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'copyModelVersion' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'servesGallery' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'servesGallery' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'ModelVersionFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ModelVersionFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ModelVersion' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'name' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'encoderId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'dim' } },
          { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activatedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'failureReason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'servesGallery' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parent' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metrics' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CopyModelVersionMutation, CopyModelVersionMutationVariables>;
export const SearchByImageDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'SearchByImage' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'image' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Upload' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'limit' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } },
          defaultValue: { kind: 'IntValue', value: '5' },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'searchByImage' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'image' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'image' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'limit' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'limit' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'SearchFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'SearchFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Search' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'experimentArm' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'results' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
                { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'product' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'category' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<SearchByImageMutation, SearchByImageMutationVariables>;
export const SearchByTextDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'SearchByText' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'text' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'limit' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } },
          defaultValue: { kind: 'IntValue', value: '5' },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'searchByText' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'text' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'text' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'limit' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'limit' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'SearchFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'SearchFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Search' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'experimentArm' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'results' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
                { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'product' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'sku' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'category' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<SearchByTextMutation, SearchByTextMutationVariables>;
export const TrainingStatsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'TrainingStats' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'trainingStats' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingStatsFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingStatsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingStats' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'total' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usable' } },
          { kind: 'Field', name: { kind: 'Name', value: 'unused' } },
          { kind: 'Field', name: { kind: 'Name', value: 'usableUnused' } },
          { kind: 'Field', name: { kind: 'Name', value: 'positives' } },
          { kind: 'Field', name: { kind: 'Name', value: 'negatives' } },
          { kind: 'Field', name: { kind: 'Name', value: 'distinctProducts' } },
          { kind: 'Field', name: { kind: 'Name', value: 'distinctUsers' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pendingAnnotations' } },
          { kind: 'Field', name: { kind: 'Name', value: 'lastTrainingAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'canTrain' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recommended' } },
          { kind: 'Field', name: { kind: 'Name', value: 'minimumExamples' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recommendedExamples' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recommendation' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'byType' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'feedbackType' } },
                { kind: 'Field', name: { kind: 'Name', value: 'count' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'byQuality' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'rating' } },
                { kind: 'Field', name: { kind: 'Name', value: 'count' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<TrainingStatsQuery, TrainingStatsQueryVariables>;
export const StartTrainingDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'StartTraining' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingInput' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'startTraining' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingRunFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingRunFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingRun' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'progress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'epoch' } },
          { kind: 'Field', name: { kind: 'Name', value: 'loss' } },
          { kind: 'Field', name: { kind: 'Name', value: 'error' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'finishedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'durationMs' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parameters' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'batchSize' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochs' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochsRun' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bestEpoch' } },
                { kind: 'Field', name: { kind: 'Name', value: 'learningRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weightDecay' } },
                { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
                { kind: 'Field', name: { kind: 'Name', value: 'temperature' } },
                { kind: 'Field', name: { kind: 'Name', value: 'validationShare' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsBefore' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsAfter' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<StartTrainingMutation, StartTrainingMutationVariables>;
export const TrainingRunDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'TrainingRun' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'trainingRun' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingRunFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingRunFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingRun' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'progress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'epoch' } },
          { kind: 'Field', name: { kind: 'Name', value: 'loss' } },
          { kind: 'Field', name: { kind: 'Name', value: 'error' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'finishedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'durationMs' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parameters' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'batchSize' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochs' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochsRun' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bestEpoch' } },
                { kind: 'Field', name: { kind: 'Name', value: 'learningRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weightDecay' } },
                { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
                { kind: 'Field', name: { kind: 'Name', value: 'temperature' } },
                { kind: 'Field', name: { kind: 'Name', value: 'validationShare' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsBefore' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsAfter' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<TrainingRunQuery, TrainingRunQueryVariables>;
export const CancelTrainingDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'CancelTraining' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'cancelTraining' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'TrainingRunFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RetrievalMetricsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RetrievalMetrics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'top1' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recallAt5' } },
          { kind: 'Field', name: { kind: 'Name', value: 'mrr' } },
          { kind: 'Field', name: { kind: 'Name', value: 'queries' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'TrainingRunFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'TrainingRun' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'progress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'epoch' } },
          { kind: 'Field', name: { kind: 'Name', value: 'loss' } },
          { kind: 'Field', name: { kind: 'Name', value: 'error' } },
          { kind: 'Field', name: { kind: 'Name', value: 'examplesUsed' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'finishedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'durationMs' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'parameters' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'adapterKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'batchSize' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochs' } },
                { kind: 'Field', name: { kind: 'Name', value: 'epochsRun' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bestEpoch' } },
                { kind: 'Field', name: { kind: 'Name', value: 'learningRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'weightDecay' } },
                { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
                { kind: 'Field', name: { kind: 'Name', value: 'temperature' } },
                { kind: 'Field', name: { kind: 'Name', value: 'validationShare' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsBefore' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'metricsAfter' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'RetrievalMetricsFields' } }],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'modelVersion' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CancelTrainingMutation, CancelTrainingMutationVariables>;
