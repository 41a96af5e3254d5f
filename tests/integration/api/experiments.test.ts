import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { armIndexFor, bucketBounds, bucketOf } from '../../../src/services/assignment.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { makeImage } from '../../helpers/images.js';
import { addVersion } from '../../helpers/versions.js';

const SEARCH = `mutation($image: Upload!) { searchByImage(image: $image, limit: 3) {
  id experimentArm modelVersion { id } results { rank product { id } } } }`;
const CREATE = `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) {
  id mode status arms { name isControl weight modelVersion { id } } } }`;
const REPORT = `query($id: ID!) { experimentReport(id: $id) {
  recommendation reason sampleProgress recommendedModelVersion { id }
  sampleRatio { pValue mismatch }
  arms { arm { name } modelVersion { id } share searches users feedback judged correct accuracy accuracyLow accuracyHigh
         failures latencyP50Ms latencyP99Ms probabilityToBeatControl expectedLoss liftInterval { lower upper } }
  experiment { status decisions } } }`;
const FEEDBACK = 'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }';

type SearchOut = {
  id: string;
  experimentArm: string | null;
  modelVersion: { id: string };
  results: { rank: number; product: { id: string } }[];
};

describe('A/B experiments', () => {
  let server: TestServer;
  let service: { id: string; key: string };
  let baseId: string;
  let photo: Buffer;

  beforeAll(async () => {
    server = await startTestServer();
    photo = await makeImage(3);
  });
  afterAll(async () => server?.stop());

  beforeEach(async () => {
    await server.reset();
    for (let i = 1; i <= 4; i++) {
      const created = await server.gql(
        'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
        {
          input: { name: `product ${i}`, category: 'test' },
        },
      );
      const id = created.data!.createProduct.id as string;
      await server.upload(
        'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
        { id },
        'image',
        { bytes: await makeImage(i), type: 'image/png' },
      );
    }
    await server.vitrina.worker!.drain();
    service = await server.createKey('SERVICE');
    baseId = (await server.vitrina.services.registry.active()).id;
  });

  async function search(user: string): Promise<SearchOut> {
    const res = await server.upload<{ searchByImage: SearchOut }>(
      SEARCH,
      {},
      'image',
      { bytes: photo, type: 'image/png' },
      { key: service.key, endUser: user },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.searchByImage;
  }

  async function createExperiment(input: Record<string, unknown>): Promise<{ id: string }> {
    const res = await server.gql(CREATE, { input });
    expect(res.errors).toBeUndefined();
    return res.data!.createExperiment;
  }

  it('splits users stickily by hash, records arm and version, and moves only margin users when weights change', async () => {
    const candidate = await addVersion(server.vitrina, 'candidate-a', 1.5);
    const experiment = await createExperiment({
      name: 'split test',
      mode: 'SPLIT',
      arms: [
        { modelVersionId: baseId, weight: 50 },
        { modelVersionId: candidate, weight: 50 },
      ],
    });
    // Assigned by the end user as stored: the service key's own (`key:<id>/telegram:…`).
    const users = Array.from({ length: 60 }, (_, i) => `telegram:${500 + i}`);
    const first = new Map<string, string>();
    for (const user of users) {
      const s = await search(user);
      const expected =
        armIndexFor(bucketOf(experiment.id, `key:${service.id}/${user}`), bucketBounds([50, 50])) === 0
          ? 'control'
          : 'candidate';
      expect(s.experimentArm).toBe(expected);
      expect(s.modelVersion.id).toBe(expected === 'control' ? baseId : candidate);
      first.set(user, expected);
    }
    for (const user of users.slice(0, 20)) expect((await search(user)).experimentArm).toBe(first.get(user));
    expect(new Set(first.values())).toEqual(new Set(['control', 'candidate']));

    const reweighted = await server.gql(
      `mutation($id: ID!) { setExperimentWeights(id: $id, weights: [{ arm: "control", weight: 90 }, { arm: "candidate", weight: 10 }]) { id } }`,
      { id: experiment.id },
    );
    expect(reweighted.errors).toBeUndefined();
    let moved = 0;
    for (const user of users) {
      const arm = (await search(user)).experimentArm;
      if (arm !== first.get(user)) {
        moved++;
        expect([first.get(user), arm]).toEqual(['candidate', 'control']);
      }
    }
    expect(moved).toBeGreaterThan(0);

    const report = (await server.gql(REPORT, { id: experiment.id })).data!.experimentReport;
    const searches = report.arms.reduce((n: number, a: { searches: number }) => n + a.searches, 0);
    expect(searches).toBe(60 + 20 + 60);
    expect(report.arms.map((a: { share: number }) => a.share)).toEqual([0.9, 0.1]);
    expect(report.recommendation).toBe('KEEP_RUNNING');
    expect(report.experiment.decisions.map((d: { action: string }) => d.action)).toEqual(['start', 'weights']);

    // One experiment at a time; only admins run them.
    const second = await server.gql(CREATE, {
      input: {
        name: 'another',
        mode: 'SPLIT',
        arms: [
          { modelVersionId: baseId, weight: 1 },
          { modelVersionId: candidate, weight: 1 },
        ],
      },
    });
    expect(second.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const user = await server.createKey('USER');
    const refused = await server.gql(REPORT, { id: experiment.id }, { key: user.key });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shadow mode serves the control and scores both arms from feedback on the control’s results', async () => {
    const candidate = await addVersion(server.vitrina, 'candidate-shadow', 2);
    const experiment = await createExperiment({
      name: 'shadow test',
      mode: 'SHADOW',
      arms: [
        { modelVersionId: baseId, weight: 1 },
        { modelVersionId: candidate, weight: 1 },
      ],
    });
    for (let i = 0; i < 6; i++) {
      const s = await search(`telegram:${900 + i}`);
      expect(s.experimentArm).toBe('control');
      expect(s.modelVersion.id).toBe(baseId);
      const shadowRows = (await server.vitrina.dataSource.query(
        `SELECT model_version_id FROM search_results WHERE search_id = $1 AND shadow`,
        [s.id],
      )) as { model_version_id: string }[];
      expect(shadowRows.length).toBe(3);
      expect(new Set(shadowRows.map((r) => r.model_version_id))).toEqual(new Set([candidate]));
      // The shown top result is right for half the users, the second one for the rest.
      const right = s.results[i % 2 === 0 ? 0 : 1]!.product.id;
      const given = await server.gql(
        FEEDBACK,
        { input: { searchId: s.id, productId: right, verdict: 'CORRECT' } },
        { key: service.key, endUser: `telegram:${900 + i}` },
      );
      expect(given.errors).toBeUndefined();
    }
    const report = (await server.gql(REPORT, { id: experiment.id })).data!.experimentReport;
    const [control, shadow] = report.arms;
    expect(control.arm.name).toBe('control');
    expect(control.judged).toBe(6);
    expect(control.correct).toBe(3);
    expect(shadow.arm.name).toBe('candidate');
    expect(shadow.judged).toBe(6);
    expect(shadow.searches).toBe(6);
    // The candidate is judged on its own top result against the same named products.
    const truth = (await server.vitrina.dataSource.query(
      `SELECT count(*)::int AS n FROM search_results r JOIN training_examples te ON te.search_id = r.search_id
       WHERE r.shadow AND r.rank = 1 AND r.product_id = te.product_id AND te.experiment_id = $1`,
      [experiment.id],
    )) as { n: number }[];
    expect(shadow.correct).toBe(truth[0]!.n);
  });

  it('serves a failing candidate’s users from the control, counts the failures, and never errors', async () => {
    const candidate = await addVersion(server.vitrina, 'candidate-broken', 1.2);
    const experiment = await createExperiment({
      name: 'fallback test',
      mode: 'SPLIT',
      arms: [
        { modelVersionId: baseId, weight: 1 },
        { modelVersionId: candidate, weight: 1 },
      ],
    });
    // The candidate's weights go bad under it: its checksum no longer matches.
    await server.vitrina.dataSource.query(`UPDATE model_versions SET adapter_checksum = 'corrupt' WHERE id = $1`, [
      candidate,
    ]);
    await new Promise((r) => setTimeout(r, 2_100)); // the running experiment is cached for 2 s
    const users = Array.from({ length: 16 }, (_, i) => `telegram:${700 + i}`);
    const assigned = users.filter(
      (u) => armIndexFor(bucketOf(experiment.id, `key:${service.id}/${u}`), bucketBounds([1, 1])) === 1,
    );
    expect(assigned.length).toBeGreaterThan(0);
    const base = (await server.vitrina.services.registry.get(baseId)).name;
    // The latency histogram has no experiment label: earlier tests' control searches are in it.
    const timed = async () => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const line = `vitrina_search_duration_seconds_count{stage="total",kind="image",model_version="${base}",arm="control",fallback="false"} `;
      return Number(
        text
          .split('\n')
          .find((l) => l.startsWith(line))
          ?.slice(line.length) ?? 0,
      );
    };
    const timedBefore = await timed();
    for (const user of users) {
      const s = await search(user);
      expect(s.experimentArm).toBe('control');
      expect(s.modelVersion.id).toBe(baseId);
      expect(s.results.length).toBe(3);
    }
    const report = (await server.gql(REPORT, { id: experiment.id })).data!.experimentReport;
    const failed = report.arms.find((a: { arm: { name: string } }) => a.arm.name === 'candidate');
    expect(failed.failures).toBe(assigned.length);
    expect(failed.searches).toBe(assigned.length);
    if (assigned.length >= 20) expect(report.recommendation).toBe('STOP');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(
      /vitrina_arm_failures_total\{arm="candidate",model_version="candidate-broken",reason="error"\} \d+/,
    );
    // Counted for the arm assigned, as the report counts them, and apart from the control's own
    // searches: its latency must not include the candidate's failed attempts.
    const searches = (arm: string, fallback: boolean) =>
      `vitrina_searches_total{kind="image",model_version="${base}",arm="${arm}",experiment="fallback test",fallback="${fallback}"} `;
    expect(metrics).toContain(`${searches('candidate', true)}${assigned.length}`);
    expect(metrics).toContain(`${searches('control', false)}${users.length - assigned.length}`);
    expect(metrics).not.toContain(searches('control', true));
    expect((await timed()) - timedBefore).toBe(users.length - assigned.length);
  });

  it('serves the control when a candidate is slower than its latency guardrail', async () => {
    const candidate = await addVersion(server.vitrina, 'candidate-slow', 1.2);
    const experiment = await createExperiment({
      name: 'guardrail test',
      mode: 'SPLIT',
      arms: [
        { modelVersionId: baseId, weight: 1 },
        { modelVersionId: candidate, weight: 1 },
      ],
      maxLatencyMs: 1, // below one round trip to the database: the candidate can never make it
    });
    const users = Array.from({ length: 12 }, (_, i) => `telegram:${800 + i}`);
    const assigned = users.filter(
      (u) => armIndexFor(bucketOf(experiment.id, `key:${service.id}/${u}`), bucketBounds([1, 1])) === 1,
    );
    for (const user of users) {
      const s = await search(user);
      expect(s.experimentArm).toBe('control');
      expect(s.results.length).toBe(3);
    }
    const rows = (await server.vitrina.dataSource.query(
      `SELECT fallback_from_arm, fallback_reason, count(*)::int AS n FROM searches WHERE experiment_id = $1
       GROUP BY 1, 2 ORDER BY 1`,
      [experiment.id],
    )) as { fallback_from_arm: string | null; fallback_reason: string | null; n: number }[];
    expect(rows).toEqual([
      { fallback_from_arm: 'candidate', fallback_reason: 'latency', n: assigned.length },
      { fallback_from_arm: null, fallback_reason: null, n: users.length - assigned.length },
    ]);
  });

  it('when the active version cannot serve, the last good version does and /healthz says so', async () => {
    const next = await addVersion(server.vitrina, 'next-active', 1.1);
    const activated = await server.gql('mutation($id: ID!) { activateModelVersion(id: $id, force: true) { id } }', {
      id: next,
    });
    expect(activated.errors).toBeUndefined();
    await server.vitrina.dataSource.query(`UPDATE model_versions SET adapter_checksum = 'corrupt' WHERE id = $1`, [
      next,
    ]);
    await new Promise((r) => setTimeout(r, 2_100)); // the active version is cached for 2 s
    const s = await search('telegram:1');
    expect(s.modelVersion.id).toBe(baseId);
    expect(s.results.length).toBe(3);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; fallback: string };
    expect(health.status).toBe('ok');
    expect(health.fallback).toMatch(/next-active cannot serve/);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('vitrina_fallback_serving{model_version="next-active"} 1');
  });

  it('raises the fallback gauge for a failing active version or control, and lowers it once another serves', async () => {
    const gauge = async (version: string) => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      return new RegExp(`^vitrina_fallback_serving\\{model_version="${version}"\\} (\\d)$`, 'm').exec(text)?.[1];
    };
    const corrupt = async (id: string) => {
      await server.vitrina.dataSource.query(`UPDATE model_versions SET adapter_checksum = 'corrupt' WHERE id = $1`, [
        id,
      ]);
      await new Promise((r) => setTimeout(r, 2_100)); // versions and experiments are cached for 2 s
    };
    // Every version first: the embedding worker would retry a corrupt one's vectors.
    const broken = await addVersion(server.vitrina, 'broken-active', 1.1);
    const control = await addVersion(server.vitrina, 'broken-control', 1.2);
    const other = await addVersion(server.vitrina, 'other-arm', 1.3);
    await server.gql('mutation($id: ID!) { activateModelVersion(id: $id, force: true) { id } }', { id: broken });
    await corrupt(broken);
    await search('telegram:1');
    expect(await gauge('broken-active')).toBe('1');
    // Another version is activated: the broken one is no longer meant to serve. Every replica's
    // periodic check lowers the gauge, even one that serves no search meanwhile.
    await server.gql('mutation($id: ID!) { activateModelVersion(id: $id, force: true) { id } }', { id: baseId });
    await server.vitrina.services.experiments.refresh();
    expect(await gauge('broken-active')).toBe('0');

    // During an experiment, a failing control is served by the active version: that is a fallback too.
    const failing = await createExperiment({
      name: 'control fails',
      mode: 'SPLIT',
      arms: [
        { modelVersionId: control, weight: 1, name: 'incumbent' },
        { modelVersionId: other, weight: 0, name: 'challenger' },
      ],
    });
    await corrupt(control);
    const s = await search('telegram:2');
    expect(s.modelVersion.id).toBe(baseId);
    expect(await gauge('broken-control')).toBe('1');
    await server.gql('mutation($id: ID!) { stopExperiment(id: $id) { id } }', { id: failing.id });
    await server.vitrina.services.experiments.refresh();
    expect(await gauge('broken-control')).toBe('0');
  });

  it('recommends and auto-promotes a clearly better candidate, logging the decision with its numbers', async () => {
    const candidate = await addVersion(server.vitrina, 'candidate-better', 1.3);
    const experiment = await createExperiment({
      name: 'promotion test',
      mode: 'SPLIT',
      arms: [
        { modelVersionId: baseId, weight: 1 },
        { modelVersionId: candidate, weight: 1 },
      ],
      minSamples: 8,
      autoPromote: true,
    });
    // Simulated shoppers: the candidate's top result is always right, the control's always wrong.
    let judged = { control: 0, candidate: 0 };
    for (let i = 0; judged.control < 10 || judged.candidate < 10; i++) {
      const user = `telegram:${2000 + i}`;
      const s = await search(user);
      const arm = s.experimentArm as 'control' | 'candidate';
      if (judged[arm] >= 10) continue;
      judged = { ...judged, [arm]: judged[arm] + 1 };
      const top = s.results[0]!.product.id;
      await server.gql(
        FEEDBACK,
        { input: { searchId: s.id, productId: top, verdict: arm === 'candidate' ? 'CORRECT' : 'INCORRECT' } },
        { key: service.key, endUser: user },
      );
    }
    const report = (await server.gql(REPORT, { id: experiment.id })).data!.experimentReport;
    expect(report.recommendation).toBe('PROMOTE');
    expect(report.recommendedModelVersion.id).toBe(candidate);
    const better = report.arms.find((a: { arm: { name: string } }) => a.arm.name === 'candidate');
    expect(better.probabilityToBeatControl).toBeGreaterThan(0.99);
    expect(better.accuracy).toBe(1);
    expect(better.accuracyLow).toBeGreaterThan(0.6);
    // The recommendation stands on the always-valid lift interval, which the API exposes.
    expect(better.liftInterval.lower).toBeGreaterThan(0.01);
    expect(better.liftInterval.upper).toBe(1);
    expect(report.arms[0].liftInterval).toBeNull();
    expect(report.reason).toMatch(/always-valid 95% lift interval \[\+\d+\.\d, \+100\.0\] points/);

    await server.vitrina.services.experiments.evaluate();
    const after = (await server.gql(REPORT, { id: experiment.id })).data!.experimentReport;
    expect(after.experiment.status).toBe('STOPPED');
    const decision = after.experiment.decisions.at(-1);
    expect(decision).toMatchObject({ by: 'auto-promote', action: 'promote', modelVersionId: candidate });
    expect(decision.numbers.arms[1].probabilityToBeat).toBeGreaterThan(0.99);
    expect(decision.numbers.arms[1].liftInterval.lower).toBeGreaterThan(0.01);
    expect((await server.vitrina.services.registry.active()).id).toBe(candidate);
    // Outside an experiment the promoted version serves everyone.
    const s = await search('telegram:1');
    expect(s.experimentArm).toBeNull();
    expect(s.modelVersion.id).toBe(candidate);
  });

  it('bandit mode shifts traffic toward the arm with better feedback, keeping the floor', async () => {
    const candidate = await addVersion(server.vitrina, 'candidate-bandit', 1.4);
    const experiment = await createExperiment({
      name: 'bandit test',
      mode: 'BANDIT',
      arms: [
        { modelVersionId: baseId, weight: 1 },
        { modelVersionId: candidate, weight: 1 },
      ],
      banditFloor: 0.1,
      banditWindowSeconds: 1,
    });
    for (let i = 0; i < 30; i++) {
      const user = `telegram:${3000 + i}`;
      const s = await search(user);
      await server.gql(
        FEEDBACK,
        {
          input: {
            searchId: s.id,
            productId: s.results[0]!.product.id,
            verdict: s.experimentArm === 'candidate' ? 'CORRECT' : 'INCORRECT',
          },
        },
        { key: service.key, endUser: user },
      );
    }
    await new Promise((r) => setTimeout(r, 1_100)); // the next window sees that feedback
    const experiments = server.vitrina.services.experiments;
    const users = Array.from({ length: 400 }, (_, i) => `telegram:${5000 + i}`);
    const now = Date.now();
    const arms: string[] = [];
    for (const user of users) arms.push((await experiments.router.route(user, now)).arm!);
    const candidateShare = arms.filter((a) => a === 'candidate').length / users.length;
    expect(candidateShare).toBeGreaterThan(0.8);
    expect(candidateShare).toBeLessThan(0.97); // the control keeps its 10% floor
    // Sticky within the window.
    for (const [i, user] of users.slice(0, 50).entries())
      expect((await experiments.router.route(user, now + 200)).arm).toBe(arms[i]);
    expect(experiment.id).toBeTruthy();
  });
});
