/**
 * Many A/B experiments in a few seconds: simulated traffic on outcomes measured through the real
 * server, decided by the production code. Going through the HTTP API costs ~70 ms a search, so
 * hundreds of experiments of hundreds of searches would take hours; what an experiment's
 * decision depends on is only which arm each search went to, whether it was judged, and whether
 * that arm's version ranked the right product first — and the last is a fixed property of (version,
 * photo) that the benchmark measures once per photo through the API.
 *
 * Each simulated search: a user drawn from `users`, assigned by the production hash
 * (`bucketOf`/`armIndexFor`, 50/50); a photo drawn from the pool; judged with `feedbackShare`;
 * correct when the arm's version ranked that photo's product first. Every `lookEvery` searches the
 * report's decision is taken by `compareArms` + `recommend` from `src/services/experiment-report.ts`
 * (the new rule), and the old rule — P(lift > minLift) ≥ probability once every arm has
 * minSamples, as `recommend` was before issue 17 — is read off the same report's posterior. The
 * sample-ratio check (which only catches broken assignment) and guardrails are left out.
 */
import type { ExperimentArm } from '../src/entities/experiment-arm.entity.js';
import type { ModelVersion } from '../src/entities/model-version.entity.js';
import { createRandom } from '../src/lib/random.js';
import { armIndexFor, bucketBounds, bucketOf, stableHash } from '../src/services/assignment.js';
import { compareArms, recommend, type ArmReport } from '../src/services/experiment-report.js';
import type { ExperimentSettings } from '../src/services/experiment-settings.js';

export type Traffic = { users: number; feedbackShare: number; lookEvery: number };

/** Whether each arm's version ranks each pool photo's product first (control first). */
export type Outcomes = [control: boolean[], candidate: boolean[]];

export type SimulatedRun = {
  searches: number;
  /** Searches at the first look that recommended promotion, by rule; null if none did. */
  oldPromotedAt: number | null;
  newPromotedAt: number | null;
  oldPromotedAtEnd: boolean;
  newPromotedAtEnd: boolean;
  judged: [number, number];
  accuracy: [number | null, number | null];
};

function armReport(name: string): ArmReport {
  return {
    arm: { name, isControl: name === 'control' } as ExperimentArm,
    version: { name } as ModelVersion,
    weight: 0.5,
    searches: 0,
    users: 0,
    feedback: 0,
    judged: 0,
    correct: 0,
    accuracy: null,
    accuracyInterval: [0, 1],
    anyCorrectShare: null,
    failures: 0,
    failureRate: 0,
    latencyP50: null,
    latencyP95: null,
    latencyP99: null,
    comparison: null,
    liftInterval: null,
  };
}

/** One experiment; stops early once both rules have promoted when `untilBothPromote`. */
export function simulateRun(
  outcomes: Outcomes,
  settings: ExperimentSettings,
  traffic: Traffic,
  { seed, maxSearches, untilBothPromote }: { seed: number; maxSearches: number; untilBothPromote: boolean },
): SimulatedRun {
  const experimentId = `simulated-${seed}`;
  const random = createRandom(seed).next;
  const bounds = bucketBounds([1, 1]);
  const arms = [armReport('control'), armReport('candidate')] as const;
  const run: SimulatedRun = {
    searches: 0,
    oldPromotedAt: null,
    newPromotedAt: null,
    oldPromotedAtEnd: false,
    newPromotedAtEnd: false,
    judged: [0, 0],
    accuracy: [null, null],
  };
  while (run.searches < maxSearches) {
    const user = `sim${seed}:${Math.floor(random() * traffic.users)}`;
    const index = armIndexFor(bucketOf(experimentId, user), bounds);
    const photo = Math.floor(random() * outcomes[index]!.length);
    const arm = arms[index]!;
    arm.searches++;
    if (random() < traffic.feedbackShare) {
      arm.judged++;
      if (outcomes[index]![photo]) arm.correct++;
    }
    run.searches++;
    if (run.searches % traffic.lookEvery !== 0 && run.searches !== maxSearches) continue;
    for (const a of arms) a.accuracy = a.judged > 0 ? a.correct / a.judged : null;
    compareArms([...arms], arms[0], settings, stableHash(experimentId));
    const decision = recommend([...arms], arms[0], settings, null);
    const oldPromotes = decision.sampleProgress >= 1 && arms[1].comparison!.probabilityOfLift >= settings.probability;
    const newPromotes = decision.recommendation === 'promote';
    run.oldPromotedAt ??= oldPromotes ? run.searches : null;
    run.newPromotedAt ??= newPromotes ? run.searches : null;
    run.oldPromotedAtEnd = oldPromotes;
    run.newPromotedAtEnd = newPromotes;
    if (untilBothPromote && run.oldPromotedAt !== null && run.newPromotedAt !== null) break;
  }
  run.judged = [arms[0].judged, arms[1].judged];
  run.accuracy = [arms[0].accuracy, arms[1].accuracy];
  return run;
}

/** The q-quantile of searches to promotion; a run that never promoted counts as never (null). */
function quantile(values: (number | null)[], q: number): number | null {
  const sorted = values.map((v) => v ?? Infinity).sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return Number.isFinite(value) ? value : null;
}

export function searchesToPromotion(values: (number | null)[]) {
  return {
    median: quantile(values, 0.5),
    p10: quantile(values, 0.1),
    p90: quantile(values, 0.9),
    neverPromoted: values.filter((v) => v === null).length,
  };
}

/** How many runs of identical versions each rule promoted, at any look and at the last. */
export function falsePromotions(runs: SimulatedRun[], horizon: number, lookEvery: number) {
  const count = (f: (r: SimulatedRun) => boolean) => runs.filter(f).length;
  return {
    runs: runs.length,
    horizon,
    looks: Math.ceil(horizon / lookEvery),
    old: { atEnd: count((r) => r.oldPromotedAtEnd), atAnyLook: count((r) => r.oldPromotedAt !== null) },
    new: { atEnd: count((r) => r.newPromotedAtEnd), atAnyLook: count((r) => r.newPromotedAt !== null) },
  };
}
