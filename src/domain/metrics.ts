import type { GalleryDecider } from '../entities/gallery-view.entity.js';

/**
 * What the domain reports to monitoring. The services depend on this interface; the Prometheus
 * registry in `src/api/metrics.ts` implements it, and a test may pass none.
 */

/** The stages a search's latency is split into (`stage` label). */
export type SearchStage = 'decode' | 'encode' | 'adapter' | 'vector_search' | 'total';

export type TrainingRunStatus = 'succeeded' | 'failed' | 'cancelled';

/** One row of the job queue's state: jobs of a kind in a status, and how long the oldest has waited. */
export type JobState = { kind: string; status: string; count: number; oldestAgeSeconds: number };

/**
 * What the scrape-time gauges read (src/services/operational-state.ts reads it from the database):
 * one cheap statement each, run when Prometheus scrapes, so the values are never stale and every
 * replica reports the same shared state.
 */
export interface StateProbe {
  /** Jobs not finished (queued or running), by kind and status. */
  jobs(): Promise<JobState[]>;
  /** Catalog images the active version cannot find yet (not counting unreadable ones). */
  embeddingBacklog(): Promise<number>;
  /** Catalog images whose file the embedding job found missing: none can find them until stored again. */
  unreadableImages(): Promise<number>;
  /** The active version's name (null before the first start-up finished). */
  activeVersion(): Promise<string | null>;
  /** Gallery views by status and by who decided them. */
  galleryViews(): Promise<GalleryCount[]>;
  /** Products by how many accepted gallery views they have (products with none are left out). */
  gallerySizes(): Promise<GallerySize[]>;
  /** The running experiment and its arms (null when none runs). */
  runningExperiment(): Promise<RunningExperimentState | null>;
  /** Held-out top-1 before and after training, of each trained version that is active or ready. */
  heldOutTop1(): Promise<HeldOutTop1[]>;
}

/** A trained version's held-out top-1: its parent's (`top1Before`) and its own, on the run's held-out set. */
export type HeldOutTop1 = { version: string; top1Before: number; top1After: number };

/** The running experiment as every replica reads it from the database. */
export type RunningExperimentState = {
  name: string;
  mode: string;
  /** Control first; `weight` is the designed share (0..1). */
  arms: Array<{ name: string; modelVersion: string; weight: number; control: boolean }>;
};

/**
 * The experiment a search or judgement belongs to (labels `experiment`, `mode`, `control`): the
 * experiment's name, its mode, and whether the arm is its control (the first arm, whatever its name).
 */
export type ExperimentTag = { name: string; mode: string; control: boolean };

/** Who can serve: a version, in an arm of an experiment or outside (`arm` null), or shadowing one. */
export type Serving = {
  modelVersion: string;
  arm: string | null;
  experiment?: ExperimentTag | null;
  shadow?: boolean;
  /** The version that ranks this route's searches when it fails (its fallback searches' series start at 0 too). */
  fallbackVersion?: string | null;
};

/** One top-1 judgement event of a ranking (see `search_judgements`). */
export type JudgementEvent = {
  modelVersion: string;
  arm: string | null;
  experiment: ExperimentTag | null;
  shadow: boolean;
  /** Whether the search's feedback named its right product (else an INCORRECT on the top result judged it). */
  truthKnown: boolean;
  correct: boolean;
};

/**
 * A search as it was counted: by the arm it was assigned (not the one that served after a
 * fallback), the version that ranked it, and whether the assigned route failed.
 */
export type SearchEvent = {
  kind: string;
  modelVersion: string;
  arm: string | null;
  experiment: string | null;
  fallback: boolean;
};

/** A number with its interval (`bound` label: estimate, lower, upper). */
export type Bounded = { estimate: number; lower: number; upper: number };

/** An experiment's numbers from its latest report, per arm (P(beat) and lift for candidates only). */
export type ExperimentNumbers = {
  experiment: string;
  arms: Array<{
    arm: string;
    modelVersion: string;
    users: number;
    /** Searches assigned to the arm (in shadow mode every search), as the report counts them. */
    searches: number;
    /** Searches judged, each once, as the report counts them: what P(beat) rests on. */
    judged: number;
    probabilityToBeat: number | null;
    /** Top-1 accuracy with its 95 % Wilson interval; null until a search is judged. */
    top1: Bounded | null;
    /** The always-valid interval of the lift over the control that the recommendation reads. */
    lift: Bounded | null;
    /** Share of the arm's searches its fallback served: the guardrail's number. */
    failureRate: number;
  }>;
  sampleRatioPValue: number | null;
  /** Judged searches every arm needs before a recommendation other than keep_running. */
  minSamples: number;
  /** The failure-rate guardrail. */
  maxFailureRate: number;
  recommendation: string;
};

/** Who took an experiment decision: `auto` for autoPromote / autoRollback, else `admin`. */
export type DecisionBy = 'admin' | 'auto';

export type GalleryCount = { status: string; decidedBy: string | null; n: number };
/** `products` products have exactly `views` accepted gallery views. */
export type GallerySize = { views: number; products: number };

export interface DomainMetrics {
  /** A version (in an arm, or shadowing one) that can serve: its series start at 0 before its first event. */
  prepareServing(serving: Serving): void;
  /** Feedback just recorded (a new or changed verdict; a repeated one is not counted). */
  observeFeedback(verdict: string, modelVersion: string, arm: string | null): void;
  /** A ranking judged for the first time (never again: each judged search is one sample). */
  observeJudgement(judgement: JudgementEvent): void;
  /** A training run that ended; accuracy and examples only for a run that produced a version. */
  observeTrainingRun(run: {
    status: TrainingRunStatus;
    durationMs?: number | null;
    examples?: number;
    version?: string;
    top1Before?: number;
    top1After?: number;
  }): void;
  /** One search's counters and stage timings (milliseconds). */
  observeSearch(search: SearchEvent, stages: Partial<Record<SearchStage, number>>): void;
  /** A drift test's latest outcome; a statistic of null means "not enough data" (no number shown). */
  observeDrift(
    modelVersion: string,
    test: string,
    outcome: { statistic: number | null; pValue: number | null; alarm: boolean; alpha: number },
  ): void;
  /** A drift test that no longer runs for this version. */
  forgetDrift(modelVersion: string, test: string): void;
  /** A route that could not serve a search, by its arm (`none` outside experiments). */
  observeArmFailure(arm: string, modelVersion: string, reason: 'error' | 'latency'): void;
  /** Whether searches meant for this version (the active one, or a running experiment's control) are served by a fallback. */
  setFallbackServing(modelVersion: string, serving: boolean): void;
  /** A bandit arm's share of traffic in this time window (other modes' weights are read at scrape time). */
  setArmWeight(arm: ArmLabels, weight: number): void;
  /** An experiment's latest report: per arm samples, top-1 and lift intervals, P(beat), guardrail; SRM, recommendation. */
  observeExperimentReport(numbers: ExperimentNumbers): void;
  /** A decision logged on an experiment (start, weights, promote, stop). */
  observeExperimentDecision(experiment: string, decision: string, by: DecisionBy): void;
  /** Gallery views accepted or rejected (`count` at once), and who decided. */
  observeGalleryDecision(decision: 'accepted' | 'rejected', source: GalleryDecider, count?: number): void;
}

export type ArmLabels = { experiment: string; arm: string; modelVersion: string; mode: string };
