import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS, SHOPPER_VIEW, STUDIO_VIEWS, type View } from '../../src/demo/drawings.js';
import { decodeAction } from '../../src/bot/callback-data.js';
import { renderDemoImage } from '../../src/demo/demo-catalog.js';
import { FakeTelegram, findButton, telegramUser, type TgMessage } from '../helpers/fake-telegram.js';
import { ROOT, spawnServer, type ServerProcess } from '../helpers/process.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freePort } from '../helpers/net.js';

/**
 * The real bot (`node src/main.ts bot`, a child process) against the real API and a fake
 * Telegram at the network boundary: what shoppers and admins see, and what reaches the API.
 */

const ADMIN_ID = 42;
const CATALOG = DEMO_PRODUCTS.slice(0, 4);
/** A product the catalog lacks: a shopper suggests it. */
const MISSING = DEMO_PRODUCTS[5]!;
const EXAMPLES = `query($filter: TrainingExampleFilter) {
  trainingExamples(filter: $filter, first: 100) { totalCount nodes { id feedbackType qualityRating product { id name } } }
}`;

type BotProcess = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function spawnBot(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'bot'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function stopProcess(child: ChildProcess | undefined, exited: Promise<unknown> | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await exited;
}

const shopperPhoto = (item = CATALOG[0]!, view: View = SHOPPER_VIEW) => renderDemoImage(item, view, 'jpeg');
const callbackData = (message: TgMessage) =>
  (message.reply_markup?.inline_keyboard.flat() ?? []).map((b) => b.callback_data ?? '');
const labels = (message: TgMessage) => (message.reply_markup?.inline_keyboard.flat() ?? []).map((b) => b.text);

/**
 * The outage part runs its API as a child process (on a fixed port, so that the restarted API
 * is where the bot looks for it; the demo catalog serves). It boots while the first part runs.
 */
const OUTAGE_ADMIN_KEY = 'bot-e2e-admin-key-0123456789';
const outage = {} as { dataDir: string; env: Record<string, string>; api: ServerProcess };

beforeAll(async () => {
  outage.dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-bot-e2e-'));
  outage.env = {
    DATA_DIR: outage.dataDir,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    ADMIN_API_KEY: OUTAGE_ADMIN_KEY,
  };
  outage.api = spawnServer(outage.env);
});

afterAll(async () => {
  await stopProcess(outage.api?.child, outage.api?.exited);
  if (outage.dataDir) await fs.rm(outage.dataDir, { recursive: true, force: true });
});

describe('the Telegram bot', () => {
  let server: TestServer;
  let tg: FakeTelegram;
  let bot: BotProcess;
  /** The bot's key: its end users are stored as `key:<id>/telegram:<id>`. */
  let botKeyId: string;
  const admin = telegramUser(ADMIN_ID, 'Admin');

  beforeAll(async () => {
    [server, tg] = await Promise.all([startTestServer({ ADMIN_TELEGRAM_IDS: String(ADMIN_ID) }), FakeTelegram.start()]);
    const service = await server.createKey('SERVICE', 'telegram-bot', { actsForTelegramAdmins: true });
    botKeyId = service.id;
    bot = spawnBot({
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      VITRINA_API_URL: `${server.url}/graphql`,
      VITRINA_API_KEY: service.key,
      ADMIN_TELEGRAM_IDS: String(ADMIN_ID),
    });
    for (const item of CATALOG) {
      const res = await server.gql('mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
        input: { name: item.name, category: item.category, description: item.description, sku: item.sku },
      });
      const id = res.data!.createProduct.id as string;
      for (const view of STUDIO_VIEWS) {
        const added = await server.upload(
          'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
          { id },
          'image',
          { bytes: await renderDemoImage(item, view) },
        );
        expect(added.errors).toBeUndefined();
      }
    }
    await server.vitrina.worker!.drain();
    await tg.waitFor((c) => c.method === 'getUpdates', { what: 'the bot to poll', timeoutMs: 30_000 });
  });

  afterAll(async () => {
    await stopProcess(bot?.child, bot?.exited);
    await tg?.stop();
    await server?.stop();
  });

  const examplesOf = async (userId: string) => {
    const res = await server.gql(EXAMPLES, { filter: { userId } });
    expect(res.errors).toBeUndefined();
    return res.data!.trainingExamples as {
      totalCount: number;
      nodes: Array<{
        id: string;
        feedbackType: string;
        qualityRating: number | null;
        product: { name: string } | null;
      }>;
    };
  };

  /** Sends a photo and returns the results message. */
  async function search(user: ReturnType<typeof telegramUser>, photo: Buffer): Promise<TgMessage> {
    const since = tg.mark();
    tg.sendPhoto(user, photo);
    return tg.nextMessage(
      user.id,
      since,
      (text) => text.includes('Closest products') || text.includes('Nothing in the catalog'),
    );
  }

  /** Every update before this one has been handled: the bot handles a user's updates in order. */
  async function settled(user: ReturnType<typeof telegramUser>): Promise<void> {
    const since = tg.mark();
    tg.sendText(user, '/help');
    await tg.nextMessage(user.id, since, (text) => text.includes('Under the results'));
  }

  it('greets, and shows the admin commands only to admins', async () => {
    const shopper = telegramUser(7000);
    let since = tg.mark();
    tg.sendText(shopper, '/start');
    const hello = await tg.nextMessage(shopper.id, since);
    expect(hello.text).toContain('Send me a photo');
    expect(hello.text).not.toContain('/admin_');
    since = tg.mark();
    tg.sendText(admin, '/help');
    const help = await tg.nextMessage(admin.id, since);
    expect(help.text).toContain('/admin_start_training');
    expect(help.text).toContain('/admin_experiment');
    const commands = tg.calls.filter((c) => c.method === 'setMyCommands');
    expect(commands.some((c) => c.payload.scope?.chat_id === ADMIN_ID)).toBe(true);
  });

  it('answers a photo with one message of results and buttons; a verdict is recorded once, however often it is tapped', async () => {
    const shopper = telegramUser(7001);
    const results = await search(shopper, await shopperPhoto());
    expect(results.text).toMatch(/^1\. Red ceramic mug · kitchen · score \d\.\d\d$/m);
    expect(labels(results)).toEqual([
      ...CATALOG.flatMap((_, i) => [`✅ ${i + 1}`, `❌ ${i + 1}`]),
      '🎯 Right product',
      '➕ New product',
      '📝 Comment',
    ]);
    for (const data of callbackData(results)) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);

    let since = tg.mark();
    const tap = tg.pressButton(shopper, results, '✅ 1');
    await tg.waitFor((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === tap, { since });
    await tg.nextEdit(
      results,
      since,
      (text) => text.includes('Red ceramic mug · kitchen') && text.includes('✅ correct'),
    );
    expect(labels(tg.message(shopper.id, results.message_id))).toContain('● ✅ 1');
    let examples = await examplesOf('telegram:7001');
    expect(examples.totalCount).toBe(1);
    expect(examples.nodes[0]).toMatchObject({ feedbackType: 'CORRECT', product: { name: 'Red ceramic mug' } });

    // The same tap again: answered, nothing new stored, the message stays as it is.
    const before = tg.message(shopper.id, results.message_id);
    since = tg.mark();
    const again = tg.pressButton(shopper, results, '✅ 1');
    await settled(shopper);
    expect(
      tg.calls.slice(since).some((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === again),
    ).toBe(true);
    expect(tg.message(shopper.id, results.message_id)).toEqual(before);
    expect((await examplesOf('telegram:7001')).totalCount).toBe(1);

    // Another result judged wrong: both verdicts show.
    since = tg.mark();
    tg.pressButton(shopper, results, '❌ 2');
    await tg.nextEdit(results, since, (text) => text.includes('❌ not it'));
    const judged = tg.message(shopper.id, results.message_id);
    expect(labels(judged)).toEqual(expect.arrayContaining(['● ✅ 1', '● ❌ 2', '✅ 2', '❌ 1']));
    examples = await examplesOf('telegram:7001');
    expect(examples.nodes.map((e) => e.feedbackType).sort()).toEqual(['CORRECT', 'INCORRECT']);
  });

  it('points at the right product: a text search, then a pick from the list', async () => {
    const shopper = telegramUser(7003);
    const results = await search(shopper, await shopperPhoto(CATALOG[1]));
    let since = tg.mark();
    tg.pressButton(shopper, results, '🎯 Right product');
    await tg.nextMessage(shopper.id, since, (text) => text.includes('Type its name'));
    since = tg.mark();
    tg.sendText(shopper, 'enamel mug');
    const choices = await tg.nextMessage(shopper.id, since, (text) => text.includes('Which one is it?'));
    since = tg.mark();
    tg.pressButton(shopper, choices, 'Blue enamel mug');
    await tg.nextEdit(choices, since, (text) => text.includes('Recorded: Blue enamel mug'));
    const examples = await examplesOf('telegram:7003');
    expect(examples.nodes).toEqual([
      expect.objectContaining({
        feedbackType: 'CORRECT_PRODUCT',
        product: expect.objectContaining({ name: 'Blue enamel mug' }),
      }),
    ]);
  });

  it("shows an admin a shopper's confirmed photo itself, and accepts it as a view of its product", async () => {
    let since = tg.mark();
    tg.sendText(admin, '/admin_gallery');
    const { message: view, bytes } = await tg.nextPhoto(admin.id, since, (caption) =>
      caption.includes("Shopper's photo for Blue enamel mug"),
    );
    // The bot uploads the photo: Telegram could not fetch its URL, which needs an admin's key.
    expect(bytes.equals(await shopperPhoto(CATALOG[1]))).toBe(true);
    expect(view.caption).toContain('pointed at');
    expect(view.caption).not.toContain('/images/');
    expect(labels(view)).toEqual(['✅ Accept', '✖️ Reject']);
    since = tg.mark();
    tg.pressButton(admin, view, '✅ Accept');
    const edit = await tg.nextEdit(view, since, (text) => text.includes('✅ Accepted'));
    expect(edit.method).toBe('editMessageCaption');
    const shown = tg.message(admin.id, view.message_id);
    expect(shown.photo).toHaveLength(1);
    expect(shown.caption).toContain("Shopper's photo for Blue enamel mug");
    expect(shown.reply_markup).toBeUndefined();
    const accepted = await server.gql(
      '{ galleryViews(status: ACCEPTED) { nodes { userId decidedBy product { name } } } }',
    );
    expect(accepted.data!.galleryViews.nodes).toEqual([
      { userId: `key:${botKeyId}/telegram:7003`, decidedBy: 'admin', product: { name: 'Blue enamel mug' } },
    ]);
  });

  it('shows a gallery photo it cannot fetch as text with its URL, and the review still works', async () => {
    const shopper = telegramUser(7006);
    const results = await search(shopper, await shopperPhoto(CATALOG[2], { ...SHOPPER_VIEW, angle: 12 }));
    let since = tg.mark();
    tg.pressButton(shopper, results, '✅ 1');
    await tg.nextEdit(results, since, (text) => text.includes('✅ correct'));
    const pending = await server.gql('{ galleryViews(status: PENDING) { nodes { id userId imageUrl } } }');
    const confirmed = (
      pending.data!.galleryViews.nodes as Array<{ id: string; userId: string; imageUrl: string }>
    ).find((v) => v.userId === `key:${botKeyId}/telegram:7006`);
    assert(confirmed, 'the confirmation made a pending gallery view');
    // The photo's file is gone from the image store by the time an admin looks.
    const sha256 = confirmed.imageUrl.replace('/images/', '');
    await fs.rm(server.vitrina.services.images.pathOf(sha256, 'jpeg'));

    since = tg.mark();
    tg.sendText(admin, '/admin_gallery');
    const view = await tg.nextMessage(admin.id, since, (text) => text.includes(`Photo: ${confirmed.imageUrl}`));
    expect(view.text).toContain('marked correct');
    expect(labels(view)).toEqual(['✅ Accept', '✖️ Reject']);
    // The bot's log reaches the test through a pipe, a little after the message.
    await expect
      .poll(() => bot.output())
      .toMatch(/"galleryViewId":"[^"]+".*"msg":"review photo not fetched: sent as a link"/);
    since = tg.mark();
    tg.pressButton(admin, view, '✖️ Reject');
    const edit = await tg.nextEdit(view, since, (text) => text.includes('✖️ Rejected'));
    expect(edit.method).toBe('editMessageText');
    const rejected = await server.gql('{ galleryViews(status: REJECTED) { nodes { id decidedBy } } }');
    expect(rejected.data!.galleryViews.nodes).toContainEqual({ id: confirmed.id, decidedBy: 'admin' });
  });

  it('suggests a new product in a short dialog, and an admin approves it', async () => {
    const shopper = telegramUser(7002);
    // /cancel ends a dialog: the next text is a text search again, not a comment.
    const first = await search(shopper, await shopperPhoto(MISSING));
    let since = tg.mark();
    tg.pressButton(shopper, first, '📝 Comment');
    await tg.nextMessage(shopper.id, since, (text) => text.includes('Write your comment'));
    since = tg.mark();
    tg.sendText(shopper, '/cancel');
    await tg.nextMessage(shopper.id, since, (text) => text.includes('Cancelled'));
    since = tg.mark();
    tg.sendText(shopper, 'teapot');
    const textSearch = await tg.nextMessage(shopper.id, since);
    expect(textSearch.text).toMatch(/Products matching|No product matches/);

    since = tg.mark();
    tg.pressButton(shopper, first, '➕ New product');
    await tg.nextMessage(shopper.id, since, (text) => text.includes('What is it called?'));
    since = tg.mark();
    tg.sendText(shopper, MISSING.name);
    await tg.nextMessage(shopper.id, since, (text) => text.includes('Which category'));
    since = tg.mark();
    tg.sendText(shopper, MISSING.category);
    await tg.nextMessage(shopper.id, since, (text) => text.includes('Anything an admin should know'));
    since = tg.mark();
    tg.sendText(shopper, 'Brass, 40 cm');
    await tg.nextMessage(shopper.id, since, (text) => text.includes(`“${MISSING.name}” waits for an admin's review`));

    since = tg.mark();
    tg.sendText(admin, '/admin_new_products');
    // The shopper's photo itself, uploaded by the bot, with the suggestion under it.
    const { message: suggestion, bytes } = await tg.nextPhoto(admin.id, since, (caption) =>
      caption.includes(`Suggested product: ${MISSING.name}`),
    );
    expect(bytes.equals(await shopperPhoto(MISSING))).toBe(true);
    expect(suggestion.caption).toContain('Comment: Brass, 40 cm');
    since = tg.mark();
    tg.pressButton(admin, suggestion, '✅ Approve');
    const approval = await tg.nextEdit(suggestion, since, (text) => text.includes('✅ Approved'));
    expect(approval.method).toBe('editMessageCaption');
    const approved = await server.gql(
      '{ newProductAnnotations(status: APPROVED) { nodes { name category status userId product { id name category } } } }',
    );
    expect(approved.data!.newProductAnnotations.nodes).toEqual([
      {
        name: MISSING.name,
        category: MISSING.category,
        status: 'APPROVED',
        // Read with another admin key: the end user is shown with the key it belongs to.
        userId: `key:${botKeyId}/telegram:7002`,
        product: { id: expect.any(String), name: MISSING.name, category: MISSING.category },
      },
    ]);
    const products = await server.gql('query($name: String) { products(name: $name) { totalCount } }', {
      name: MISSING.name,
    });
    expect(products.data!.products.totalCount).toBe(1);
  });

  it('refuses admin commands to a shopper; an admin trains and watches the run to its metrics', async () => {
    const shopper = telegramUser(7004);
    let since = tg.mark();
    tg.sendText(shopper, '/admin_start_training');
    const refused = await tg.nextMessage(shopper.id, since);
    expect(refused.text).toContain('only admins');
    expect((await server.gql('{ trainingRuns { id } }')).data!.trainingRuns).toEqual([]);

    // Feedback enough to train (20 searches with a verdict), given through the API the way the
    // bot gives it, for other users.
    const service = await server.createKey('SERVICE', 'feedback script');
    const judge = async (item: (typeof CATALOG)[number], i: number) => {
      const auth = { key: service.key, endUser: `telegram:${5000 + i}` };
      for (const angle of [-40, -25, 10, 25, 40]) {
        const photo = await shopperPhoto(item, { ...SHOPPER_VIEW, angle, dx: angle / 4 });
        const res = await server.upload(
          'mutation($image: Upload!) { searchByImage(image: $image, limit: 3) { id results { product { id name } } } }',
          {},
          'image',
          { bytes: photo, type: 'image/jpeg' },
          auth,
        );
        expect(res.errors).toBeUndefined();
        const found = res.data!.searchByImage;
        const right = found.results.find((r: { product: { name: string } }) => r.product.name === item.name);
        const wrong = found.results.find((r: { product: { name: string } }) => r.product.name !== item.name);
        for (const [result, verdict] of [
          [right, 'CORRECT'],
          [wrong, 'INCORRECT'],
        ] as const) {
          if (!result) continue;
          const given = await server.gql(
            'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }',
            { input: { searchId: found.id, productId: result.product.id, verdict } },
            auth,
          );
          expect(given.errors).toBeUndefined();
        }
      }
    };
    await Promise.all(CATALOG.map(judge));

    since = tg.mark();
    tg.sendText(admin, '/admin_training_stats');
    const stats = await tg.nextMessage(admin.id, since);
    expect(stats.text).toContain('📊 Training data');
    expect(stats.text).toContain('🟢');

    since = tg.mark();
    tg.sendText(admin, '/admin_start_training 2');
    const progress = await tg.nextMessage(admin.id, since, (text) => text.includes('🏋️ Training run'));
    expect(labels(progress)).toEqual(['⏹ Cancel training']);
    const final = await tg.waitFor(
      (c) =>
        c.method === 'editMessageText' &&
        c.payload.message_id === progress.message_id &&
        /finished|failed/.test(c.payload.text),
      { since, timeoutMs: 45_000, what: 'the run to end' },
    );
    expect(final.payload.text).toContain('finished');
    expect(final.payload.text).toMatch(/top-1 +\d\.\d{3} → \d\.\d{3}/);
    expect(final.payload.text).toMatch(/recall@5 +\d\.\d{3} → \d\.\d{3}/);
    expect(final.payload.text).toMatch(/MRR +\d\.\d{3} → \d\.\d{3}/);
    expect(tg.message(admin.id, progress.message_id).reply_markup).toBeUndefined();
    const edits = tg.calls.filter(
      (c) => c.method === 'editMessageText' && c.payload.message_id === progress.message_id,
    );
    expect(edits.length).toBeGreaterThanOrEqual(1);
    const runs = (await server.gql('{ trainingRuns { status } }')).data!.trainingRuns;
    expect(runs).toEqual([{ status: 'SUCCEEDED' }]);
  }, 90_000);

  it('lets an admin page through examples and rate them', async () => {
    let since = tg.mark();
    tg.sendText(admin, '/admin_view_examples');
    const view = await tg.nextMessage(admin.id, since, (text) => text.includes('🗂 Example 1 of'));
    expect(labels(view)).toEqual(['1★', '2★', '3★', '4★', '5★', 'Next ▶']);
    since = tg.mark();
    tg.pressButton(admin, view, '4★');
    await tg.nextEdit(view, since, (text) => text.includes('Quality: 4★'));
    expect(labels(tg.message(admin.id, view.message_id))).toContain('● 4★');
    const rated = await server.gql('{ trainingExamples(first: 1) { nodes { qualityRating } } }');
    expect(rated.data!.trainingExamples.nodes[0].qualityRating).toBe(4);
    since = tg.mark();
    tg.pressButton(admin, view, 'Next ▶');
    await tg.nextEdit(view, since, (text) => text.includes('🗂 Example 2 of'));
    expect(labels(tg.message(admin.id, view.message_id))).toContain('◀ Previous');
  });

  it('lets an admin activate the trained version and roll back', async () => {
    let since = tg.mark();
    tg.sendText(admin, '/admin_models');
    const models = await tg.nextMessage(admin.id, since, (text) => text.includes('🧠 Model versions'));
    const activate = findButton(models, /^▶ Activate /);
    const name = activate.text.replace('▶ Activate ', '');
    since = tg.mark();
    tg.press(admin, models, activate.callback_data!);
    const outcome = await tg.waitFor(
      (c) =>
        (c.method === 'editMessageText' && c.payload.message_id === models.message_id) ||
        (c.method === 'sendMessage' && c.payload.chat_id === ADMIN_ID && String(c.payload.text).includes('did worse')),
      { since, what: 'the activation' },
    );
    // The message that shows the list now.
    let list = models;
    if (outcome.method === 'sendMessage') {
      // A version worse than its parent on the held-out searches needs a deliberate second tap.
      since = tg.mark();
      list = tg.message(ADMIN_ID, outcome.result.message_id);
      tg.pressButton(admin, list, 'Activate anyway');
      await tg.nextEdit(list, since, (text) => text.includes(`▶ ${name} — ACTIVE`));
    } else {
      expect(outcome.payload.text).toContain(`▶ ${name} — ACTIVE`);
    }
    expect((await server.gql('{ activeModelVersion { name } }')).data!.activeModelVersion.name).toBe(name);

    since = tg.mark();
    tg.pressButton(admin, list, '↩️ Roll back');
    await tg.nextEdit(list, since, (text) => !text.includes(`▶ ${name} — ACTIVE`));
    expect((await server.gql('{ activeModelVersion { name } }')).data!.activeModelVersion.name).not.toBe(name);
  });

  it('runs a 50/50 experiment of the trained version for an admin, and promotes it; refuses a shopper', async () => {
    const shopper = telegramUser(7005);
    let since = tg.mark();
    tg.sendText(shopper, '/admin_experiment');
    expect((await tg.nextMessage(shopper.id, since)).text).toContain('only admins');

    const control = (await server.gql('{ activeModelVersion { name } }')).data!.activeModelVersion.name as string;
    since = tg.mark();
    tg.sendText(admin, '/admin_experiment');
    const message = await tg.nextMessage(admin.id, since, (text) => text.includes('No experiment is running'));
    const start = findButton(message, /^Start 50\/50 vs /);
    const candidate = start.text.replace('Start 50/50 vs ', '');
    since = tg.mark();
    tg.press(admin, message, start.callback_data!);
    await tg.nextEdit(message, since, (text) => text.includes('🧪 Experiment'));
    let report = tg.message(admin.id, message.message_id);
    expect(report.text).toContain(`◆ control · ${control} — share 50% · searches 0 · judged 0`);
    expect(report.text).toContain(`◇ candidate · ${candidate} — share 50% · searches 0 · judged 0`);
    expect(labels(report)).toEqual(['🔄 Refresh', `🏆 Promote ${candidate}`, '⏹ Stop']);
    for (const data of callbackData(report)) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);

    // The shopper's next search is served by one of the arms, and says which.
    const results = await search(shopper, await shopperPhoto());
    const button = decodeAction(callbackData(results)[0]!);
    assert(button?.kind === 'verdict');
    const served = await server.gql('query($id: ID!) { search(id: $id) { experimentArm modelVersion { name } } }', {
      id: button.searchId,
    });
    const { experimentArm: arm, modelVersion } = served.data!.search;
    expect([arm, modelVersion.name]).toEqual(arm === 'control' ? ['control', control] : ['candidate', candidate]);

    since = tg.mark();
    tg.pressButton(admin, report, '🔄 Refresh');
    await tg.nextEdit(report, since, (text) => text.includes('searches 1'));
    report = tg.message(admin.id, report.message_id);
    expect(report.text).toMatch(new RegExp(`${arm} · .* — share 50% · searches 1 · judged 0`));

    since = tg.mark();
    tg.pressButton(admin, report, `🏆 Promote ${candidate}`);
    await tg.nextEdit(report, since, (text) => text.includes(`🏆 Promoted ${candidate}`));
    expect(tg.message(admin.id, report.message_id).reply_markup).toBeUndefined();
    expect((await server.gql('{ activeModelVersion { name } }')).data!.activeModelVersion.name).toBe(candidate);
    expect((await server.gql('{ experiments { status } }')).data!.experiments).toEqual([{ status: 'STOPPED' }]);
  });
});

describe('the Telegram bot while the API restarts', () => {
  let tg: FakeTelegram;
  let bot: BotProcess | undefined;

  beforeAll(async () => {
    tg = await FakeTelegram.start();
    const url = await outage.api.ready;
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${OUTAGE_ADMIN_KEY}` },
      body: JSON.stringify({
        query: 'mutation { createApiKey(role: SERVICE, name: "bot", actsForTelegramAdmins: true) { key } }',
      }),
    });
    const key = ((await res.json()) as { data: { createApiKey: { key: string } } }).data.createApiKey.key;
    bot = spawnBot({
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      VITRINA_API_URL: `${url}/graphql`,
      VITRINA_API_KEY: key,
    });
    await tg.waitFor((c) => c.method === 'getUpdates', { what: 'the bot to poll', timeoutMs: 30_000 });
  }, 90_000);

  afterAll(async () => {
    await stopProcess(bot?.child, bot?.exited);
    await tg?.stop();
  });

  it('tells the user vitrina is unavailable while it is down, and answers again once it is back', async () => {
    const shopper = telegramUser(8001);
    const photo = await shopperPhoto();
    const isResults = (text: string) => text.includes('Closest products');

    let since = tg.mark();
    tg.sendPhoto(shopper, photo);
    expect((await tg.nextMessage(shopper.id, since, isResults)).text).toContain('Red ceramic mug');

    outage.api.child.kill('SIGTERM');
    expect(await outage.api.exited).toBe(0);
    since = tg.mark();
    tg.sendPhoto(shopper, photo);
    const down = await tg.nextMessage(shopper.id, since);
    expect(down.text).toBe('😴 vitrina is unavailable, try again in a moment.');

    outage.api = spawnServer(outage.env);
    await outage.api.ready;
    since = tg.mark();
    tg.sendPhoto(shopper, photo, { asDocument: true });
    expect((await tg.nextMessage(shopper.id, since, isResults)).text).toContain('Red ceramic mug');
    expect(bot!.child.exitCode).toBeNull();
    expect(bot!.output()).toMatch(/"updateId":\d+.*"msg":"update refused or failed"/);
  }, 60_000);
});

describe('the Telegram bot behind a webhook (#13)', () => {
  let tg: FakeTelegram;
  let bot: BotProcess | undefined;
  afterAll(async () => {
    await stopProcess(bot?.child, bot?.exited);
    await tg?.stop();
  });

  /** An update as Telegram posts it: `/start` from the admin. */
  const update = (id: number) => ({
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: ADMIN_ID, type: 'private' },
      from: telegramUser(ADMIN_ID, 'Admin'),
      text: '/start',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  });

  it('will not start without TELEGRAM_WEBHOOK_SECRET', async () => {
    const started = spawnBot({
      TELEGRAM_BOT_TOKEN: '123:abc',
      VITRINA_API_KEY: 'vtr_any',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram',
    });
    expect(await started.exited).toBe(78);
    expect(started.output()).toContain('TELEGRAM_WEBHOOK_SECRET');
  });

  it('refuses an update without the secret (a forged admin) and handles Telegram’s', async () => {
    tg = await FakeTelegram.start();
    const port = await freePort();
    const secret = 'webhook-secret-0123456789';
    bot = spawnBot({
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      VITRINA_API_URL: 'http://127.0.0.1:9/graphql',
      VITRINA_API_KEY: 'vtr_unused-by-start',
      ADMIN_TELEGRAM_IDS: String(ADMIN_ID),
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`,
      TELEGRAM_WEBHOOK_PORT: String(port),
      TELEGRAM_WEBHOOK_SECRET: secret,
    });
    await tg.waitFor((c) => c.method === 'setWebhook', { what: 'setWebhook' });
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${port}/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const since = tg.mark();
    for (const headers of [{}, { 'x-telegram-bot-api-secret-token': 'guessed' }] as Record<string, string>[]) {
      expect((await post(update(1), headers)).status).toBe(401);
    }
    const answered = await post(update(2), { 'x-telegram-bot-api-secret-token': secret });
    expect(answered.status).toBe(200);
    // Only the update with the secret got an answer.
    const greeting = await tg.nextMessage(ADMIN_ID, since);
    expect(greeting.text).toBeTruthy();
    expect(tg.calls.slice(since).filter((c) => c.method === 'sendMessage')).toHaveLength(1);
  });
});
