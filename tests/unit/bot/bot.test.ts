import { describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { createBot } from '../../../src/bot/bot.js';
import { encodeAction } from '../../../src/bot/callback-data.js';
import { TEXT } from '../../../src/bot/errors.js';
import { VitrinaClient } from '../../../src/client/graphql-client.js';
import { createLogger } from '../../../src/api/logger.js';

/**
 * The bot fed hand-written updates: Telegram calls are captured by an API transformer, the
 * vitrina API is a canned `fetch` behind the real VitrinaClient. No network.
 */

const SEARCH = '11111111-2222-4333-8444-555555555555';
const product = (n: number) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  name: `Product ${n}`,
  sku: null,
  category: 'kitchen',
});
const searchResult = {
  id: SEARCH,
  kind: 'IMAGE',
  experimentArm: null,
  modelVersion: { id: SEARCH, name: 'base' },
  results: [1, 2, 3].map((rank) => ({ rank, score: 1 - rank / 10, product: product(rank) })),
};

type Answer = { data?: unknown; errors?: Array<{ message: string; extensions: { code: string } }> } | Error;

function setup(
  answer: (operation: string, variables: Record<string, unknown>) => Answer,
  rateLimit = { capacity: 20, refillPerSecond: 1 },
) {
  const operations: Array<{ name: string; variables: Record<string, unknown>; endUser: string | null }> = [];
  const fakeFetch = (async (_url: string, init: RequestInit) => {
    const body =
      init.body instanceof FormData ? JSON.parse(String(init.body.get('operations'))) : JSON.parse(String(init.body));
    const name = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '?';
    const headers = init.headers as Record<string, string>;
    operations.push({ name, variables: body.variables, endUser: headers['x-end-user'] ?? null });
    const result = answer(name, body.variables);
    if (result instanceof Error) throw result;
    return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;

  const bot = createBot('1:test', {
    config: { apiRoot: 'http://telegram.invalid', adminTelegramIds: ['42'] },
    logger: createLogger('silent'),
    api: (endUser) =>
      new VitrinaClient({ url: 'http://vitrina.invalid/graphql', apiKey: 'k', endUser, retries: 0, fetch: fakeFetch }),
    download: async () => Buffer.from('jpeg'),
    rateLimit,
    botInfo: { id: 1, is_bot: true, first_name: 'vitrina', username: 'vitrina_bot' } as never,
  });
  const sent: Array<{ method: string; payload: Record<string, any> }> = [];
  let messageId = 100;
  bot.api.config.use(async (_prev, method, payload) => {
    sent.push({ method, payload: payload as Record<string, any> });
    const p = payload as Record<string, any>;
    const result =
      method === 'sendMessage'
        ? { message_id: messageId++, date: 0, chat: { id: p.chat_id, type: 'private' }, text: p.text }
        : method === 'getFile'
          ? { file_id: p.file_id, file_unique_id: 'u', file_path: 'photos/1.jpg' }
          : true;
    return { ok: true, result } as never;
  });

  let updateId = 1;
  const user = { id: 7, is_bot: false, first_name: 'Shopper' };
  const chat = { id: 7, type: 'private' as const, first_name: 'Shopper' };
  const text = (t: string): Update => ({
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: 0,
      chat,
      from: user,
      text: t,
      ...(t.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: t.split(' ')[0]!.length }] } : {}),
    },
  });
  /** A tap on a button of the bot's message 50 (shown as it was before any edit). */
  const tap = (data: string): Update => ({
    update_id: updateId++,
    callback_query: {
      id: `cb${updateId}`,
      from: user,
      chat_instance: 'c',
      data,
      message: { message_id: 50, date: 0, chat, text: 'results' },
    },
  });
  const replies = () => sent.filter((s) => s.method === 'sendMessage').map((s) => s.payload.text as string);
  return { bot, sent, operations, text, tap, replies, handle: (u: Update) => bot.handleUpdate(u) };
}

const ok = (data: unknown): Answer => ({ data });
const apiError = (code: string, message = code): Answer => ({ errors: [{ message, extensions: { code } }] });

describe('the bot, fed updates by hand', () => {
  it('acts for the Telegram user and searches by text', async () => {
    const t = setup(() => ok({ searchByText: { ...searchResult, kind: 'TEXT' } }));
    await t.handle(t.text('mug'));
    expect(t.operations).toEqual([
      { name: 'SearchByText', variables: { text: 'mug', limit: 5 }, endUser: 'telegram:7' },
    ]);
    expect(t.replies()[0]).toContain('Products matching “mug”');
  });

  it('gives a flood one "slow down" and lets none of it reach the API', async () => {
    const t = setup(() => ok({ searchByText: searchResult }), { capacity: 2, refillPerSecond: 0.001 });
    for (const word of ['a', 'b', 'c', 'd', 'e']) await t.handle(t.text(word));
    expect(t.operations).toHaveLength(2);
    expect(t.replies().filter((r) => r === TEXT.slowDown)).toHaveLength(1);
    await t.handle(t.tap(encodeAction({ kind: 'comment', searchId: SEARCH })));
    expect(t.sent.at(-1)).toMatchObject({ method: 'answerCallbackQuery', payload: { text: TEXT.slowDown } });
  });

  it('turns failures into friendly messages and keeps handling updates', async () => {
    const answers: Answer[] = [
      new TypeError('fetch failed'),
      apiError('FORBIDDEN', 'Admins only'),
      apiError('BAD_USER_INPUT', 'The image is larger than the 1024-byte limit'),
      apiError('SOMETHING_ODD'),
      ok({ searchByText: searchResult }),
    ];
    const t = setup(() => answers.shift()!);
    await t.handle(t.text('one'));
    await t.handle(t.text('/admin_training_stats'));
    await t.handle(t.text('three'));
    await t.handle(t.text('four'));
    await t.handle(t.text('five'));
    expect(t.replies()).toEqual([
      TEXT.unavailable,
      TEXT.forbidden,
      TEXT.tooLarge,
      TEXT.internal,
      expect.stringContaining('Products matching'),
    ]);
  });

  it('shows every verdict even when taps arrive before the previous edit', async () => {
    const t = setup((name) =>
      name === 'BotSearch'
        ? ok({ search: searchResult })
        : ok({ giveFeedback: { id: 'x', feedbackType: 'CORRECT', product: null } }),
    );
    // Both taps carry the message as it was before either edit.
    await t.handle(t.tap(encodeAction({ kind: 'verdict', searchId: SEARCH, rank: 1, verdict: 'CORRECT' })));
    await t.handle(t.tap(encodeAction({ kind: 'verdict', searchId: SEARCH, rank: 2, verdict: 'INCORRECT' })));
    const feedback = t.operations.filter((o) => o.name === 'BotGiveFeedback').map((o) => o.variables.input);
    expect(feedback).toEqual([
      { searchId: SEARCH, productId: product(1).id, verdict: 'CORRECT' },
      { searchId: SEARCH, productId: product(2).id, verdict: 'INCORRECT' },
    ]);
    const edits = t.sent.filter((s) => s.method === 'editMessageText');
    expect(edits).toHaveLength(2);
    expect(edits[1]!.payload.text).toContain('1. Product 1 · kitchen · score 0.90 — ✅ correct');
    expect(edits[1]!.payload.text).toContain('2. Product 2 · kitchen · score 0.80 — ❌ not it');
    // Each tap was answered before the API was asked.
    const methods = t.sent.map((s) => s.method);
    expect(methods.filter((m) => m === 'answerCallbackQuery')).toHaveLength(2);
    expect(methods[0]).toBe('answerCallbackQuery');
  });

  it('collects a new product (skipping the optional answers) and can be cancelled', async () => {
    const t = setup(() => ok({ suggestProduct: { id: SEARCH, name: 'Lamp', status: 'PENDING' } }));
    await t.handle(t.tap(encodeAction({ kind: 'newProduct', searchId: SEARCH })));
    await t.handle(t.text('/skip'));
    await t.handle(t.text('Lamp'));
    await t.handle(t.text('/skip'));
    await t.handle(t.text('/skip'));
    expect(t.operations).toEqual([
      {
        name: 'BotSuggestProduct',
        variables: { input: { searchId: SEARCH, name: 'Lamp', category: null, comment: null } },
        endUser: 'telegram:7',
      },
    ]);
    expect(t.replies()).toEqual([
      expect.stringContaining('What is it called?'),
      'Nothing to skip here.',
      expect.stringContaining('Which category'),
      expect.stringContaining('Anything an admin should know'),
      "➕ Thanks! “Lamp” waits for an admin's review.",
    ]);

    await t.handle(t.tap(encodeAction({ kind: 'comment', searchId: SEARCH })));
    await t.handle(t.text('/cancel'));
    await t.handle(t.text('/cancel'));
    expect(t.replies().slice(-2)).toEqual(['👌 Cancelled.', 'Nothing to cancel.']);
    expect(t.operations).toHaveLength(1);
  });

  it('answers buttons it cannot read', async () => {
    const t = setup(() => ok({}));
    await t.handle(t.tap('something-old'));
    expect(t.sent).toEqual([
      { method: 'answerCallbackQuery', payload: expect.objectContaining({ text: 'This button no longer works.' }) },
    ]);
  });

  it('starts a 50/50 experiment against the active version, then promotes its candidate', async () => {
    const [base, v2, experimentId] = [product(1).id, product(2).id, product(3).id];
    const arm = (name: string, version: { id: string; name: string }, extra: Record<string, unknown> = {}) => ({
      arm: { name, isControl: name === 'control' },
      modelVersion: version,
      share: 0.5,
      searches: 40,
      judged: 12,
      accuracy: 0.5,
      accuracyLow: 0.254,
      accuracyHigh: 0.746,
      probabilityToBeatControl: null,
      latencyP99Ms: 41.6,
      failures: 0,
      ...extra,
    });
    const report = (status: 'RUNNING' | 'STOPPED') => ({
      experimentReport: {
        experiment: {
          id: experimentId,
          name: 'base vs v2',
          mode: 'SPLIT',
          status,
          promotedVersionId: status === 'STOPPED' ? v2 : null,
        },
        arms: [
          arm('control', { id: base, name: 'base' }),
          arm(
            'candidate',
            { id: v2, name: 'v2' },
            {
              accuracy: 0.75,
              accuracyLow: 0.468,
              accuracyHigh: 0.911,
              probabilityToBeatControl: 0.912,
              failures: 2,
            },
          ),
        ],
        recommendation: 'KEEP_RUNNING',
        reason: 'waiting for 100 judged searches per arm (12% there)',
        recommendedModelVersion: null,
      },
    });
    let status: 'RUNNING' | 'STOPPED' | null = null;
    const t = setup((name) => {
      switch (name) {
        case 'BotExperimentOverview':
          return ok({
            experiments: status ? [{ id: experimentId, status }] : [],
            activeModelVersion: { id: base, name: 'base' },
            modelVersions: [
              { id: v2, name: 'v2', status: 'READY' },
              { id: product(4).id, name: 'v1', status: 'FAILED' },
              { id: base, name: 'base', status: 'ACTIVE' },
            ],
          });
        case 'BotCreateExperiment':
          status = 'RUNNING';
          return ok({ createExperiment: { id: experimentId } });
        case 'BotStopExperiment':
          status = 'STOPPED';
          return ok({ stopExperiment: { id: experimentId, status } });
        case 'BotExperimentReport':
          return ok(report(status!));
        default:
          return apiError('FORBIDDEN');
      }
    });
    const keyboard = (payload: Record<string, any>) =>
      (payload.reply_markup?.inline_keyboard ?? []).flat() as Array<{ text: string; callback_data: string }>;

    await t.handle(t.text('/admin_experiment'));
    const offer = t.sent.at(-1)!.payload;
    expect(offer.text).toContain('No experiment is running');
    expect(keyboard(offer).map((b) => b.text)).toEqual(['Start 50/50 vs v2']);

    await t.handle(t.tap(keyboard(offer)[0]!.callback_data));
    expect(t.operations.map((o) => o.name).slice(1)).toEqual([
      'BotExperimentOverview',
      'BotCreateExperiment',
      'BotExperimentReport',
    ]);
    expect(t.operations[2]!.variables.input).toEqual({
      name: 'base vs v2',
      mode: 'SPLIT',
      arms: [
        { modelVersionId: base, weight: 50 },
        { modelVersionId: v2, weight: 50 },
      ],
    });
    const shown = t.sent.at(-1)!;
    expect(shown.method).toBe('editMessageText');
    expect(shown.payload.text).toBe(
      [
        '🧪 Experiment “base vs v2” · SPLIT · running',
        '◆ control · base — share 50% · searches 40 · judged 12',
        '   top-1 0.500 (95% 0.254–0.746) · p99 42 ms',
        '◇ candidate · v2 — share 50% · searches 40 · judged 12',
        '   top-1 0.750 (95% 0.468–0.911) · P(beat control) 91% · p99 42 ms · 2 failed over',
        '',
        '⏳ Keep running — waiting for 100 judged searches per arm (12% there)',
      ].join('\n'),
    );
    expect(keyboard(shown.payload).map((b) => b.text)).toEqual(['🔄 Refresh', '🏆 Promote v2', '⏹ Stop']);

    // Promote, then the same tap again: one stopExperiment, and the report says how it ended.
    const promote = keyboard(shown.payload)[1]!.callback_data;
    await t.handle(t.tap(promote));
    await t.handle(t.tap(promote));
    const stops = t.operations.filter((o) => o.name === 'BotStopExperiment');
    expect(stops.map((o) => o.variables)).toEqual([{ id: experimentId, promoteModelVersionId: v2 }]);
    const final = t.sent.filter((s) => s.method === 'editMessageText').at(-1)!.payload;
    expect(final.text).toContain('🧪 Experiment “base vs v2” · SPLIT · stopped');
    expect(final.text).toContain('🏆 Promoted v2: it serves every search now.');
    expect(final.reply_markup).toBeUndefined();
  });

  it('refuses /admin_experiment to a non-admin, as the API does', async () => {
    const t = setup(() => apiError('FORBIDDEN', 'Admins only'));
    await t.handle(t.text('/admin_experiment'));
    expect(t.replies()).toEqual([TEXT.forbidden]);
  });
});
