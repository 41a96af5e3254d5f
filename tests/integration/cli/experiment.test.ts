import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { makeImage } from '../../helpers/images.js';
import { addVersion } from '../../helpers/versions.js';
import { runCli } from '../../../src/cli/main.js';
import { loadConfig } from '../../../src/config.js';
import { armIndexFor, bucketBounds, bucketOf } from '../../../src/services/assignment.js';

const ADMIN = 'telegram:42';
const SHOPPER = 'telegram:1001';
/** Nothing listens here: a command that reached for the API would fail with UNAVAILABLE (exit 1). */
const NOWHERE = 'http://127.0.0.1:9/graphql';

type Run = { code: number; out: string; err: string; json: () => any };

describe('vitrina experiment: an A/B test from start to promotion through the CLI', () => {
  let server: TestServer;
  let dir: string;
  let serviceKey: string;
  let serviceKeyId: string;
  let baseId: string;
  /** The base version's name, e.g. builtin-v2-base. */
  let baseName: string;
  let candidateId: string;
  let experimentId: string;

  /** `vitrina <argv>` in-process with the bot's service key, acting for `endUser`. */
  async function cli(argv: string[], endUser: string | undefined = ADMIN, url = `${server.url}/graphql`): Promise<Run> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c) => (out += c));
    stderr.on('data', (c) => (err += c));
    const config = loadConfig({ VITRINA_API_URL: url, VITRINA_API_KEY: serviceKey });
    const code = await runCli(argv, config, { stdout, stderr, env: { VITRINA_END_USER: endUser } });
    return { code, out, err, json: () => JSON.parse(out) };
  }
  const admin = (...argv: string[]) => cli(argv, ADMIN);
  const photo = () => path.join(dir, 'query.png');

  beforeAll(async () => {
    server = await startTestServer({ ADMIN_TELEGRAM_IDS: '42' });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-experiment-'));
    for (let i = 1; i <= 4; i++) {
      const created = await server.gql(
        'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
        {
          input: { name: `product ${i}`, category: 'test' },
        },
      );
      await server.upload(
        'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
        { id: created.data!.createProduct.id },
        'image',
        { bytes: await makeImage(i), type: 'image/png' },
      );
    }
    await server.vitrina.worker!.drain();
    await fs.writeFile(photo(), await makeImage(3));
    ({ key: serviceKey, id: serviceKeyId } = await server.createKey('SERVICE', 'bot', { actsForTelegramAdmins: true }));
    ({ id: baseId, name: baseName } = await server.vitrina.services.registry.active());
    candidateId = await addVersion(server.vitrina, 'candidate-v2', 1.5);
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  /**
   * Shoppers (telegram:<from>, <from + 1>, ...) search by photo through the CLI until each arm
   * served `perArm` of them; each judges the top result of their first search: right when the
   * candidate arm ranked it, wrong when the control did. Returns each shopper's arm.
   */
  async function shop(experiment: string, perArm: number, from: number, searches = 1): Promise<Map<string, string>> {
    const served = new Map<string, string>();
    const count = (arm: string) => [...served.values()].filter((a) => a === arm).length;
    for (let i = from; count('control') < perArm || count('candidate') < perArm; i++) {
      const shopper = `telegram:${i}`;
      // Assigned by the end user as stored: the key's own (`key:<id>/telegram:…`).
      const stored = `key:${serviceKeyId}/${shopper}`;
      const arm = armIndexFor(bucketOf(experiment, stored), bucketBounds([50, 50])) === 0 ? 'control' : 'candidate';
      if (count(arm) >= perArm) continue;
      served.set(shopper, arm);
      for (let n = 0; n < searches; n++) {
        const found = await cli(['search', photo(), '--limit', '3', '--json'], shopper);
        expect(found.code, found.err).toBe(0);
        const search = found.json();
        expect(search.experimentArm).toBe(arm); // sticky: the same arm every time
        if (n > 0) continue;
        const verdict = arm === 'candidate' ? 'correct' : 'incorrect';
        const judged = await cli(['feedback', search.id, search.results[0].product.id, '--verdict', verdict], shopper);
        expect(judged.code, judged.err).toBe(0);
      }
    }
    return served;
  }

  it('starts a 50/50 split against the active version; shoppers keep their arm; the report has both arms', async () => {
    const none = await admin('experiment', 'report');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/^vitrina: no experiment is running/);

    const started = await admin('experiment', 'start', candidateId, '--min-samples', '5', '--json');
    expect(started.code, started.err).toBe(0);
    const experiment = started.json();
    experimentId = experiment.id;
    expect(experiment).toMatchObject({ name: `candidate-v2 vs ${baseName}`, mode: 'SPLIT', status: 'RUNNING' });
    expect(experiment.settings).toMatchObject({ minSamples: 5, autoPromote: false });
    expect(experiment.arms).toMatchObject([
      { name: 'control', isControl: true, weight: 50, modelVersion: { id: baseId } },
      { name: 'candidate', isControl: false, weight: 50, modelVersion: { id: candidateId } },
    ]);
    const again = await admin('experiment', 'start', candidateId);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/is running: stop it first.*\(BAD_USER_INPUT\)/);

    const served = await shop(experimentId, 6, 7000, 2);
    expect(served.size).toBe(12);
    const stored = (await server.vitrina.dataSource.query(
      `SELECT user_id, arm, model_version_id FROM searches WHERE experiment_id = $1`,
      [experimentId],
    )) as { user_id: string; arm: string; model_version_id: string }[];
    expect(stored).toHaveLength(24);
    for (const row of stored) {
      expect(row.arm).toBe(served.get(row.user_id.replace(`key:${serviceKeyId}/`, '')));
      expect(row.model_version_id).toBe(row.arm === 'control' ? baseId : candidateId);
    }

    const reported = await admin('experiment', 'report', '--json');
    expect(reported.code, reported.err).toBe(0);
    const report = reported.json();
    expect(report.experiment.id).toBe(experimentId);
    expect(report.arms).toHaveLength(2);
    const [control, candidate] = report.arms;
    const arm = { share: 0.5, searches: 12, users: 6, judged: 6, failures: 0 };
    expect(control).toMatchObject({ ...arm, arm: { name: 'control' }, correct: 0, probabilityToBeatControl: null });
    expect(candidate).toMatchObject({ ...arm, arm: { name: 'candidate' }, correct: 6, accuracy: 1 });
    expect(candidate.probabilityToBeatControl).toBeGreaterThan(0.99);
    expect(candidate.latencyP50Ms).toBeGreaterThan(0);
    expect(report).toMatchObject({ recommendation: 'PROMOTE', recommendedModelVersion: { id: candidateId } });

    const table = await admin('experiment', 'report', experimentId);
    expect(table.code, table.err).toBe(0);
    expect(table.out).toMatch(
      new RegExp(`^experiment "candidate-v2 vs ${baseName}" \\(${experimentId}\\): SPLIT, running`),
    );
    expect(table.out).toMatch(
      /^ {2}ARM +VERSION +SHARE +SEARCHES +USERS +JUDGED +TOP-1 \(95% CI\) +P\(BEAT CONTROL\)/m,
    );
    expect(table.out).toMatch(
      new RegExp(
        `^ {2}control +${baseName} +50\\.0% +12 +6 +6 +0\\.0% \\(0\\.0%–\\d+\\.\\d%\\) +- +- +\\d+\\.\\d +\\d+\\.\\d +0$`,
        'm',
      ),
    );
    expect(table.out).toMatch(
      /^ {2}candidate +candidate-v2 +50\.0% +12 +6 +6 +100\.0% \(\d+\.\d%–100\.0%\) +(0\.9\d\d|1\.000) +0\.\d{4} +\d+\.\d +\d+\.\d +0$/m,
    );
    expect(table.out).toMatch(/^sample ratio: not checked \(fewer than 20 users so far\)$/m);
    expect(table.out).toMatch(/^judged searches: 100% of minSamples \(5\) per arm$/m);
    expect(table.out).toMatch(
      /^recommendation: PROMOTE\n {2}arm candidate beats the control with probability (0\.9\d\d|1\.000) /m,
    );
    expect(table.out).toContain(
      `\n  promote candidate-v2 (${candidateId}) with: vitrina experiment stop ${experimentId} --promote-winner\n`,
    );
  });

  it('moves traffic with new weights and lists the experiment', async () => {
    const moved = await admin('experiment', 'weights', experimentId, 'control=90', 'candidate=10', '--json');
    expect(moved.code, moved.err).toBe(0);
    expect(moved.json().arms.map((a: { weight: number }) => a.weight)).toEqual([90, 10]);
    const report = (await admin('experiment', 'report', '--json')).json();
    expect(report.arms.map((a: { share: number }) => a.share)).toEqual([0.9, 0.1]);

    // Without an id: the running experiment.
    const back = await admin('experiment', 'weights', 'control=3', 'candidate=1');
    expect(back.code, back.err).toBe(0);
    expect(back.out).toMatch(new RegExp(`^ {2}control +${baseName} +\\S+ +75\\.0%$`, 'm'));
    expect(back.out).toMatch(/^ {2}candidate +candidate-v2 +\S+ +25\.0%$/m);
    const unknown = await admin('experiment', 'weights', 'treatment=5');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No arm named "treatment" \(BAD_USER_INPUT\)/);

    const listed = await admin('experiment', 'list');
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toMatch(
      new RegExp(
        `^${experimentId} +candidate-v2 vs ${baseName} +SPLIT +RUNNING +control=${baseName} 75%, candidate=candidate-v2 25%`,
        'm',
      ),
    );
    expect((await admin('experiment', 'list', '--json')).json()).toMatchObject([{ id: experimentId }]);
  });

  it('stops with --promote <candidate>: the candidate serves everyone', async () => {
    const stopped = await admin('experiment', 'stop', experimentId, '--promote', candidateId);
    expect(stopped.code, stopped.err).toBe(0);
    expect(stopped.out).toBe(
      `stopped experiment "candidate-v2 vs ${baseName}" (${experimentId}); now serving candidate-v2 (${candidateId}), arm candidate\n`,
    );
    const versions = (await admin('models', 'list', '--json')).json();
    expect(versions.find((v: { id: string }) => v.id === candidateId).status).toBe('ACTIVE');
    expect(versions.find((v: { id: string }) => v.id === baseId).status).not.toBe('ACTIVE');
    const after = (await admin('experiment', 'list', '--json')).json()[0];
    expect(after).toMatchObject({ status: 'STOPPED', promotedVersionId: candidateId });
    expect((await admin('experiment', 'report', experimentId)).out).toMatch(
      /^experiment ".+" \(\S+\): SPLIT, stopped \d{4}-\S+ \S+, candidate-v2 promoted\n/,
    );
    const twice = await admin('experiment', 'stop', experimentId);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/already stopped \(BAD_USER_INPUT\)/);

    // Outside an experiment the promoted version serves everyone.
    const search = (await cli(['search', photo(), '--json'], 'telegram:7000')).json();
    expect(search).toMatchObject({ experimentArm: null, modelVersion: { id: candidateId } });
  });

  it('--promote-winner promotes what the report recommends, and refuses while it recommends nothing', async () => {
    // The control is now candidate-v2 (active); the base version comes back as the candidate.
    const shadow = await admin('experiment', 'start', baseId, '--mode', 'shadow', '--name', 'shadow check');
    expect(shadow.code, shadow.err).toBe(0);
    expect(shadow.out).toMatch(/^started experiment "shadow check" \(\S+\), SHADOW\n/);
    expect(shadow.out).toMatch(/^ {2}control +candidate-v2 +\S+ +100\.0%$/m);
    expect(shadow.out).toMatch(new RegExp(`^ {2}candidate +${baseName} +\\S+ +0\\.0%$`, 'm'));
    const refused = await admin('experiment', 'stop', '--promote-winner');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^vitrina: the report recommends no version \(KEEP_RUNNING: waiting for 100 judged/);
    expect((await admin('experiment', 'list', '--json')).json()[0]).toMatchObject({
      name: 'shadow check',
      status: 'RUNNING',
    });
    const kept = await admin('experiment', 'stop');
    expect(kept.code, kept.err).toBe(0);
    expect(kept.out).toMatch(/^stopped experiment "shadow check" \(\S+\); the active version is unchanged\n$/);

    const split = (await admin('experiment', 'start', baseId, '--min-samples', '5', '--json')).json();
    await shop(split.id, 6, 8000);
    const won = await admin('experiment', 'stop', '--promote-winner', '--json');
    expect(won.code, won.err).toBe(0);
    expect(won.json()).toMatchObject({ id: split.id, status: 'STOPPED', promotedVersionId: baseId });
    const active = (await admin('models', 'list', '--json'))
      .json()
      .find((v: { status: string }) => v.status === 'ACTIVE');
    expect(active.id).toBe(baseId);
  });

  it('passes every threshold to a bandit, and takes an arm name for --promote', async () => {
    const bandit = await admin(
      'experiment',
      'start',
      candidateId,
      '--mode',
      'bandit',
      '--split',
      '20%',
      '--probability',
      '0.9',
      '--min-lift',
      '0.02',
      '--max-failure-rate',
      '0.1',
      '--bandit-floor',
      '0.2',
      '--bandit-window',
      '60',
      '--max-latency-ms',
      '5000',
      '--auto-promote',
      '--auto-rollback',
      '--json',
    );
    expect(bandit.code, bandit.err).toBe(0);
    expect(bandit.json()).toMatchObject({
      mode: 'BANDIT',
      arms: [
        { weight: 80, modelVersion: { id: baseId } },
        { weight: 20, modelVersion: { id: candidateId } },
      ],
      settings: {
        probability: 0.9,
        minLift: 0.02,
        maxFailureRate: 0.1,
        banditFloor: 0.2,
        banditWindowSeconds: 60,
        maxLatencyMs: 5000,
        autoPromote: true,
        autoRollback: true,
      },
    });
    const promoted = await admin('experiment', 'stop', bandit.json().id, '--promote', 'candidate', '--json');
    expect(promoted.code, promoted.err).toBe(0);
    expect(promoted.json()).toMatchObject({ status: 'STOPPED', promotedVersionId: candidateId });
    expect((await admin('experiment', 'list', '--json')).json()).toHaveLength(4);
  });

  it('refuses experiments to a shopper with FORBIDDEN and exit code 1', async () => {
    for (const argv of [
      ['experiment', 'list'],
      ['experiment', 'start', candidateId, '--control', baseId],
      ['experiment', 'start', candidateId],
      ['experiment', 'report', experimentId],
      ['experiment', 'stop', experimentId],
    ]) {
      const run = await cli(argv, SHOPPER);
      expect({ argv, code: run.code }).toEqual({ argv, code: 1 });
      expect(run.err).toMatch(/\(FORBIDDEN\)\n$/);
    }
  });

  it('answers wrong usage with exit code 64 before calling the API, and a bad VITRINA_END_USER with 78', async () => {
    for (const argv of [
      ['experiment', 'frobnicate'],
      ['experiment', 'start'],
      ['experiment', 'start', 'a', 'b'],
      ['experiment', 'start', 'a', '--split', '100'],
      ['experiment', 'start', 'a', '--split', 'half'],
      ['experiment', 'start', 'a', '--mode', 'ab'],
      ['experiment', 'start', 'a', '--mode', 'shadow', '--split', '10'],
      ['experiment', 'start', 'a', '--control', 'a'],
      ['experiment', 'start', 'a', '--min-samples', '0'],
      ['experiment', 'start', 'a', '--auto-promote=yes'],
      ['experiment', 'report', 'a', 'b'],
      ['experiment', 'report', '--verbose'],
      ['experiment', 'weights'],
      ['experiment', 'weights', 'some-id'],
      ['experiment', 'weights', 'some-id', 'control:90'],
      ['experiment', 'weights', 'control=-1'],
      ['experiment', 'weights', 'control=1', 'control=2'],
      ['experiment', 'stop', 'some-id', '--promote', 'x', '--promote-winner'],
      ['experiment', 'stop', 'a', 'b'],
    ]) {
      const run = await cli(argv, ADMIN, NOWHERE);
      expect({ argv, code: run.code }).toEqual({ argv, code: 64 });
      expect(run.err).toMatch(/^vitrina: .+\nrun "vitrina help"/);
      expect(run.out).toBe('');
    }
    const help = await admin('help');
    for (const sub of ['start', 'report', 'weights', 'stop', 'list'])
      expect(help.out).toContain(`\n  experiment ${sub} `);

    const badUser = await cli(['whoami'], 'Telegram 42');
    expect(badUser.code).toBe(78);
    expect(badUser.err).toMatch(/^vitrina: Invalid configuration: VITRINA_END_USER: expected <namespace>:<id>/);
    expect(loadConfig({ VITRINA_END_USER: 'telegram:42' }).cli.endUser).toBe('telegram:42');
    expect(loadConfig({}).cli.endUser).toBeUndefined();
  });
});
