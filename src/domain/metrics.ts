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
  /** Catalog images the active version cannot find yet. */
  embeddingBacklog(): Promise<number>;
  /** The active version's name (null before the first start-up finished). */
  activeVersion(): Promise<string | null>;
  /** Gallery views by status and by who decided them. */
  galleryViews(): Promise<GalleryCount[]>;
}

export type GalleryCount = { status: string; decidedBy: string | null; n: number };

export interface DomainMetrics {
  /** A version (in an arm, or shadowing one) that can serve: its series start at 0 before its first event. */
  prepareServing(modelVersion: string, arm: string | null, shadow?: boolean): void;
  /** Feedback just recorded (a new or changed verdict; a repeated one is not counted). */
  observeFeedback(verdict: string, modelVersion: string, arm: string | null): void;
  /** One top-1 judgement event of a ranking. */
  observeJudgement(modelVersion: string, arm: string | null, correct: boolean, shadow: boolean): void;
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
  observeSearch(
    kind: string,
    modelVersion: string,
    arm: string | null,
    stages: Partial<Record<SearchStage, number>>,
  ): void;
  /** A drift test's latest outcome; a statistic of null means "not enough data" (no number shown). */
  observeDrift(
    modelVersion: string,
    test: string,
    outcome: { statistic: number | null; pValue: number | null; alarm: boolean },
  ): void;
  /** A drift test that no longer runs for this version. */
  forgetDrift(modelVersion: string, test: string): void;
  /** A route that could not serve a search, by its arm (`none` outside experiments). */
  observeArmFailure(arm: string, modelVersion: string, reason: 'error' | 'latency'): void;
  /** Whether searches meant for the active version are being served by a fallback. */
  setFallbackServing(modelVersion: string, serving: boolean): void;
  /** An arm's share of traffic in a running experiment. */
  setArmWeight(arm: ArmLabels, weight: number): void;
  /** The probability that an arm beats the control, from the latest report. */
  setProbabilityToBeat(arm: Omit<ArmLabels, 'mode'>, probability: number): void;
  /** Gallery views accepted or rejected (`count` at once), and who decided. */
  observeGalleryDecision(decision: 'accepted' | 'rejected', source: GalleryDecider, count?: number): void;
  /** No experiment runs (or another one does): forget every arm's weight, and with `all`, its P(beat). */
  resetExperimentGauges(which: 'weights' | 'all'): void;
}

export type ArmLabels = { experiment: string; arm: string; modelVersion: string; mode: string };
