import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/process.js';
import { startTestServer, type Auth, type TestServer } from '../helpers/server.js';
import { DEMO_PRODUCTS, SHOPPER_VIEW, STUDIO_VIEWS, type View } from '../../src/demo/drawings.js';
import { renderDemoImage } from '../../src/demo/demo-catalog.js';
import { freePort } from '../helpers/net.js';

/**
 * monitoring/ against the real Prometheus: promtool accepts the config and the rules and passes
 * the alerts' unit tests, and every panel of the Grafana dashboard returns data from a
 * Prometheus that scraped a vitrina serving real traffic. Prometheus and promtool must be
 * installed: `npm test` installs them first when they are missing (scripts/ensure-prometheus.sh,
 * Debian's `prometheus` package); without them this test fails.
 */

const MONITORING = path.join(ROOT, 'monitoring');
const DASHBOARD = path.join(MONITORING, 'grafana/dashboards/vitrina.json');

/** Grafana's variables, as the test evaluates the dashboard (every window covers the whole run). */
const VARIABLES: Record<string, string> = {
  model_version: '.*',
  experiment: '.*',
  window: '5m',
  __rate_interval: '5m',
  __interval: '5m',
  __range: '5m',
};

/** How long the shop stays quiet after its traffic; every window of the quiet test lies within it. */
const QUIET_SECONDS = 8;
const QUIET_VARIABLES: Record<string, string> = {
  ...VARIABLES,
  ...Object.fromEntries(['window', '__rate_interval', '__interval', '__range'].map((v) => [v, `${QUIET_SECONDS}s`])),
};

function requireBinary(name: string): void {
  const run = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    throw new Error(
      `${name} is not installed (${run.error?.message ?? run.stderr}): this test needs the real Prometheus. ` +
        'Install it with `apt-get install -y prometheus`, or run `bash scripts/ensure-prometheus.sh` (`npm test` does).',
    );
  }
}

function promtool(...args: string[]): { ok: boolean; output: string } {
  const run = spawnSync('promtool', args, { cwd: ROOT, encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

describe('monitoring: promtool', () => {
  beforeAll(() => requireBinary('promtool'));

  it('accepts the scrape configuration and the rules it loads', () => {
    const config = promtool('check', 'config', 'monitoring/prometheus.yml');
    expect(config.output).toContain('SUCCESS');
    expect(config.ok, config.output).toBe(true);
    const rules = promtool('check', 'rules', 'monitoring/alerts.yml');
    expect(rules.ok, rules.output).toBe(true);
  });

  it("passes the alerts' unit tests (arm below control, down, errors, latency, drift, jobs, training)", () => {
    const tests = promtool('test', 'rules', 'monitoring/tests/alerts.test.yml');
    expect(tests.ok, tests.output).toBe(true);
    expect(tests.output).toContain('SUCCESS');
  });
});

type Panel = {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { uid?: string };
  targets?: Array<{ expr: string; refId: string; instant?: boolean }>;
};
type Dashboard = { panels: Panel[]; annotations: { list: Array<{ name: string; expr?: string }> } };
type Sample = { metric: Record<string, string>; value: [number, string] };

describe('monitoring: the dashboard against a live vitrina and a real Prometheus', () => {
  let server: TestServer;
  let prometheus: Prometheus;
  let traffic: TrafficSummary;
  /** When the traffic began (seconds): the start of the dashboard's range. */
  let trafficStart: number;
  /** The two experiments compared with their reports: a stopped SHADOW and a running SPLIT. */
  let shadow: { id: string; name: string; at: number };
  let split: { id: string; name: string };

  beforeAll(async () => {
    requireBinary('prometheus');
    // Small drift windows: the simulation's few searches per version are enough to evaluate.
    server = await startTestServer({ DRIFT_MIN_SAMPLES: '5' });
    // Prometheus first, and scraping, so that it sees the counters grow (rate() and increase()
    // need a sample before the first event): its first scrape comes seconds after it is ready.
    prometheus = await startPrometheus(new URL(server.url).host);
    await prometheus.waitForFirstScrape();
    trafficStart = Date.now() / 1000;
    const scraped = (selector: string) => prometheus.waitForSeries(selector);
    traffic = await simulateShoppers(server, scraped);
    const shadowed = await simulateShadowExperiment(server, scraped);
    traffic.feedback += shadowed.feedback;
    traffic.judgedSearches += shadowed.judgedSearches;
    // Its report's gauges are dropped once it stops: the comparison reads them as they were.
    await scraped(`vitrina_experiment_arm_users{experiment="${shadowed.name}"}`);
    shadow = { id: shadowed.id, name: shadowed.name, at: Date.now() / 1000 };
    await stopExperiment(server, shadowed.id);
    const experiment = await simulateExperiment(server, scraped);
    traffic.feedback += experiment.feedback;
    traffic.judgedSearches += experiment.judgedSearches;
    split = { id: experiment.id, name: experiment.name };
    await prometheus.waitForScrapes(server.url, 3);
  }, 150_000);

  afterAll(async () => {
    await prometheus?.stop();
    await server?.stop();
  });

  it('scrapes vitrina and evaluates every rule without error', async () => {
    expect(await prometheus.query('up{job="vitrina"}')).toMatchObject([{ value: [expect.any(Number), '1'] }]);
    const rules = (await prometheus.api('/api/v1/rules')) as {
      groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }>;
    };
    const all = rules.groups.flatMap((g) => g.rules);
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.filter((r) => r.health === 'err').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
    // Nothing here may alert: no experiment, no drift, no failure. (Latency can, on a busy test machine.)
    const alerts = (await prometheus.api('/api/v1/alerts')) as { alerts: Array<{ labels: { alertname: string } }> };
    const quiet = [
      'VitrinaArmAccuracyBelowControl',
      'VitrinaDriftDetected',
      'VitrinaFallbackServing',
      'VitrinaTrainingFailed',
    ];
    expect(alerts.alerts.map((a) => a.labels.alertname).filter((name) => quiet.includes(name))).toEqual([]);
  });

  it('has data for every panel', async () => {
    const dashboard = JSON.parse(await fs.readFile(DASHBOARD, 'utf8')) as { panels: Panel[] };
    const provisioned = await fs.readFile(
      path.join(MONITORING, 'grafana/provisioning/datasources/prometheus.yml'),
      'utf8',
    );
    const panels = dashboard.panels.filter((p) => p.targets?.length);
    expect(panels.length).toBeGreaterThanOrEqual(30);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);

    // The simulation runs an experiment, a fallback and a drift evaluation: every panel has data.
    const empty: string[] = [];
    for (const panel of panels) {
      expect(provisioned).toContain(`uid: ${panel.datasource?.uid}`);
      for (const target of panel.targets!) {
        const expr = substitute(target.expr);
        const samples = await prometheus.query(expr);
        const name = `"${panel.title}" ${target.refId}`;
        // Which of the series it reads are there at all (says why a panel is empty).
        const missing: string[] = [];
        for (const selector of new Set(expr.match(/\bvitrina_\w+(?:\{[^}]*\})?/g) ?? [])) {
          if ((await prometheus.query(`count(${selector})`)).length === 0) missing.push(selector);
        }
        if (samples.length === 0)
          empty.push(`${name}: ${expr}${missing.length ? `\n  missing: ${missing.join(', ')}` : ''}`);
        else if (!samples.some((s) => Number.isFinite(Number(s.value[1])))) {
          empty.push(`${name}: only NaN/Inf: ${expr}`);
        }
      }
    }
    expect(empty).toEqual([]);
  });

  it('gives no NaN for a quiet period: each panel shows numbers or no data', async () => {
    // Nothing happens after the traffic: once Prometheus has scraped a quiet stretch, every window
    // that ends now sees counters that do not move (0 / 0 and histograms without observations).
    await prometheus.waitForQuiet(QUIET_SECONDS);
    const dashboard = JSON.parse(await fs.readFile(DASHBOARD, 'utf8')) as { panels: Panel[] };
    const notANumber: string[] = [];
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? []) {
        const expr = substitute(target.expr, QUIET_VARIABLES);
        const samples = await prometheus.query(expr);
        const bad = samples.filter((s) => !Number.isFinite(Number(s.value[1])));
        if (bad.length > 0)
          notANumber.push(`"${panel.title}" ${target.refId}: ${bad.length} × ${bad[0]!.value[1]}: ${expr}`);
      }
    }
    for (const annotation of (dashboard as Dashboard).annotations.list.filter((a) => a.expr)) {
      const samples = await prometheus.query(substitute(annotation.expr!, QUIET_VARIABLES));
      if (samples.some((s) => !Number.isFinite(Number(s.value[1])))) notANumber.push(`annotation ${annotation.name}`);
    }
    expect(notANumber).toEqual([]);
  });

  it('shows the one version active now in "Active model version", over a range that saw two', async () => {
    const dashboard = JSON.parse(await fs.readFile(DASHBOARD, 'utf8')) as { panels: Panel[] };
    const [target] = dashboard.panels.find((p) => p.title === 'Active model version')!.targets!;
    const expr = substitute(target!.expr);
    // As Grafana asks: an instant query at the end of the range, or a range query over all of it.
    const shown = target!.instant
      ? (await prometheus.query(expr)).map((s) => s.metric)
      : (await prometheus.queryRange(expr, trafficStart, Date.now() / 1000)).map((s) => s.metric);
    expect(traffic.versions.length).toBe(2);
    expect(shown.map((labels) => labels.model_version)).toEqual([traffic.versions.at(-1)]);
  });

  it('shows what the shoppers did: versions side by side, feedback, training, queue', async () => {
    const value = async (expr: string) => (await prometheus.query(expr)).map((s) => Number(s.value[1]));
    const versions = await prometheus.query('sum by (model_version) (vitrina_searches_total)');
    expect(versions.map((s) => s.metric.model_version).sort()).toEqual([...traffic.versions].sort());
    expect(await value('sum(vitrina_feedback_total)')).toEqual([traffic.feedback]);
    expect(await value('sum(vitrina_top1_judgements_total)')).toEqual([traffic.judgedSearches]);
    expect(await value('sum(vitrina_training_runs_total{status="succeeded"})')).toEqual([1]);
    expect(await value('sum(vitrina_training_examples_total)')).toEqual([traffic.trainingExamples]);
    expect((await prometheus.query('vitrina_training_top1_accuracy')).map((s) => s.metric.when).sort()).toEqual([
      'after',
      'before',
    ]);
    // Every request counted by its root field: the two mistakes failed, no search did.
    const requests = (operation: string, outcome: string) =>
      value(`sum(vitrina_graphql_requests_total{operation="${operation}", outcome="${outcome}"})`);
    expect(await requests('giveFeedback', 'error')).toEqual([1]);
    expect(await requests('activeModelVersion', 'error')).toEqual([1]);
    expect(await requests('searchByImage', 'error')).toEqual([0]);
    expect((await requests('searchByImage', 'ok'))[0]).toBeGreaterThan(0);
    expect(await value('max(vitrina_embedding_backlog)')).toEqual([0]);
    expect((await prometheus.query('vitrina_active_model_version_info')).map((s) => s.metric.model_version)).toEqual([
      traffic.versions.at(-1),
    ]);
  });

  it('gives, per arm of a SPLIT and a SHADOW experiment, the judged count, accuracy, users and SRM p-value of experimentReport', async () => {
    const dashboard = JSON.parse(await fs.readFile(DASHBOARD, 'utf8')) as { panels: Panel[] };
    // Evaluated at the last scrape, over a range that starts before the experiments: increase()
    // then has nothing to extrapolate (each series starts at 0 before its first event).
    const at = await prometheus.lastScrape();
    const variables = { ...VARIABLES, __range: `${Math.ceil(at - trafficStart) + 30}s` };
    const panel = async (title: string, time: number) => {
      const found = dashboard.panels.find((p) => p.title === title);
      if (!found) throw new Error(`no panel "${title}"`);
      const samples = await prometheus.query(substitute(found.targets![0]!.expr, variables), time);
      return (experiment: string, arm?: string) =>
        samples
          .filter((s) => s.metric.experiment === experiment && (arm === undefined || s.metric.arm === arm))
          .map((s) => Number(s.value[1]));
    };
    const judged = await panel('Judged searches per arm (dashboard range)', at);
    // The versions-side-by-side bars too: each arm here is named once, with one version.
    const byVersion = await prometheus.query(
      substitute(
        dashboard.panels.find((p) => p.title === 'Top-1 accuracy over the dashboard range')!.targets![0]!.expr,
        variables,
      ),
      at,
    );
    const accuracy = await panel('Top-1 accuracy per arm (dashboard range)', at);
    const usersNow = await panel('Users per arm', at);
    const usersInShadow = await panel('Users per arm', shadow.at);
    const srm = await panel('Sample-ratio p-value', at);
    for (const [experiment, users, time] of [
      [split, usersNow, at],
      [shadow, usersInShadow, shadow.at],
    ] as const) {
      const report = await experimentReport(server, experiment.id);
      // The sample VitrinaArmAccuracyBelowControl requires, as the report counts it.
      const sample = await prometheus.query(
        `max by (arm) (vitrina_experiment_arm_judged_searches{experiment="${experiment.name}"})`,
        time,
      );
      expect(report.arms.map((a) => a.arm.name)).not.toContain('control');
      for (const arm of report.arms) {
        const name = `${experiment.name} / ${arm.arm.name}`;
        expect(judged(experiment.name, arm.arm.name), name).toEqual([arm.judged]);
        expect(
          accuracy(experiment.name, arm.arm.name).map((a) => a.toFixed(9)),
          name,
        ).toEqual(arm.accuracy === null ? [] : [arm.accuracy.toFixed(9)]);
        expect(users(experiment.name, arm.arm.name), name).toEqual([arm.users]);
        expect(
          sample.filter((s) => s.metric.arm === arm.arm.name).map((s) => Number(s.value[1])),
          name,
        ).toEqual([arm.judged]);
        expect(
          byVersion.filter((s) => s.metric.arm === arm.arm.name).map((s) => Number(s.value[1]).toFixed(9)),
          name,
        ).toEqual(arm.accuracy === null ? [] : [arm.accuracy.toFixed(9)]);
      }
      expect(srm(experiment.name).map((p) => p.toPrecision(9))).toEqual(
        report.sampleRatio ? [report.sampleRatio.pValue.toPrecision(9)] : [],
      );
    }
    // What made the numbers hard: the split's candidate failed over, the shadow control got
    // INCORRECT verdicts that name no product (judged, but not comparable with the shadow arm).
    const splitReport = await experimentReport(server, split.id);
    expect(splitReport.arms[1]!.failures).toBeGreaterThan(0);
    expect(splitReport.sampleRatio).not.toBeNull();
    const unnamed = await prometheus.query(
      `sum(vitrina_top1_judgements_total{experiment="${shadow.name}", truth_known="false"})`,
      at,
    );
    expect(Number(unnamed[0]?.value[1])).toBeGreaterThan(0);
  });
  it("shows experimentReport's intervals, sample ratio, samples, progress, guardrail and recommendation per arm", async () => {
    const dashboard = JSON.parse(await fs.readFile(DASHBOARD, 'utf8')) as Dashboard;
    const at = await prometheus.lastScrape();
    /** Every target of a panel at `time`, by refId: value of an experiment's arm and legend suffix. */
    const panel = async (title: string, time: number) => {
      const found = dashboard.panels.find((p) => p.title === title);
      if (!found) throw new Error(`no panel "${title}"`);
      const byRef = new Map<string, Sample[]>();
      for (const t of found.targets!) byRef.set(t.refId, await prometheus.query(substitute(t.expr), time));
      return (refId: string, labels: Record<string, string>) =>
        byRef
          .get(refId)!
          .filter((s) => Object.entries(labels).every(([k, v]) => s.metric[k] === v))
          .map((s) => Number(s.value[1]));
    };
    const round = (xs: number[]) => xs.map((x) => x.toFixed(9));
    for (const [experiment, time] of [
      [split, at],
      [shadow, shadow.at],
    ] as const) {
      const report = await experimentReport(server, experiment.id);
      const top1 = await panel('Top-1 accuracy per arm with its 95 % interval', time);
      const lift = await panel('Lift over the control with its always-valid interval', time);
      const share = await panel('Observed share vs designed weight', time);
      const samples = await panel('Samples per arm', time);
      const progress = await panel('Progress to minSamples', time);
      const failures = await panel('Failure rate per arm vs its guardrail', time);
      const recommendation = await panel('Recommendation', time);
      const control = report.arms[0]!;
      const totalUsers = report.arms.reduce((n, a) => n + a.users, 0);
      const progresses: number[] = [];
      for (const arm of report.arms) {
        const labels = { experiment: experiment.name, arm: arm.arm.name };
        const name = `${experiment.name} / ${arm.arm.name}`;
        const bound = (b: string) => ({ ...labels, bound: b });
        expect(round(top1('A', bound('estimate'))), name).toEqual(round(arm.accuracy === null ? [] : [arm.accuracy]));
        expect(round([...top1('A', bound('lower')), ...top1('A', bound('upper'))]), name).toEqual(
          round(arm.accuracy === null ? [] : [arm.accuracyLow, arm.accuracyHigh]),
        );
        const interval = arm.liftInterval;
        expect(round([...lift('A', bound('lower')), ...lift('A', bound('upper'))]), name).toEqual(
          round(interval ? [interval.lower, interval.upper] : []),
        );
        // The interval's centre is the difference of the two accuracies.
        if (interval && arm.accuracy !== null && control.accuracy !== null) {
          expect(round(lift('A', bound('estimate'))), name).toEqual(round([arm.accuracy - control.accuracy]));
        }
        expect(samples('A', labels), name).toEqual([arm.users]);
        expect(samples('B', labels), name).toEqual([arm.searches]);
        expect(samples('C', labels), name).toEqual([arm.judged]);
        const [filled] = progress('A', labels);
        progresses.push(filled!);
        const [rate] = failures('A', labels);
        expect(rate, name).toBeGreaterThanOrEqual(0);
        if (experiment === split) {
          expect(rate!.toFixed(9), name).toBe((arm.failures / arm.searches).toFixed(9));
          expect(round(share('A', labels)), name).toEqual(round([arm.users / totalUsers]));
          expect(round(share('B', labels)), name).toEqual(round([arm.share]));
        } else {
          // Both arms of a shadow experiment see every user: no split to check.
          expect(share('A', labels), name).toEqual([]);
        }
      }
      expect(Math.min(...progresses).toFixed(9)).toBe(report.sampleProgress.toFixed(9));
      expect(failures('B', { experiment: experiment.name })).toEqual([0.05]);
      expect(recommendation('A', { experiment: experiment.name })).toEqual([1]);
      expect(
        (
          await prometheus.query(
            `vitrina_experiment_recommendation{experiment="${experiment.name}", recommendation="${report.recommendation.toLowerCase()}"}`,
            time,
          )
        ).length,
      ).toBe(1);
    }
    expect((await experimentReport(server, split.id)).arms[1]!.failures).toBeGreaterThan(0);
  });

  it('marks decisions, activations and training runs with annotations, and draws the drift p-value against alpha', async () => {
    const dashboard = JSON.parse(await fs.readFile(DASHBOARD, 'utf8')) as Dashboard;
    const annotation = async (name: string) => {
      const found = dashboard.annotations.list.find((a) => a.name === name);
      if (!found?.expr) throw new Error(`no annotation "${name}"`);
      const expr = substitute(found.expr, { ...VARIABLES, __interval: '5s' });
      return (await prometheus.queryRange(expr, trafficStart - 5, Date.now() / 1000)).map((s) => s.metric);
    };
    const decisions = (await annotation('Experiment decisions')).map(
      (m) => `${m.experiment}: ${m.decision} by ${m.by}`,
    );
    expect(decisions.sort()).toEqual(
      [`${shadow.name}: start by admin`, `${shadow.name}: stop by admin`, `${split.name}: start by admin`].sort(),
    );
    expect((await annotation('Activations')).map((m) => m.model_version)).toContain(traffic.versions.at(-1));
    expect((await annotation('Training runs')).map((m) => m.status)).toEqual(['succeeded']);
    const drift = dashboard.panels.find((p) => p.title === 'Drift p-value')!;
    const alpha = await prometheus.query(substitute(drift.targets!.find((t) => t.refId === 'B')!.expr));
    expect(alpha.map((s) => Number(s.value[1]))).toEqual([0.01]);
  });
});

/** A dashboard expression as Grafana would send it, with every variable replaced. */
function substitute(expr: string, variables = VARIABLES): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (_match, braced: string, bare: string) => {
    const name = braced ?? bare;
    const value = variables[name];
    if (value === undefined) throw new Error(`the test does not know the dashboard variable $${name}`);
    return value;
  });
}

// --- Traffic -------------------------------------------------------------------------------

const SEARCH = `mutation($image: Upload!) { searchByImage(image: $image, limit: 5) {
  id modelVersion { id name } experimentArm results { rank product { id } } } }`;
const TEXT_SEARCH = `mutation($text: String!) { searchByText(text: $text, limit: 5) {
  id modelVersion { name } results { rank product { id } } } }`;
const FEEDBACK = 'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }';
const RUN = 'query($id: ID!) { trainingRun(id: $id) { status error examplesUsed modelVersion { id name } } }';

/** Shopper photos: tilted, smaller, off-centre, on table colours (not the catalog's studio views). */
const SHOPPER_VIEWS: View[] = [
  SHOPPER_VIEW,
  { angle: 14, scale: 0.75, background: '#c9d6c1', dx: -15, dy: 10 },
  { angle: -6, scale: 0.65, background: '#b8c4d6', dx: 10, dy: -20 },
];

/** Until the monitoring system holds a series (before traffic that it should see grow). */
type Scraped = (selector: string) => Promise<void>;

export type TrafficSummary = {
  /** Model versions that served searches, in order. */
  versions: string[];
  /** Feedback that counted (new or changed verdicts). */
  feedback: number;
  /** Image searches whose top result got judged (each once: nobody changed their mind). */
  judgedSearches: number;
  trainingExamples: number;
};

/**
 * What a small shop's shoppers and admin do, through GraphQL only: a catalog, image and text
 * searches by two shoppers who judge the results (right and wrong ones, a double tap, a stale
 * button), a training run on that feedback, the new version activated and judged in turn.
 * The A/B experiment traffic belongs in a helper of its own beside this one.
 */
export async function simulateShoppers(server: TestServer, scraped?: Scraped): Promise<TrafficSummary> {
  const summary: TrafficSummary = { versions: [], feedback: 0, judgedSearches: 0, trainingExamples: 0 };
  const ok = <T>(res: { data?: T | null; errors?: unknown }, what: string): T => {
    if (res.errors || !res.data) throw new Error(`${what} failed: ${JSON.stringify(res.errors)}`);
    return res.data;
  };

  // The catalog: one studio photo per product, searchable once the embedding job has run.
  const products = DEMO_PRODUCTS.slice(0, 8);
  const productIds: string[] = [];
  for (const item of products) {
    const created = ok(
      await server.gql<{ createProduct: { id: string } }>(
        'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
        { input: { name: item.name, category: item.category, description: item.description, sku: item.sku } },
      ),
      'createProduct',
    );
    productIds.push(created.createProduct.id);
    ok(
      await server.upload(
        'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
        { id: created.createProduct.id },
        'image',
        { bytes: await renderDemoImage(item, STUDIO_VIEWS[0]!), type: 'image/png' },
      ),
      'addProductImage',
    );
  }
  await waitUntilSearchable(server);

  const shoppers: Auth[] = [
    { key: (await server.createKey('USER', 'alice')).key },
    { key: (await server.createKey('USER', 'bob')).key },
  ];
  const feedback = async (auth: Auth, searchId: string, productId: string, verdict: string) => {
    ok(await server.gql(FEEDBACK, { input: { searchId, productId, verdict } }, auth), `giveFeedback ${verdict}`);
  };

  /** Every shopper photographs every product; each judges the top result and names the right one. */
  const shop = async (views: View[]) => {
    for (const [v, view] of views.entries()) {
      for (const [i, item] of products.entries()) {
        const auth = shoppers[(i + v) % shoppers.length]!;
        const photo = await renderDemoImage(item, view, 'jpeg');
        const search = ok(
          await server.upload<{
            searchByImage: {
              id: string;
              modelVersion: { name: string };
              results: Array<{ rank: number; product: { id: string } }>;
            };
          }>(SEARCH, {}, 'image', { bytes: photo, type: 'image/jpeg' }, auth),
          'searchByImage',
        ).searchByImage;
        if (!summary.versions.includes(search.modelVersion.name)) summary.versions.push(search.modelVersion.name);
        const right = productIds[i]!;
        const shown = search.results.find((r) => r.product.id === right);
        // A wrong top result is marked incorrect; a right one is confirmed, and a wrong runner-up marked.
        const wrong = search.results.find((r) => r.product.id !== right && (r.rank === 1 || shown?.rank === 1));
        if (wrong) {
          await feedback(auth, search.id, wrong.product.id, 'INCORRECT');
          summary.feedback++;
        }
        await feedback(auth, search.id, right, shown ? 'CORRECT' : 'CORRECT_PRODUCT');
        summary.feedback++;
        summary.judgedSearches++;
        if (i === 0) await feedback(auth, search.id, right, shown ? 'CORRECT' : 'CORRECT_PRODUCT'); // a double tap
      }
    }
  };

  // 24 searches: training needs 20 judged searches (one example group each) and holds some out.
  await shop(SHOPPER_VIEWS);
  // Text searches, judged too (they count as feedback, not as top-1 judgements of an image ranking).
  for (const [i, item] of products.slice(0, 4).entries()) {
    const auth = shoppers[i % shoppers.length]!;
    const search = ok(
      await server.gql<{ searchByText: { id: string; results: Array<{ product: { id: string } }> } }>(
        TEXT_SEARCH,
        { text: item.name },
        auth,
      ),
      'searchByText',
    ).searchByText;
    const hit = search.results.find((r) => r.product.id === productIds[i]);
    if (hit) {
      await feedback(auth, search.id, hit.product.id, 'CORRECT');
      summary.feedback++;
    }
  }
  // Mistakes clients make: a stale button (a product the search did not show) and a missing key.
  const anySearch = ok(
    await server.gql<{ searchByText: { id: string } }>(TEXT_SEARCH, { text: products[0]!.name }, shoppers[0]),
    'searchByText',
  ).searchByText;
  const stale = await server.gql(
    FEEDBACK,
    { input: { searchId: anySearch.id, productId: productIds.at(-1), verdict: 'INCORRECT' } },
    shoppers[0],
  );
  if (stale.errors?.[0]?.extensions?.code !== 'BAD_USER_INPUT') throw new Error('expected BAD_USER_INPUT');
  const anonymous = await server.gql('{ activeModelVersion { id } }', {}, { key: null });
  if (!anonymous.errors) throw new Error('expected an error without an API key');

  // The admin fine-tunes on that feedback, then serves the new version.
  const started = ok(
    await server.gql<{ startTraining: { id: string } }>('mutation { startTraining(input: { epochs: 2 }) { id } }'),
    'startTraining',
  ).startTraining;
  let run: { status: string; error: string | null; examplesUsed: number; modelVersion: { id: string; name: string } };
  for (const deadline = Date.now() + 60_000; ;) {
    run = ok(await server.gql<{ trainingRun: typeof run }>(RUN, { id: started.id }), 'trainingRun').trainingRun;
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') break;
    if (Date.now() > deadline) throw new Error('the training run did not finish within a minute');
    await new Promise((r) => setTimeout(r, 200));
  }
  if (run.status !== 'SUCCEEDED') throw new Error(`training ${run.status}: ${run.error}`);
  summary.trainingExamples = run.examplesUsed;
  ok(
    await server.gql('mutation($id: ID!) { activateModelVersion(id: $id, force: true) { id } }', {
      id: run.modelVersion.id,
    }),
    'activateModelVersion',
  );
  await waitUntilSearchable(server);
  await scraped?.(`vitrina_top1_judgements_total{model_version="${run.modelVersion.name}"}`);
  await shop([SHOPPER_VIEWS[1]!]);
  return summary;
}

/**
 * After `simulateShoppers`: the active version fails for a moment (the last good one serves),
 * then an A/B split between the base version (control) and the trained one, judged by shoppers
 * acting through a service key; the candidate's weights go bad mid-way (its users are served by
 * the control and the failures counted), then are restored. The experiment keeps running, its
 * report read, and drift evaluated, so that every dashboard panel has data.
 */
export async function simulateExperiment(
  server: TestServer,
  scraped?: Scraped,
): Promise<{ feedback: number; judgedSearches: number; id: string; name: string }> {
  const ok = <T>(res: { data?: T | null; errors?: unknown }, what: string): T => {
    if (res.errors || !res.data) throw new Error(`${what} failed: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
  const counts = { feedback: 0, judgedSearches: 0 };
  const { dataSource, registry } = {
    dataSource: server.vitrina.dataSource,
    registry: server.vitrina.services.registry,
  };
  const trained = await registry.active();
  const [base] = (await dataSource.query(`SELECT id FROM model_versions WHERE adapter_kind IS NULL`)) as {
    id: string;
  }[];
  const service = (await server.createKey('SERVICE', 'bot')).key;
  const products = DEMO_PRODUCTS.slice(0, 8);
  const productIds = new Map<string, string>();
  for (const item of products) {
    const found = ok(
      await server.gql<{ productBySku: { id: string } }>('query($sku: String!) { productBySku(sku: $sku) { id } }', {
        sku: item.sku,
      }),
      'productBySku',
    );
    productIds.set(item.sku, found.productBySku.id);
  }
  const search = async (user: string, index: number, judge: boolean) => {
    const item = products[index % products.length]!;
    const auth: Auth = { key: service, endUser: user };
    const photo = await renderDemoImage(item, SHOPPER_VIEWS[2]!, 'jpeg');
    const found = ok(
      await server.upload<{ searchByImage: { id: string; results: Array<{ rank: number; product: { id: string } }> } }>(
        SEARCH,
        {},
        'image',
        { bytes: photo, type: 'image/jpeg' },
        auth,
      ),
      'searchByImage',
    ).searchByImage;
    if (!judge) return;
    const right = productIds.get(item.sku)!;
    const shown = found.results.some((r) => r.product.id === right);
    ok(
      await server.gql(
        FEEDBACK,
        { input: { searchId: found.id, productId: right, verdict: shown ? 'CORRECT' : 'CORRECT_PRODUCT' } },
        auth,
      ),
      'giveFeedback',
    );
    counts.feedback++;
    counts.judgedSearches++;
  };
  const corrupt = async (on: boolean) => {
    await dataSource.query(`UPDATE model_versions SET adapter_checksum = $2 WHERE id = $1`, [
      trained.id,
      on ? 'corrupt' : trained.adapterChecksum,
    ]);
    await new Promise((r) => setTimeout(r, 2_100)); // versions and experiments are cached for 2 s
  };

  // The active version's weights fail their checksum: the last good version serves, then it recovers.
  await corrupt(true);
  await search('telegram:1', 0, false);
  await corrupt(false);
  await search('telegram:1', 1, false);

  const experiment = ok(
    await server.gql<{ createExperiment: { id: string } }>(
      `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`,
      {
        input: {
          name: 'trained vs base',
          mode: 'SPLIT',
          // Named freely: the first arm is the control, whatever its name.
          arms: [
            { modelVersionId: base!.id, weight: 50, name: 'base' },
            { modelVersionId: trained.id, weight: 50, name: 'trained' },
          ],
          minSamples: 10,
        },
      },
    ),
    'createExperiment',
  ).createExperiment;
  await scraped?.('vitrina_top1_judgements_total{experiment="trained vs base"}');
  for (let i = 0; i < 24; i++) await search(`telegram:${100 + i}`, i, true);
  // The candidate fails: its users' searches are ranked by the control, and judged.
  await corrupt(true);
  for (let i = 0; i < 8; i++) await search(`telegram:${100 + i}`, i, true);
  await corrupt(false);
  await experimentReport(server, experiment.id);
  ok(await server.gql('{ driftReport { alarm } }'), 'driftReport');
  return { ...counts, id: experiment.id, name: 'trained vs base' };
}

type ArmNumbers = {
  arm: { name: string };
  judged: number;
  accuracy: number | null;
  accuracyLow: number;
  accuracyHigh: number;
  liftInterval: { lower: number; upper: number } | null;
  users: number;
  searches: number;
  share: number;
  failures: number;
};
type ReportNumbers = {
  arms: ArmNumbers[];
  sampleRatio: { pValue: number } | null;
  sampleProgress: number;
  recommendation: string;
};

/** experimentReport's numbers (asking for it also refreshes the experiment's gauges). */
async function experimentReport(server: TestServer, id: string): Promise<ReportNumbers> {
  const res = await server.gql<{ experimentReport: ReportNumbers }>(
    `query($id: ID!) { experimentReport(id: $id) {
       arms { arm { name } judged accuracy accuracyLow accuracyHigh liftInterval { lower upper } users searches share failures }
       sampleRatio { pValue } sampleProgress recommendation } }`,
    { id },
  );
  if (res.errors || !res.data) throw new Error(`experimentReport failed: ${JSON.stringify(res.errors)}`);
  return res.data.experimentReport;
}

async function stopExperiment(server: TestServer, id: string): Promise<void> {
  const res = await server.gql('mutation($id: ID!) { stopExperiment(id: $id) { id } }', { id });
  if (res.errors) throw new Error(`stopExperiment failed: ${JSON.stringify(res.errors)}`);
}

/**
 * After `simulateShoppers`: a SHADOW experiment (arms named `incumbent`, the active trained
 * version, and `challenger`, the base one). Shoppers name the right product on most searches,
 * which judges both rankings; on every third one they only mark the shown top result INCORRECT,
 * which judges the shown ranking alone. The report is read; the caller stops the experiment.
 */
export async function simulateShadowExperiment(
  server: TestServer,
  scraped?: Scraped,
): Promise<{ feedback: number; judgedSearches: number; id: string; name: string }> {
  const name = 'incumbent shadowed';
  const trained = await server.vitrina.services.registry.active();
  const [base] = (await server.vitrina.dataSource.query(
    `SELECT id FROM model_versions WHERE adapter_kind IS NULL`,
  )) as { id: string }[];
  const created = await server.gql<{ createExperiment: { id: string } }>(
    `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`,
    {
      input: {
        name,
        mode: 'SHADOW',
        arms: [
          { modelVersionId: trained.id, weight: 1, name: 'incumbent' },
          { modelVersionId: base!.id, weight: 0, name: 'challenger' },
        ],
      },
    },
  );
  if (created.errors || !created.data) throw new Error(`createExperiment: ${JSON.stringify(created.errors)}`);
  const id = created.data.createExperiment.id;
  await scraped?.(`vitrina_top1_judgements_total{experiment="${name}", shadow="true"}`);
  const service = (await server.createKey('SERVICE', 'shadow-bot')).key;
  const counts = { feedback: 0, judgedSearches: 0 };
  const products = DEMO_PRODUCTS.slice(0, 8);
  for (let i = 0; i < 12; i++) {
    const item = products[i % products.length]!;
    const auth: Auth = { key: service, endUser: `telegram:${300 + i}` };
    const found = await server.upload<{
      searchByImage: { id: string; results: Array<{ rank: number; product: { id: string } }> };
    }>(
      SEARCH,
      {},
      'image',
      { bytes: await renderDemoImage(item, SHOPPER_VIEWS[1]!, 'jpeg'), type: 'image/jpeg' },
      auth,
    );
    if (found.errors || !found.data) throw new Error(`searchByImage: ${JSON.stringify(found.errors)}`);
    const search = found.data.searchByImage;
    const bySku = await server.gql<{ productBySku: { id: string } }>(
      'query($sku: String!) { productBySku(sku: $sku) { id } }',
      { sku: item.sku },
    );
    const right = bySku.data!.productBySku.id;
    const shown = search.results.some((r) => r.product.id === right);
    const input =
      i % 3 === 0
        ? { searchId: search.id, productId: search.results[0]!.product.id, verdict: 'INCORRECT' }
        : { searchId: search.id, productId: right, verdict: shown ? 'CORRECT' : 'CORRECT_PRODUCT' };
    const given = await server.gql(FEEDBACK, { input }, auth);
    if (given.errors) throw new Error(`giveFeedback: ${JSON.stringify(given.errors)}`);
    counts.feedback++;
    // A named product judges the shown and the shadow ranking; an INCORRECT alone, the shown one.
    counts.judgedSearches += i % 3 === 0 ? 1 : 2;
  }
  await experimentReport(server, id);
  return { ...counts, id, name };
}

/** Until the embedding backlog the server reports on /metrics is empty. */
async function waitUntilSearchable(server: TestServer): Promise<void> {
  for (const deadline = Date.now() + 30_000; ;) {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    if (/^vitrina_embedding_backlog 0$/m.test(text)) return;
    if (Date.now() > deadline) {
      const jobs = await server.vitrina.dataSource.query(
        'SELECT kind, status, attempts, payload, error, run_after, created_at, updated_at FROM jobs',
      );
      const backlog = /^vitrina_embedding_backlog .*$/m.exec(text)?.[0];
      throw new Error(`the catalog did not become searchable within 30 s (${backlog}; jobs: ${JSON.stringify(jobs)})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// --- Prometheus ----------------------------------------------------------------------------

type Prometheus = {
  /** An instant query, now or at `time` (seconds). */
  query(expr: string, time?: number): Promise<Sample[]>;
  /** When Prometheus last scraped vitrina (seconds). */
  lastScrape(): Promise<number>;
  /** A range query (times in seconds), one point a second. */
  queryRange(expr: string, start: number, end: number): Promise<Array<{ metric: Record<string, string> }>>;
  api(pathAndQuery: string): Promise<unknown>;
  /** Until Prometheus has scraped vitrina once (target discovery delays the first scrape). */
  waitForFirstScrape(): Promise<void>;
  /**
   * Until Prometheus holds a series matching `selector`: a new version or experiment arm is
   * scraped at 0 before its traffic, as it would be in a shop where it serves for hours.
   */
  waitForSeries(selector: string): Promise<void>;
  /** Until Prometheus holds `count` scrapes of what /metrics says now. */
  waitForScrapes(serverUrl: string, count: number): Promise<void>;
  /** Until Prometheus has scraped for `seconds` more since it was asked (call it once traffic is over). */
  waitForQuiet(seconds: number): Promise<void>;
  stop(): Promise<void>;
};

/** The shipped prometheus.yml, pointed at `target` and scraping every second, in a temporary directory. */
async function startPrometheus(target: string): Promise<Prometheus> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-prometheus-'));
  let config = await fs.readFile(path.join(MONITORING, 'prometheus.yml'), 'utf8');
  const edits: Array<[string | RegExp, string]> = [
    [/scrape_interval: 15s/, 'scrape_interval: 1s'],
    [/evaluation_interval: 15s/, 'evaluation_interval: 1s'],
    ["'localhost:4000'", `'${target}'`],
    ['- alerts.yml', `- ${path.join(MONITORING, 'alerts.yml')}`],
  ];
  for (const [from, to] of edits) {
    if (!config.match(from)) throw new Error(`monitoring/prometheus.yml no longer has ${from}`);
    config = config.replace(from, to);
  }
  await fs.writeFile(path.join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const api = async (pathAndQuery: string) => {
    const res = await fetch(`${base}${pathAndQuery}`);
    const body = (await res.json()) as { status: string; data: unknown; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${pathAndQuery}: ${body.error}`);
    return body.data;
  };
  const query = async (expr: string, time?: number) =>
    (
      (await api(`/api/v1/query?query=${encodeURIComponent(expr)}${time === undefined ? '' : `&time=${time}`}`)) as {
        result: Sample[];
      }
    ).result;

  const queryRange = async (expr: string, start: number, end: number) =>
    (
      (await api(`/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${start}&end=${end}&step=1`)) as {
        result: Array<{ metric: Record<string, string> }>;
      }
    ).result;
  const lastScrape = async () => Number((await query('timestamp(up{job="vitrina"})'))[0]?.value[1] ?? 0);

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    await fs.rm(dir, { recursive: true, force: true });
  };

  try {
    for (const deadline = Date.now() + 20_000; ;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${output}`);
      const ready = await fetch(`${base}/-/ready`).then(
        (res) => res.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`prometheus was not ready within 20 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    query,
    lastScrape,
    queryRange,
    api,
    stop,
    async waitForFirstScrape() {
      for (const deadline = Date.now() + 30_000; ;) {
        const [up] = await query('up{job="vitrina"}');
        if (up?.value[1] === '1') return;
        if (Date.now() > deadline) throw new Error(`Prometheus did not scrape vitrina within 30 s:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async waitForSeries(selector) {
      for (const deadline = Date.now() + 20_000; ;) {
        if ((await query(`count(${selector})`)).length > 0) return;
        if (Date.now() > deadline) throw new Error(`Prometheus has no series ${selector} after 20 s:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async waitForQuiet(seconds) {
      const since = Date.now() / 1000;
      for (const deadline = Date.now() + (seconds + 20) * 1000; ;) {
        // The latest scrape more than `seconds` after `since`, and the one before it inside the window too.
        if ((await lastScrape()) > since + seconds + 1) return;
        if (Date.now() > deadline) throw new Error(`Prometheus did not scrape for ${seconds} s:\n${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async waitForScrapes(serverUrl, count) {
      // The traffic is over: wait until Prometheus has its last feedback, then for more scrapes.
      const text = await (await fetch(`${serverUrl}/metrics`)).text();
      const expected = [...text.matchAll(/^vitrina_feedback_total\{[^}]*\} (\S+)$/gm)].reduce(
        (sum, m) => sum + Number(m[1]),
        0,
      );
      let first = 0;
      for (const deadline = Date.now() + 20_000; ;) {
        const [sample] = await query('sum(vitrina_feedback_total)');
        if (!first && sample && Number(sample.value[1]) === expected) first = await lastScrape();
        // Scrapes are a second apart: `count` of them since (and including) the first that had it all.
        if (first && (await lastScrape()) >= first + count - 1) return;
        if (Date.now() > deadline)
          throw new Error(`Prometheus did not scrape the traffic ${count} times in 20 s:\n${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
  };
}
