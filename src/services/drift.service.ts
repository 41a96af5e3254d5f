import type { Logger } from 'pino';
import type { DomainMetrics } from '../domain/metrics.js';
import type { ModelVersion } from '../entities/model-version.entity.js';
import type { Repositories } from '../repositories/index.js';
import type { TopResult } from '../repositories/search.repository.js';
import { ksTwoSample } from '../stats/ks.js';
import { energyTest } from '../stats/energy.js';
import type { ModelRegistry, VectorMap } from './model-registry.js';
import type { ForegroundGate } from './foreground.js';
import { leaseSeconds, type PeriodicTurn } from './periodic-lease.js';

/** The `test` label of the drift gauges. */
export type DriftTestName = 'top1_score_ks' | 'embedding';

export type DriftWindows = {
  /** `first`: the version's first searches; `preceding`: the searches just before the current window. */
  reference: 'first' | 'preceding';
  referenceSize: number;
  currentSize: number;
  /** > 0: the current window is the last this many hours (newest 10 000 at most), not the last `currentSize`. */
  currentHours: number;
};

export type DriftSettings = DriftWindows & { alpha: number; minSamples: number; intervalSeconds: number };

export type DriftWindow = { size: number; from: Date | null; to: Date | null };

export type DriftTestResult = {
  test: DriftTestName;
  status: 'ok' | 'insufficient_data';
  statistic: number | null;
  pValue: number | null;
  /** p < alpha with at least `minSamples` in both windows. */
  alarm: boolean;
  /** How the p-value was computed, e.g. `ks-exact`, `energy-permutation-999`. */
  method: string;
  /**
   * Searches made before this took no part: the version's gallery views last changed then (the
   * score test only; null when they never did, and for the embedding test).
   */
  since: Date | null;
  reference: DriftWindow;
  current: DriftWindow;
};

export type DriftReport = {
  modelVersion: ModelVersion;
  computedAt: Date;
  alpha: number;
  minSamples: number;
  windows: DriftWindows;
  alarm: boolean;
  /** Whether these numbers went to the drift gauges (only reports over the configured windows do). */
  exported: boolean;
  tests: DriftTestResult[];
};

/** A search in a window: its top-1 score and its photo. */
type Row = TopResult;

const HOURS_WINDOW_CAP = 10_000;
/** Query embeddings per window in the energy test: its cost grows with the square of the sample. */
const EMBEDDING_SAMPLE = 200;
const PERMUTATIONS = 999;
const PERMUTATION_SEED = 20_240_601;
const MIN_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Drift between a reference window of a version's image searches and the current one, by two
 * tests: the two-sample KS test on top-1 similarity scores (the ranking got less sure of itself),
 * and the energy test on the query embeddings (the photos look different). Computed every
 * `intervalSeconds` for the serving versions, and on request; the configured windows' results
 * are exported as the `vitrina_drift_*` gauges.
 */
export class DriftService {
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<unknown> | null = null;
  /** Gauge label sets written, by version name, so that a version no longer served loses its series. */
  private readonly exported = new Map<string, Map<DriftTestName, boolean>>();
  /** The last tests per version over the configured windows: the same searches give the same answer. */
  private readonly lastTests = new Map<string, { windows: string; tests: DriftTestResult[] }>();

  constructor(
    private readonly repos: Repositories,
    private readonly registry: ModelRegistry,
    private readonly metrics: DomainMetrics,
    private readonly logger: Logger,
    readonly settings: DriftSettings,
    private readonly foreground?: ForegroundGate,
  ) {}

  /** `turn`: whether this replica computes drift now (one replica of several does, see PeriodicLeases). */
  start(turn: PeriodicTurn = async () => true): void {
    if (this.timer || this.settings.intervalSeconds <= 0) return;
    const lease = leaseSeconds(this.settings.intervalSeconds);
    this.timer = setInterval(() => {
      if (this.refreshing) return;
      this.refreshing = turn('drift', lease)
        .then((mine) => (mine ? this.refresh() : undefined))
        .catch((error: unknown) => this.logger.error({ err: error }, 'drift computation failed'))
        .finally(() => (this.refreshing = null));
    }, this.settings.intervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.refreshing;
  }

  /** One version's report, or every serving version's; custom windows are reported, not exported. */
  async report(
    options: { modelVersionId?: string | null; windows?: Partial<DriftWindows> } = {},
  ): Promise<DriftReport[]> {
    const windows = { ...this.defaults(), ...definedOnly(options.windows ?? {}) };
    const versions = options.modelVersionId ? [await this.registry.get(options.modelVersionId)] : await this.serving();
    const reports: DriftReport[] = [];
    for (const version of versions) reports.push(await this.evaluate(version, windows));
    return reports;
  }

  /** The serving versions' drift over the configured windows; series of versions no longer served are dropped. */
  async refresh(): Promise<DriftReport[]> {
    const reports = await this.report();
    const names = new Set(reports.map((r) => r.modelVersion.name));
    for (const [name, tests] of this.exported) {
      if (names.has(name)) continue;
      for (const test of tests.keys()) this.clearGauges(name, test);
      this.exported.delete(name);
    }
    return reports;
  }

  async evaluate(version: ModelVersion, windows: DriftWindows = this.defaults()): Promise<DriftReport> {
    const { alpha, minSamples } = this.settings;
    await this.foreground?.quiet();
    const since = await this.repos.versions.galleryChangedAt(version.id);
    const photos = await this.windows(version, windows, null);
    // Accepted (or removed) gallery views move top-1 scores by design, the photos stay as they
    // were: the score test starts afresh at the change, as if the version were new; the
    // embedding test keeps its reference.
    const scores = since ? await this.windows(version, windows, since) : photos;
    const exported = sameWindows(windows, this.defaults());
    // The tests are deterministic (a seeded permutation test): while no search entered or left the
    // windows, the periodic refresh reuses them instead of recomputing the embedding test.
    const key = [photos.reference, photos.current, scores.reference, scores.current]
      .map((w) => `${w.length}:${w[0]?.id}:${w.at(-1)?.id}`)
      .concat(since?.toISOString() ?? '')
      .join('|');
    const last = exported ? this.lastTests.get(version.id) : undefined;
    const tests =
      last?.windows === key
        ? last.tests
        : [
            this.scoreTest(scores.reference, scores.current, since),
            await this.embeddingTest(version, photos.reference, photos.current),
          ];
    if (exported) this.lastTests.set(version.id, { windows: key, tests });
    const report: DriftReport = {
      modelVersion: version,
      computedAt: new Date(),
      alpha,
      minSamples,
      windows,
      alarm: tests.some((t) => t.alarm),
      exported,
      tests,
    };
    if (exported) this.export(version.name, tests);
    this.logger.debug(
      {
        version: version.name,
        tests: tests.map((t) => ({ ...t, reference: t.reference.size, current: t.current.size })),
      },
      'drift computed',
    );
    return report;
  }

  private scoreTest(reference: Row[], current: Row[], since: Date | null): DriftTestResult {
    const bounds = { since, reference: bounded(reference), current: bounded(current) };
    if (!this.enough(reference.length, current.length)) return insufficient('top1_score_ks', 'ks', bounds);
    const ks = ksTwoSample(
      reference.map((r) => r.score),
      current.map((r) => r.score),
    );
    return this.verdict('top1_score_ks', ks.statistic, ks.pValue, `ks-${ks.method}`, bounds);
  }

  /** Energy test on the query photos' embeddings, in the version's own space, unit length (cosine geometry). */
  private async embeddingTest(version: ModelVersion, reference: Row[], current: Row[]): Promise<DriftTestResult> {
    const method = `energy-permutation-${PERMUTATIONS}`;
    const ref = spread(
      reference.filter((r) => r.sha),
      EMBEDDING_SAMPLE,
    );
    const cur = spread(
      current.filter((r) => r.sha),
      EMBEDDING_SAMPLE,
    );
    const shas = [...new Set([...ref, ...cur].map((r) => r.sha!))];
    const vectors = new Map<string, Float32Array>();
    if (shas.length > 0) {
      await this.foreground?.quiet();
      const embeddings = await this.repos.embeddings.findMany(version.encoderId, shas);
      const map = this.mapOf(version);
      for (const [sha, embedding] of embeddings) vectors.set(sha, unit(map(embedding)));
    }
    // Searches whose photo has no embedding for this encoder take no part.
    const x = ref.filter((r) => vectors.has(r.sha!));
    const y = cur.filter((r) => vectors.has(r.sha!));
    const bounds = { since: null, reference: bounded(x), current: bounded(y) };
    if (!this.enough(x.length, y.length)) return insufficient('embedding', method, bounds);
    const energy = await energyTest(
      x.map((r) => vectors.get(r.sha!)!),
      y.map((r) => vectors.get(r.sha!)!),
      { permutations: PERMUTATIONS, seed: PERMUTATION_SEED },
    );
    return this.verdict('embedding', energy.statistic, energy.pValue, method, bounds);
  }

  /**
   * By count: the current window is the newest `currentSize` searches, the reference the first
   * (or preceding) `referenceSize` before it; with fewer searches than both, they split what
   * there is in halves, so that a young version is compared with its own beginning.
   * By hours: the current window is everything since then.
   * With `since`, searches made before it do not exist for either window.
   */
  private async windows(
    version: ModelVersion,
    w: DriftWindows,
    since: Date | null,
  ): Promise<{ reference: Row[]; current: Row[] }> {
    const searches = this.repos.searches;
    const scope = { versionId: version.id, since };
    let current: Row[];
    let referenceSize = w.referenceSize;
    await this.foreground?.quiet();
    if (w.currentHours > 0) {
      current = await searches.recentTopResults(scope, w.currentHours * 3600, HOURS_WINDOW_CAP);
    } else {
      const total = await searches.countTopResults(scope);
      referenceSize = Math.min(w.referenceSize, Math.floor(total / 2));
      const currentSize = Math.min(w.currentSize, total - referenceSize);
      await this.foreground?.quiet();
      current = await searches.latestTopResults(scope, currentSize);
    }
    current.reverse();
    // Strictly before the current window's first search (or before its start, by hours).
    const cut = current[0]
      ? { createdAt: current[0].createdAt, id: current[0].id }
      : w.currentHours > 0
        ? { createdAt: new Date(Date.now() - w.currentHours * 3_600_000), id: MIN_UUID }
        : { createdAt: new Date('9999-12-31T00:00:00Z'), id: MIN_UUID };
    const order = w.reference === 'first' ? 'ASC' : 'DESC';
    await this.foreground?.quiet();
    const reference = await searches.topResultsBefore(scope, cut, order, referenceSize);
    if (order === 'DESC') reference.reverse();
    return { reference, current };
  }

  private mapOf(version: ModelVersion): VectorMap {
    try {
      return this.registry.vectorMap(version);
    } catch (error) {
      // A version whose adapter cannot load does not serve; its photos are still comparable as they are.
      this.logger.warn({ err: error, version: version.name }, 'drift: adapter unavailable, testing base embeddings');
      return (v) => v;
    }
  }

  private async serving(): Promise<ModelVersion[]> {
    const ids = await this.repos.versions.servingIds();
    const versions: ModelVersion[] = [];
    for (const id of ids) versions.push(await this.registry.get(id));
    return versions;
  }

  private enough(reference: number, current: number): boolean {
    return reference >= this.settings.minSamples && current >= this.settings.minSamples;
  }

  private verdict(
    test: DriftTestName,
    statistic: number,
    pValue: number,
    method: string,
    bounds: Bounds,
  ): DriftTestResult {
    return { test, status: 'ok', statistic, pValue, alarm: pValue < this.settings.alpha, method, ...bounds };
  }

  private export(version: string, tests: DriftTestResult[]): void {
    const seen = this.exported.get(version) ?? new Map<DriftTestName, boolean>();
    this.exported.set(version, seen);
    for (const t of tests) {
      const ok = t.status === 'ok';
      this.metrics.observeDrift(version, t.test, {
        statistic: ok ? t.statistic! : null,
        pValue: ok ? t.pValue! : null,
        alarm: t.alarm,
        alpha: this.settings.alpha,
      });
      if (t.alarm !== (seen.get(t.test) ?? false)) {
        const numbers = { version, test: t.test, statistic: t.statistic, pValue: t.pValue, alpha: this.settings.alpha };
        const sizes = { reference: t.reference.size, current: t.current.size };
        if (t.alarm) this.logger.warn({ ...numbers, ...sizes }, 'drift detected');
        else this.logger.info({ ...numbers, ...sizes }, 'drift no longer detected');
      }
      seen.set(t.test, t.alarm);
    }
  }

  private clearGauges(version: string, test: DriftTestName): void {
    this.metrics.forgetDrift(version, test);
  }

  private defaults(): DriftWindows {
    const { reference, referenceSize, currentSize, currentHours } = this.settings;
    return { reference, referenceSize, currentSize, currentHours };
  }
}

type Bounds = Pick<DriftTestResult, 'since' | 'reference' | 'current'>;

function insufficient(test: DriftTestName, method: string, bounds: Bounds): DriftTestResult {
  return { test, status: 'insufficient_data', statistic: null, pValue: null, alarm: false, method, ...bounds };
}

function bounded(rows: Row[]): DriftWindow {
  return { size: rows.length, from: rows[0]?.createdAt ?? null, to: rows.at(-1)?.createdAt ?? null };
}

/** At most `k` items, evenly spread over the window (in order). */
function spread<T>(items: T[], k: number): T[] {
  if (items.length <= k) return items;
  return Array.from({ length: k }, (_, i) => items[Math.floor((i * items.length) / k)]!);
}

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm);
  if (norm === 0) return v;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

function sameWindows(a: DriftWindows, b: DriftWindows): boolean {
  return (
    a.reference === b.reference &&
    a.referenceSize === b.referenceSize &&
    a.currentSize === b.currentSize &&
    a.currentHours === b.currentHours
  );
}
