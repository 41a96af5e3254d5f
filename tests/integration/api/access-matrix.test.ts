import fs from 'node:fs/promises';
import { timingSafeEqual } from 'node:crypto';
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_KEY, startTestServer, type Auth, type GraphQLResponse, type TestServer } from '../../helpers/server.js';
import { makeImage } from '../../helpers/images.js';
import { addVersion } from '../../helpers/versions.js';
import { createLogger } from '../../../src/api/logger.js';
import { ApiKeyService } from '../../../src/services/api-key.service.js';
import { TrainingRun } from '../../../src/entities/training-run.entity.js';
import { TRAIN_JOB } from '../../../src/services/training.service.js';

// A pass-through spy: the server runs the real comparison, the unit check below sees that it is used.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

/**
 * Who may call what, from SPEC.md's roles — not from the resolvers' decorators:
 * - every operation needs an API key (SPEC: "Keys travel as `Authorization: Bearer <key>`");
 *   an anonymous call is UNAUTHENTICATED;
 * - a present but revoked key refuses the whole request (HTTP 401; a WebSocket is closed);
 * - `key`: what shoppers do — search (by photo and text), read the catalog, judge and comment on
 *   their own searches, suggest products — is open to every key: a user key, a service key acting
 *   for an end user, or a service key acting for itself (SPEC: a service key *may* name an end user);
 * - `admin`: training, review, rating, model versions, experiments, drift, catalog edits and key
 *   management are admins' only (SPEC: "only admins train, approve, rate, activate, or run
 *   experiments"; "GraphQL mutations for single products for admins"). An admin is an admin key,
 *   or a service key acting for a Telegram user listed in ADMIN_TELEGRAM_IDS — and only then.
 */
type Access = 'key' | 'admin';
const ACCESS_WHY = {
  key: 'any key: shoppers and integrators',
  admin: 'admins only',
} as const;

const ADMIN_TELEGRAM_ID = '777';
const CALLERS = ['anonymous', 'revoked', 'user', 'service', 'serviceForUser', 'serviceForAdmin', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
type KeyCaller = Exclude<Caller, 'anonymous' | 'revoked'>;
const ADMINS: ReadonlySet<Caller> = new Set(['admin', 'serviceForAdmin']);

/** `REFUSED`: the whole request is refused (HTTP 401, or the WebSocket is closed at connection_init). */
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'REFUSED';

function intended(access: Access, caller: Caller): Outcome {
  if (caller === 'revoked') return 'REFUSED';
  if (caller === 'anonymous') return 'UNAUTHENTICATED';
  if (access === 'key') return 'ok';
  return ADMINS.has(caller) ? 'ok' : 'FORBIDDEN';
}

type Vars = Record<string, unknown>;
type Row = {
  type: 'Query' | 'Mutation';
  access: Access;
  /** The operation; its root field is the row's name. */
  query: string;
  /** Variables for one caller (making the fixtures it needs). */
  vars?: (caller: Caller) => Promise<Vars> | Vars;
  /**
   * An allowed call uses its fixture up (deletes, revokes, activates…): the next caller gets new
   * variables. A refused call leaves it as it was, so the next caller reuses it.
   */
  consumes?: boolean;
  /** A multipart upload of this image as `$image`. */
  upload?: () => Promise<Buffer>;
  /** What an allowed call must have done (beyond answering without errors). */
  ran?: (data: any, caller: KeyCaller, vars: Vars) => void;
  /** What the call could change; a refused call must leave it as it was. */
  state?: (vars: Vars) => Promise<unknown>;
  /** Clean up after an allowed call. */
  after?: (data: any) => Promise<void>;
};
type SubscriptionRow = {
  type: 'Subscription';
  access: Access;
  query: string;
  vars?: () => Promise<Vars> | Vars;
  /** Cause one event (called until every allowed subscriber got one). */
  trigger: (vars: Vars) => Promise<void>;
};

describe('access matrix', () => {
  let server: TestServer;
  const logLines: string[] = [];
  /** Every raw key this file handled: none may reach the log. */
  const secrets = new Set<string>([ADMIN_KEY]);

  let keys: Record<'admin' | 'service' | 'user' | 'user2' | 'revoked', { id: string; key: string }>;
  const fx = {
    productId: '',
    sku: 'MUG-1',
    /** One image search per end user, made by that end user. */
    searches: {} as Record<KeyCaller | 'user2' | 'telegram43', string>,
    exampleId: '',
    runId: '',
    candidateId: '',
    experimentId: '',
  };
  let seed = 100;
  let serial = 0;

  const q = <T = any>(sql: string, params: unknown[] = []) =>
    server.vitrina.dataSource.query(sql, params) as Promise<T[]>;
  const one = async (sql: string, params: unknown[] = []) => (await q(sql, params))[0] ?? null;
  const count = async (sql: string, params: unknown[] = []) => Number((await one(sql, params))?.n ?? 0);

  /** The env admin key, for fixtures: must succeed. */
  async function asAdmin(query: string, variables: Vars = {}): Promise<any> {
    const res = await server.gql(query, variables);
    if (res.errors) throw new Error(`fixture failed: ${JSON.stringify(res.errors)}`);
    return res.data;
  }

  const remember = (key: string) => (secrets.add(key), key);

  function auth(caller: Caller): Auth {
    switch (caller) {
      case 'anonymous':
        return { key: null };
      case 'revoked':
        return { key: keys.revoked.key };
      case 'user':
        return { key: keys.user.key };
      case 'service':
        return { key: keys.service.key };
      case 'serviceForUser':
        return { key: keys.service.key, endUser: 'telegram:42' };
      case 'serviceForAdmin':
        return { key: keys.service.key, endUser: `telegram:${ADMIN_TELEGRAM_ID}` };
      case 'admin':
        return { key: keys.admin.key };
    }
  }

  /** The end user searches and feedback are recorded for. */
  function identity(caller: KeyCaller): string {
    return {
      user: `key:${keys.user.id}`,
      service: `key:${keys.service.id}`,
      // A key's end users are shown to it by the names it gave them.
      serviceForUser: 'telegram:42',
      serviceForAdmin: `telegram:${ADMIN_TELEGRAM_ID}`,
      admin: `key:${keys.admin.id}`,
    }[caller];
  }

  /** The caller's own search; callers without a key get the user's (they are refused anyway). */
  /** The gallery view the fixture's CORRECT_PRODUCT verdict proposed, waiting for review again. */
  async function pendingGalleryView(): Promise<string> {
    const view = await one('SELECT id FROM gallery_views WHERE example_id = $1', [fx.exampleId]);
    await q(`UPDATE gallery_views SET status = 'pending', decided_by = NULL, reason = NULL WHERE id = $1`, [view.id]);
    return view.id as string;
  }

  const ownSearch = (caller: Caller) =>
    caller === 'anonymous' || caller === 'revoked' ? fx.searches.user : fx.searches[caller];

  const SEARCH = 'mutation($image: Upload!) { searchByImage(image: $image, limit: 3) { id results { rank } } }';
  async function searchAs(who: Auth): Promise<string> {
    const res = await server.upload(SEARCH, {}, 'image', { bytes: await makeImage(seed++), type: 'image/png' }, who);
    if (!res.data?.searchByImage) throw new Error(`search failed: ${JSON.stringify(res.errors)}`);
    return res.data.searchByImage.id;
  }

  const activeVersionId = async () => (await one(`SELECT id FROM model_versions WHERE status = 'active'`)).id as string;

  async function newProduct(name: string): Promise<string> {
    return (await asAdmin('mutation($name: String!) { createProduct(input: { name: $name }) { id } }', { name }))
      .createProduct.id;
  }

  async function queuedRun(): Promise<string> {
    const runs = server.vitrina.dataSource.getRepository(TrainingRun);
    const run = await runs.save(
      runs.create({ status: 'queued', parentVersionId: await activeVersionId(), parameters: {}, startedBy: 'test' }),
    );
    return run.id;
  }

  /** No run queued or running (one runs at a time); also stops the trainer on a run it took. */
  async function cancelRuns(): Promise<void> {
    for (const { id } of await q(`SELECT id FROM training_runs WHERE status IN ('queued', 'running')`)) {
      await server.vitrina.services.training.cancel(id).catch(() => undefined);
    }
  }

  /**
   * Cancel every run and wait until the trainer's jobs have ended: a run cancelled just as the
   * trainer picks it up is set back to `running` for a while (TrainingService.runJob marks its run
   * running without checking that it is still queued).
   */
  async function settleTraining(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await cancelRuns();
      const busy = await count(
        `SELECT count(*)::int AS n FROM jobs WHERE kind = $1 AND status IN ('queued', 'running')`,
        [TRAIN_JOB],
      );
      const active = await count(`SELECT count(*)::int AS n FROM training_runs WHERE status IN ('queued', 'running')`);
      if (busy === 0 && active === 0) return;
      if (Date.now() > deadline) throw new Error('the trainer did not stop');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const CREATE_EXPERIMENT = 'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }';
  const experimentInput = async () => ({
    name: `experiment ${++serial}`,
    mode: 'SPLIT',
    arms: [
      { modelVersionId: await activeVersionId(), weight: 1 },
      { modelVersionId: fx.candidateId, weight: 1 },
    ],
  });

  async function stopExperiments(): Promise<void> {
    for (const { id } of await q(`SELECT id FROM experiments WHERE status = 'running'`)) {
      await asAdmin('mutation($id: ID!) { stopExperiment(id: $id) { id } }', { id });
    }
  }

  async function runningExperiment(): Promise<string> {
    const running = await one(`SELECT id FROM experiments WHERE status = 'running'`);
    if (running) return running.id;
    return (await asAdmin(CREATE_EXPERIMENT, { input: await experimentInput() })).createExperiment.id;
  }

  /** Enough usable feedback with photos to start a run (copies of one example from other end users). */
  let trainable = false;
  async function ensureTrainable(): Promise<void> {
    if (trainable) return;
    await q(
      `INSERT INTO training_examples (search_id, image_sha256, user_id, feedback_type, product_id, model_version_id)
       SELECT te.search_id, te.image_sha256, 'fixture:' || n, 'correct_product', te.product_id, te.model_version_id
       FROM training_examples te, generate_series(1, 24) n WHERE te.id = $1`,
      [fx.exampleId],
    );
    trainable = true;
  }

  beforeAll(async () => {
    server = await startTestServer(
      // Rate limits are not what this file tests: hundreds of calls from one key in a minute.
      { ADMIN_TELEGRAM_IDS: ADMIN_TELEGRAM_ID, RATE_LIMIT_PER_MINUTE: '0' },
      { logger: createLogger('trace', { write: (line: string) => void logLines.push(line) }) },
    );
    const [admin, service, user, user2, revoked] = await Promise.all([
      server.createKey('ADMIN', 'matrix admin'),
      server.createKey('SERVICE', 'matrix bot', { actsForTelegramAdmins: true }),
      server.createKey('USER', 'matrix shopper'),
      server.createKey('USER', 'matrix other shopper'),
      server.createKey('USER', 'matrix revoked'),
    ]);
    keys = { admin, service, user, user2, revoked };
    for (const { key } of Object.values(keys)) remember(key);
    await asAdmin('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: revoked.id });

    fx.productId = (
      await asAdmin('mutation($sku: String!) { createProduct(input: { name: "Mug", sku: $sku }) { id } }', {
        sku: fx.sku,
      })
    ).createProduct.id;
    const plate = await newProduct('Plate');
    for (const [productId, image] of [
      [fx.productId, 1],
      [plate, 2],
    ] as const) {
      const added = await server.upload(
        'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
        { id: productId },
        'image',
        { bytes: await makeImage(image), type: 'image/png' },
      );
      expect(added.errors).toBeUndefined();
    }
    await server.vitrina.worker!.drain();

    for (const caller of ['user', 'service', 'serviceForUser', 'serviceForAdmin', 'admin'] as const) {
      fx.searches[caller] = await searchAs(auth(caller));
    }
    fx.searches.user2 = await searchAs({ key: keys.user2.key });
    fx.searches.telegram43 = await searchAs({ key: keys.service.key, endUser: 'telegram:43' });

    const feedback = await server.gql(
      'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }',
      { input: { searchId: fx.searches.user, productId: fx.productId, verdict: 'CORRECT_PRODUCT' } },
      auth('user'),
    );
    fx.exampleId = feedback.data!.giveFeedback.id;

    const runs = server.vitrina.dataSource.getRepository(TrainingRun);
    fx.runId = (
      await runs.save(
        runs.create({
          status: 'cancelled',
          parentVersionId: await activeVersionId(),
          parameters: {},
          startedBy: 'test',
        }),
      )
    ).id;
    fx.candidateId = await addVersion(server.vitrina, 'matrix candidate');
    fx.experimentId = await runningExperiment();
  });

  afterAll(async () => {
    await settleTraining().catch(() => undefined);
    await server?.stop();
  });

  const ROWS: Record<string, Row | SubscriptionRow> = {
    // ---- Queries
    activeModelVersion: {
      type: 'Query',
      // SPEC is silent; every Search already shows its modelVersion to the shopper who made it.
      access: 'key',
      query: '{ activeModelVersion { id status } }',
      ran: (data) => expect(data.status).toBe('ACTIVE'),
    },
    apiKeys: { type: 'Query', access: 'admin', query: '{ apiKeys { id } }' },
    driftReport: { type: 'Query', access: 'admin', query: '{ driftReport { alarm modelVersion { id } } }' },
    experiment: {
      type: 'Query',
      access: 'admin',
      query: 'query($id: ID!) { experiment(id: $id) { id } }',
      vars: () => ({ id: fx.experimentId }),
    },
    experimentReport: {
      type: 'Query',
      access: 'admin',
      query: 'query($id: ID!) { experimentReport(id: $id) { recommendation arms { searches } } }',
      vars: () => ({ id: fx.experimentId }),
    },
    experiments: { type: 'Query', access: 'admin', query: '{ experiments { id } }' },
    modelActivations: { type: 'Query', access: 'admin', query: '{ modelActivations { id } }' },
    modelVersions: { type: 'Query', access: 'admin', query: '{ modelVersions { id } }' },
    galleryViews: { type: 'Query', access: 'admin', query: '{ galleryViews(status: null) { totalCount } }' },
    newProductAnnotations: {
      type: 'Query',
      access: 'admin',
      query: '{ newProductAnnotations(status: null) { totalCount } }',
    },
    product: {
      type: 'Query',
      access: 'key',
      query: 'query($id: ID!) { product(id: $id) { id } }',
      vars: () => ({ id: fx.productId }),
    },
    productBySku: {
      type: 'Query',
      access: 'key',
      query: 'query($sku: String!) { productBySku(sku: $sku) { id } }',
      vars: () => ({ sku: fx.sku }),
      ran: (data) => expect(data.id).toBe(fx.productId),
    },
    products: { type: 'Query', access: 'key', query: '{ products { totalCount } }' },
    search: {
      type: 'Query',
      // Shoppers read their own searches; reading another's is covered under "ownership" below.
      access: 'key',
      query: 'query($id: ID!) { search(id: $id) { id } }',
      vars: (caller) => ({ id: ownSearch(caller) }),
      ran: (data, _caller, vars) => expect(data.id).toBe(vars.id),
    },
    trainingExamples: { type: 'Query', access: 'admin', query: '{ trainingExamples { totalCount } }' },
    trainingRun: {
      type: 'Query',
      access: 'admin',
      query: 'query($id: ID!) { trainingRun(id: $id) { id status } }',
      vars: () => ({ id: fx.runId }),
    },
    trainingRuns: { type: 'Query', access: 'admin', query: '{ trainingRuns { id } }' },
    trainingStats: { type: 'Query', access: 'admin', query: '{ trainingStats { total } }' },
    viewer: {
      type: 'Query',
      access: 'key',
      query: '{ viewer { userId roles } }',
      ran: (data, caller) => {
        expect(data.userId).toBe(identity(caller));
        expect(data.roles.includes('ADMIN')).toBe(ADMINS.has(caller));
      },
    },

    // ---- Mutations
    activateModelVersion: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!) { activateModelVersion(id: $id) { id status } }',
      vars: async () => ({ id: await addVersion(server.vitrina, `to activate ${++serial}`) }),
      consumes: true,
      state: async () => activeVersionId(),
      ran: (data) => expect(data.status).toBe('ACTIVE'),
    },
    addProductImage: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
      vars: () => ({ id: fx.productId }),
      upload: () => makeImage(seed++),
      state: (vars) => count('SELECT count(*)::int AS n FROM product_images WHERE product_id = $1', [vars.id]),
    },
    archiveModelVersion: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!) { archiveModelVersion(id: $id) { id status } }',
      vars: async () => ({ id: await addVersion(server.vitrina, `to archive ${++serial}`) }),
      consumes: true,
      state: async (vars) => (await one('SELECT status FROM model_versions WHERE id = $1', [vars.id])).status,
      ran: (data) => expect(data.status).toBe('ARCHIVED'),
    },
    cancelTraining: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!) { cancelTraining(id: $id) { id status } }',
      vars: async () => ({ id: await queuedRun() }),
      consumes: true,
      state: async (vars) => (await one('SELECT status FROM training_runs WHERE id = $1', [vars.id])).status,
      ran: (data) => expect(data.status).toBe('CANCELLED'),
    },
    commentOnSearch: {
      type: 'Mutation',
      access: 'key',
      query: 'mutation($id: ID!) { commentOnSearch(searchId: $id, text: "nice") { id userId } }',
      vars: (caller) => ({ id: ownSearch(caller) }),
      state: () => count('SELECT count(*)::int AS n FROM search_comments'),
      ran: (data, caller) => expect(data.userId).toBe(identity(caller)),
    },
    createApiKey: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation { createApiKey(role: USER, name: "made in the matrix") { id key } }',
      state: () => count('SELECT count(*)::int AS n FROM api_keys'),
      ran: (data) => expect(remember(data.key)).toMatch(/^vtr_/),
    },
    createExperiment: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id status } }',
      // One experiment runs at a time: stop the running one first.
      vars: async () => (await stopExperiments(), { input: await experimentInput() }),
      state: () => count('SELECT count(*)::int AS n FROM experiments'),
      ran: (data) => expect(data.status).toBe('RUNNING'),
    },
    createProduct: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation { createProduct(input: { name: "Bowl" }) { id } }',
      state: () => count('SELECT count(*)::int AS n FROM products'),
    },
    importProducts: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($sku: String!) { importProducts(products: [{ sku: $sku, name: "Imported" }]) { created } }',
      vars: () => ({ sku: `IMPORTED-${++serial}` }),
      state: () => count('SELECT count(*)::int AS n FROM products'),
    },
    deleteProduct: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!) { deleteProduct(id: $id) { id } }',
      vars: async () => ({ id: await newProduct(`to delete ${++serial}`) }),
      consumes: true,
      state: async (vars) => (await one('SELECT deleted_at FROM products WHERE id = $1', [vars.id])).deleted_at,
    },
    giveFeedback: {
      type: 'Mutation',
      access: 'key',
      query: 'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id userId } }',
      vars: (caller) => ({
        input: { searchId: ownSearch(caller), productId: fx.productId, verdict: 'CORRECT_PRODUCT' },
      }),
      state: () => count('SELECT count(*)::int AS n FROM training_examples'),
      ran: (data, caller) => expect(data.userId).toBe(identity(caller)),
    },
    rateExample: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!) { rateExample(id: $id, quality: 4) { id qualityRating } }',
      vars: async () => {
        await q('UPDATE training_examples SET quality_rating = NULL, rated_by = NULL WHERE id = $1', [fx.exampleId]);
        return { id: fx.exampleId };
      },
      state: async (vars) => one('SELECT quality_rating, rated_by FROM training_examples WHERE id = $1', [vars.id]),
      ran: (data) => expect(data.qualityRating).toBe(4),
    },
    reviewGalleryView: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!) { reviewGalleryView(id: $id, accept: false) { id status } }',
      vars: async () => ({ id: await pendingGalleryView() }),
      state: async (vars) => (await one('SELECT status FROM gallery_views WHERE id = $1', [vars.id])).status,
      ran: (data) => expect(data.status).toBe('REJECTED'),
    },
    removeGalleryView: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!) { removeGalleryView(id: $id) { id status } }',
      vars: async () => ({ id: await pendingGalleryView() }),
      state: async (vars) => (await one('SELECT status FROM gallery_views WHERE id = $1', [vars.id])).status,
      ran: (data) => expect(data.status).toBe('REJECTED'),
    },
    removeGalleryContributions: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($userId: String!) { removeGalleryContributions(userId: $userId) }',
      vars: async () => (await pendingGalleryView(), { userId: `key:${keys.user.id}` }),
      state: (vars) =>
        count(`SELECT count(*)::int AS n FROM gallery_views WHERE user_id = $1 AND status = 'pending'`, [vars.userId]),
      ran: (data) => expect(data).toBe(1),
    },
    copyModelVersion: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!) { copyModelVersion(id: $id, servesGallery: false) { id servesGallery } }',
      vars: async () => ({ id: await activeVersionId() }),
      state: () => count('SELECT count(*)::int AS n FROM model_versions'),
      ran: (data) => expect(data.servesGallery).toBe(false),
    },
    reviewAnnotation: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!) { reviewAnnotation(id: $id, approve: false) { id status } }',
      vars: async () => {
        const res = await server.gql(
          'mutation($input: SuggestProductInput!) { suggestProduct(input: $input) { id } }',
          { input: { searchId: fx.searches.user, name: `Lamp ${++serial}` } },
          auth('user'),
        );
        return { id: res.data!.suggestProduct.id };
      },
      consumes: true,
      state: async (vars) => (await one('SELECT status FROM new_product_annotations WHERE id = $1', [vars.id])).status,
      ran: (data) => expect(data.status).toBe('REJECTED'),
    },
    revokeApiKey: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }',
      vars: async () => {
        const created = await server.createKey('USER', `to revoke ${++serial}`);
        remember(created.key);
        return { id: created.id };
      },
      consumes: true,
      state: async (vars) => (await one('SELECT revoked_at FROM api_keys WHERE id = $1', [vars.id])).revoked_at,
      ran: (data) => expect(data.revokedAt).toBeTruthy(),
    },
    rollbackModelVersion: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation { rollbackModelVersion { id status } }',
      // Something to roll back from: a new version made active.
      vars: async () => {
        const id = await addVersion(server.vitrina, `to roll back ${++serial}`);
        await asAdmin('mutation($id: ID!) { activateModelVersion(id: $id, force: true) { id } }', { id });
        return {};
      },
      consumes: true,
      state: async () => activeVersionId(),
      ran: (data) => expect(data.status).toBe('ACTIVE'),
    },
    searchByImage: {
      type: 'Mutation',
      access: 'key',
      query: 'mutation($image: Upload!) { searchByImage(image: $image) { id results { rank } } }',
      upload: () => makeImage(seed++),
      state: () => count('SELECT count(*)::int AS n FROM searches'),
      ran: (data) => expect(data.results.length).toBeGreaterThan(0),
    },
    searchByText: {
      type: 'Mutation',
      access: 'key',
      query: 'mutation { searchByText(text: "Mug") { id results { product { id } } } }',
      state: () => count('SELECT count(*)::int AS n FROM searches'),
      ran: (data) => expect(data.results.map((r: any) => r.product.id)).toContain(fx.productId),
    },
    setExperimentWeights: {
      type: 'Mutation',
      access: 'admin',
      query: `mutation($id: ID!) {
        setExperimentWeights(id: $id, weights: [{ arm: "control", weight: 3 }, { arm: "candidate", weight: 1 }]) { id }
      }`,
      vars: async () => {
        const id = await runningExperiment();
        await q('UPDATE experiment_arms SET weight = 1 WHERE experiment_id = $1', [id]);
        return { id };
      },
      state: (vars) => q('SELECT name, weight FROM experiment_arms WHERE experiment_id = $1 ORDER BY name', [vars.id]),
    },
    startTraining: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation { startTraining(input: { epochs: 1 }) { id status } }',
      vars: async () => (await ensureTrainable(), await settleTraining(), {}),
      state: () => count('SELECT count(*)::int AS n FROM training_runs'),
      ran: (data) => expect(['QUEUED', 'RUNNING']).toContain(data.status),
      // Not to train for real here: stop the run at once.
      after: () => settleTraining(),
    },
    stopExperiment: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!) { stopExperiment(id: $id) { id status } }',
      vars: async () => ({ id: await runningExperiment() }),
      consumes: true,
      state: async (vars) => (await one('SELECT status FROM experiments WHERE id = $1', [vars.id])).status,
      ran: (data) => expect(data.status).toBe('STOPPED'),
    },
    suggestProduct: {
      type: 'Mutation',
      access: 'key',
      query: 'mutation($input: SuggestProductInput!) { suggestProduct(input: $input) { id userId status } }',
      vars: (caller) => ({ input: { searchId: ownSearch(caller), name: `Teapot ${++serial}` } }),
      state: () => count('SELECT count(*)::int AS n FROM new_product_annotations'),
      ran: (data, caller) => expect(data).toMatchObject({ userId: identity(caller), status: 'PENDING' }),
    },
    updateProduct: {
      type: 'Mutation',
      access: 'admin',
      query: 'mutation($id: ID!, $name: String!) { updateProduct(id: $id, input: { description: $name }) { id } }',
      vars: () => ({ id: fx.productId, name: `described ${++serial}` }),
      state: async (vars) => (await one('SELECT description FROM products WHERE id = $1', [vars.id])).description,
    },

    // ---- Subscriptions (graphql-ws on /graphql; credentials in connection_init)
    catalogChanged: {
      type: 'Subscription',
      access: 'key',
      query: 'subscription { catalogChanged { kind product { id } } }',
      trigger: async () => {
        await asAdmin('mutation($id: ID!) { updateProduct(id: $id, input: { category: "kitchen" }) { id } }', {
          id: fx.productId,
        });
      },
    },
    trainingRunUpdated: {
      type: 'Subscription',
      access: 'admin',
      query: 'subscription($id: ID) { trainingRunUpdated(id: $id) { id status } }',
      vars: () => ({ id: null }),
      trigger: async () => {
        await server.vitrina.services.training.cancel(await queuedRun());
      },
    },
  };

  const codeOf = (res: GraphQLResponse): string | undefined => res.errors?.[0]?.extensions?.code;

  it('has one row per operation of schema.graphql, and none for an operation it lacks', async () => {
    const schema = buildSchema(await fs.readFile(new URL('../../../schema.graphql', import.meta.url), 'utf8'));
    const inSchema = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
      type ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : [],
    );
    const inTable = Object.entries(ROWS).map(([name, row]) => `${row.type}.${name}`);
    expect({
      withoutRow: inSchema.filter((op) => !inTable.includes(op)),
      notInSchema: inTable.filter((op) => !inSchema.includes(op)),
    }).toEqual({ withoutRow: [], notInSchema: [] });

    // Each row calls the operation it is named after.
    for (const [name, row] of Object.entries(ROWS)) {
      const operation = parse(row.query).definitions[0] as OperationDefinitionNode;
      const root = operation.selectionSet.selections[0];
      expect({ name, type: operation.operation, root: root?.kind === 'Field' ? root.name.value : null }).toEqual({
        name,
        type: row.type.toLowerCase(),
        root: name,
      });
    }
  });

  describe('over HTTP', () => {
    for (const [name, row] of Object.entries(ROWS)) {
      if (row.type === 'Subscription') continue;
      it(`${row.type}.${name}: ${ACCESS_WHY[row.access]}`, async () => {
        const mismatches: unknown[] = [];
        let cached: Vars | null = null;
        for (const caller of CALLERS) {
          const expected = intended(row.access, caller);
          const vars: Vars = row.consumes
            ? (cached ??= (await row.vars?.(caller)) ?? {})
            : ((await row.vars?.(caller)) ?? {});
          const before = await row.state?.(vars);
          const res = row.upload
            ? await server.upload(
                row.query,
                vars,
                'image',
                { bytes: await row.upload(), type: 'image/png' },
                auth(caller),
              )
            : await server.gql(row.query, vars, auth(caller));
          const outcome: Outcome | string =
            res.status === 401 && codeOf(res) === 'UNAUTHENTICATED' ? 'REFUSED' : (codeOf(res) ?? 'ok');
          if (outcome !== expected) {
            mismatches.push({ caller, expected, got: outcome, errors: res.errors });
            continue;
          }
          if (expected === 'ok') {
            expect(res.errors, `${name} as ${caller}`).toBeUndefined();
            expect(res.data?.[name], `${name} as ${caller}`).toBeTruthy();
            row.ran?.(res.data![name], caller as KeyCaller, vars);
            await row.after?.(res.data![name]);
            if (row.consumes) cached = null;
          } else {
            expect(res.data?.[name] ?? null, `${name} as ${caller}`).toBeNull();
            if (row.state) expect(await row.state(vars), `${name} as ${caller} changed data`).toEqual(before);
          }
        }
        expect(mismatches).toEqual([]);
      });
    }
  });

  describe('over WebSocket', () => {
    const clients: Client[] = [];
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.dispose()));
    });

    /** The first thing a subscription yields: an event, errors, or the connection closing. */
    function subscribe(caller: Caller, query: string, variables: Vars) {
      const { key, endUser } = auth(caller);
      const client = createClient({
        url: `${server.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: {
          ...(key ? { Authorization: `Bearer ${key}` } : {}),
          ...(endUser ? { 'X-End-User': endUser } : {}),
        },
        retryAttempts: 0,
        lazy: true,
      });
      clients.push(client);
      const state: { settled: boolean; outcome: string; data: unknown } = { settled: false, outcome: '', data: null };
      const settle = (outcome: string, data: unknown = null) => {
        if (state.settled) return;
        Object.assign(state, { settled: true, outcome, data });
      };
      client.subscribe(
        { query, variables },
        {
          next: (value) =>
            value.errors
              ? settle(String(value.errors[0]?.extensions?.code), value.data?.[Object.keys(value.data ?? {})[0]!])
              : settle('ok', value.data),
          // Refused credentials in connection_init close the socket: graphql-ws's 4403 when onConnect
          // says no, or 4401 (Unauthorized) should the server close it itself.
          error: (error) => {
            const code = (error as { code?: number }).code;
            if (Array.isArray(error)) settle(String(error[0]?.extensions?.code));
            else settle(code === 4401 || code === 4403 ? 'REFUSED' : `closed ${code}`);
          },
          complete: () => settle('completed without an event'),
        },
      );
      return state;
    }

    it('revoked while a socket is open (#13): the socket is closed and runs nothing more', async () => {
      const minted = await server.createKey('ADMIN', 'matrix socket');
      remember(minted.key);
      let closedWith: number | undefined;
      const client = createClient({
        url: `${server.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { Authorization: `Bearer ${minted.key}` },
        retryAttempts: 0,
        lazy: false,
        on: { closed: (event) => void (closedWith = (event as { code: number }).code) },
      });
      clients.push(client);
      const run = (query: string) =>
        new Promise<unknown>((resolve) =>
          client.subscribe({ query }, { next: resolve, error: (error) => resolve({ error }), complete: () => {} }),
        );
      expect(await run('{ viewer { role } }')).toEqual({ data: { viewer: { role: 'ADMIN' } } });
      await asAdmin('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: minted.id });
      for (const deadline = Date.now() + 5_000; closedWith === undefined && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(closedWith).toBe(4403);
      expect(await run('mutation { createApiKey(role: ADMIN, name: "matrix escalated") { key } }')).not.toHaveProperty(
        'data',
      );
      expect(await count(`SELECT count(*)::int AS n FROM api_keys WHERE name = 'matrix escalated'`)).toBe(0);
    });

    for (const [name, row] of Object.entries(ROWS)) {
      if (row.type !== 'Subscription') continue;
      it(`${row.type}.${name}: ${ACCESS_WHY[row.access]}`, async () => {
        const vars = (await row.vars?.()) ?? {};
        const subscriptions = CALLERS.map((caller) => ({ caller, state: subscribe(caller, row.query, vars) }));
        // Events until every subscriber has its answer (the server registers subscriptions asynchronously).
        const deadline = Date.now() + 20_000;
        while (subscriptions.some((s) => !s.state.settled) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 150));
          await row.trigger(vars);
        }
        // No socket is held without a key: an anonymous connection_init is refused (#13).
        expect(subscriptions.map((s) => ({ caller: s.caller, outcome: s.state.outcome || 'no answer' }))).toEqual(
          CALLERS.map((caller) => ({
            caller,
            outcome: caller === 'anonymous' ? 'REFUSED' : intended(row.access, caller),
          })),
        );
        for (const { state } of subscriptions) {
          if (state.outcome === 'ok') expect((state.data as Vars)[name]).toBeTruthy();
          else expect(state.data ?? null).toBeNull();
        }
      });
    }
  });

  describe('ownership: searches and their feedback belong to the end user who searched', () => {
    const SEARCH_BY_ID = 'query($id: ID!) { search(id: $id) { id } }';
    const FEEDBACK = 'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }';
    const SUGGEST = 'mutation($input: SuggestProductInput!) { suggestProduct(input: $input) { id } }';
    const COMMENT = 'mutation($id: ID!) { commentOnSearch(searchId: $id, text: "not yours") { id } }';

    /** Whatever `who` tries on `searchId`, it is as if the search did not exist, and nothing is written. */
    async function expectLockedOut(who: Auth, searchId: string): Promise<void> {
      const written = () =>
        Promise.all(
          ['training_examples', 'new_product_annotations', 'search_comments'].map((table) =>
            count(`SELECT count(*)::int AS n FROM ${table} WHERE search_id = $1`, [searchId]),
          ),
        );
      const before = await written();
      const attempts = {
        search: await server.gql(SEARCH_BY_ID, { id: searchId }, who),
        giveFeedback: await server.gql(
          FEEDBACK,
          { input: { searchId, productId: fx.productId, verdict: 'CORRECT_PRODUCT' } },
          who,
        ),
        suggestProduct: await server.gql(SUGGEST, { input: { searchId, name: 'Not yours' } }, who),
        commentOnSearch: await server.gql(COMMENT, { id: searchId }, who),
      };
      for (const [operation, res] of Object.entries(attempts)) {
        // NOT_FOUND rather than FORBIDDEN: another user's search is not confirmed to exist.
        expect({ operation, code: codeOf(res), data: res.data?.[operation] ?? null }).toEqual({
          operation,
          code: 'NOT_FOUND',
          data: null,
        });
      }
      expect(await written()).toEqual(before);
    }

    /** The owner still reaches it (so the refusals above are about ownership, not the search). */
    async function expectOwnerReaches(who: Auth, searchId: string): Promise<void> {
      const res = await server.gql(SEARCH_BY_ID, { id: searchId }, who);
      expect(res.data?.search?.id).toBe(searchId);
    }

    it('between two user keys', async () => {
      await expectLockedOut({ key: keys.user2.key }, fx.searches.user);
      await expectLockedOut({ key: keys.user.key }, fx.searches.user2);
      await expectOwnerReaches({ key: keys.user.key }, fx.searches.user);
      await expectOwnerReaches({ key: keys.user2.key }, fx.searches.user2);
    });

    it('between two end users of one service key, and the key acting for itself', async () => {
      const forUser = (id: string): Auth => ({ key: keys.service.key, endUser: `telegram:${id}` });
      await expectLockedOut(forUser('43'), fx.searches.serviceForUser);
      await expectLockedOut(forUser('42'), fx.searches.telegram43);
      await expectLockedOut({ key: keys.service.key }, fx.searches.serviceForUser);
      await expectLockedOut(forUser('42'), fx.searches.service);
      await expectOwnerReaches(forUser('42'), fx.searches.serviceForUser);
      await expectOwnerReaches(forUser('43'), fx.searches.telegram43);
    });

    it('between two service keys naming the same end user (#13): a key’s end users are its own', async () => {
      const other = await server.createKey('SERVICE', 'matrix other integration');
      remember(other.key);
      const sameName: Auth = { key: other.key, endUser: 'telegram:42' };
      await expectLockedOut(sameName, fx.searches.serviceForUser);
      const own = await searchAs(sameName);
      await expectLockedOut(auth('serviceForUser'), own);
      await expectOwnerReaches(sameName, own);
      // Not the bot's key: naming a Telegram admin makes it no admin.
      await expectLockedOut({ key: other.key, endUser: `telegram:${ADMIN_TELEGRAM_ID}` }, fx.searches.user);
    });

    it('between a user key and a service key’s end users', async () => {
      await expectLockedOut({ key: keys.user.key }, fx.searches.serviceForUser);
      await expectLockedOut({ key: keys.service.key, endUser: 'telegram:42' }, fx.searches.user);
      await expectLockedOut({ key: keys.service.key }, fx.searches.user);
    });

    it('a service key cannot pass itself off as another key by naming its identity as the end user', async () => {
      // Searches made with a key belong to `key:<id>` (the admin env key: `admin:env`); those namespaces
      // name API keys, not end users a service speaks for.
      for (const endUser of [`key:${keys.user.id}`, 'admin:env', `key:${keys.admin.id}`]) {
        const res = await server.gql(SEARCH_BY_ID, { id: fx.searches.user }, { key: keys.service.key, endUser });
        expect({ endUser, status: res.status, code: codeOf(res), data: res.data ?? null }).toEqual({
          endUser,
          status: 400,
          code: 'BAD_USER_INPUT',
          data: null,
        });
      }
    });

    it('no shopper lists another user’s feedback: listing by user is for admins', async () => {
      const list = 'query($userId: String!) { trainingExamples(filter: { userId: $userId }) { totalCount } }';
      for (const who of [{ key: keys.user2.key }, { key: keys.service.key, endUser: 'telegram:42' }]) {
        const res = await server.gql(list, { userId: `key:${keys.user.id}` }, who);
        expect({ code: codeOf(res), data: res.data?.trainingExamples ?? null }).toEqual({
          code: 'FORBIDDEN',
          data: null,
        });
      }
      const asAdminKey = await server.gql(list, { userId: `key:${keys.user.id}` }, { key: keys.admin.key });
      expect(asAdminKey.data?.trainingExamples.totalCount).toBeGreaterThan(0);
    });

    it('admins read any search (SPEC: admins review feedback); a service key is admin only for listed Telegram ids', async () => {
      await expectOwnerReaches({ key: keys.admin.key }, fx.searches.user);
      await expectOwnerReaches(auth('serviceForAdmin'), fx.searches.user);
      for (const endUser of [`slack:${ADMIN_TELEGRAM_ID}`, `telegram:${ADMIN_TELEGRAM_ID}0`]) {
        const viewer = await server.gql('{ viewer { roles } }', {}, { key: keys.service.key, endUser });
        expect({ endUser, roles: viewer.data?.viewer.roles }).toEqual({ endUser, roles: ['SERVICE'] });
        await expectLockedOut({ key: keys.service.key, endUser }, fx.searches.user);
      }
    });
  });

  describe('keys stay secret', () => {
    it('compares ADMIN_API_KEY in constant time, on SHA-256 digests of equal length', async () => {
      const compare = vi.mocked(timingSafeEqual);
      const service = new ApiKeyService(server.vitrina.repositories, 'unit-admin-key-secret');
      compare.mockClear();
      expect(await service.authenticate('unit-admin-key-secret')).toMatchObject({ role: 'admin', keyId: null });
      expect(await service.authenticate('x')).toBeNull();
      expect(await service.authenticate(`${'unit-admin-key-secret'}-but-longer`)).toBeNull();
      // Every presented key goes through the comparison, as two 32-byte digests: no early exit on length.
      expect(compare).toHaveBeenCalledTimes(3);
      for (const [a, b] of compare.mock.calls) expect([a.byteLength, b.byteLength]).toEqual([32, 32]);
      // Stored keys are found by their hash (an index lookup on a digest leaks nothing about the key).
      expect(await service.authenticate(keys.user.key)).toMatchObject({ keyId: keys.user.id, role: 'user' });
    });

    it('never writes a key to the log, valid, revoked or malformed, over HTTP and WebSocket', async () => {
      const unknown = remember(`vtr_${'A'.repeat(43)}`);
      const attempts: Array<Record<string, string>> = [
        { authorization: `Bearer ${keys.user.key}` },
        { authorization: `Bearer ${keys.revoked.key}` },
        { authorization: `Bearer ${unknown}` },
        { authorization: `Basic ${keys.user.key}` },
        { authorization: `Bearer ${keys.admin.key} trailing` },
        { authorization: keys.service.key },
        { authorization: `Bearer ${ADMIN_KEY}`, 'x-end-user': keys.user.key },
        { authorization: `Bearer ${keys.user.key}`, 'x-end-user': 'telegram:42' },
      ];
      for (const headers of attempts) {
        await server.gql('{ viewer { userId } } ', {}, { key: null, headers });
        await server.gql('{ product(id: "missing") { id } }', {}, { key: null, headers });
      }
      for (const authorization of [`Bearer ${keys.revoked.key}`, `Bearer ${unknown}`, `Token ${keys.user.key}`]) {
        const client = createClient({
          url: `${server.url.replace('http', 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { Authorization: authorization },
          retryAttempts: 0,
          lazy: true,
        });
        await new Promise((resolve) =>
          client.subscribe(
            { query: 'subscription { catalogChanged { kind } }' },
            {
              next: resolve,
              error: resolve,
              complete: () => resolve(null),
            },
          ),
        );
        await client.dispose();
      }
      const log = logLines.join('');
      // The logger did write about these requests (so the check below is not vacuous)…
      expect(log).toContain('"statusCode":401');
      expect(logLines.length).toBeGreaterThan(100);
      // …but no key, nor the part of a key that is never shown (after the listed prefix).
      const leaked = [...secrets].filter((key) => log.includes(key) || log.includes(key.slice(10)));
      expect(leaked).toEqual([]);
    });
  });
});
