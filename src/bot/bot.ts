import { Bot, type BotError, type Middleware } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Verdict } from './callback-data.js';
import { endUserOf, type ApiFactory, type BotContext } from './context.js';
import { describeError, TEXT } from './errors.js';
import { telegramFiles, type FileDownloader } from './files.js';
import { adminAnnotationsFeature } from './features/admin-annotations.js';
import { adminGalleryFeature } from './features/admin-gallery.js';
import { adminExamplesFeature, type ExamplesView } from './features/admin-examples.js';
import { adminExperimentFeature } from './features/admin-experiment.js';
import { adminModelsFeature } from './features/admin-models.js';
import { adminTrainingFeature } from './features/admin-training.js';
import { dialogsFeature } from './features/dialogs.js';
import { feedbackFeature } from './features/feedback.js';
import { searchFeature } from './features/search.js';
import { startFeature } from './features/start.js';
import { unhandledFeature } from './features/unhandled.js';
import { BoundedMap, DialogStore, RateLimiter } from './state.js';

export type BotDeps = {
  config: Pick<Config['bot'], 'apiRoot' | 'adminTelegramIds'>;
  logger: Logger;
  /** The vitrina API acting for an end user. */
  api: ApiFactory;
  /** Default: download from the Bot API's file endpoint. */
  download?: FileDownloader;
  /** Per-user token bucket (default: 20 updates at once, then one per second). */
  rateLimit?: { capacity: number; refillPerSecond: number };
  /** How often a training run's message is refreshed (default 1.5 s). */
  trainingPollMs?: number;
  /** Skips `getMe` at start (tests that feed updates by hand). */
  botInfo?: UserFromGetMe;
};

/**
 * The Telegram bot: a pure GraphQL client of vitrina. Every update gets a logger that carries
 * its id and an API client acting as `telegram:<user id>`; features sit inside one error
 * boundary that logs and answers with a friendly message, so one bad update never stops the bot.
 */
export function createBot(token: string, deps: BotDeps): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, { client: { apiRoot: deps.config.apiRoot }, botInfo: deps.botInfo });
  const dialogs = new DialogStore();
  const limiter = new RateLimiter(deps.rateLimit?.capacity ?? 20, deps.rateLimit?.refillPerSecond ?? 1);

  bot.use(perUpdate(deps));
  bot.use(rateLimited(limiter));

  const features = bot.errorBoundary(replyWithError);
  features.use(
    startFeature({ adminIds: new Set(deps.config.adminTelegramIds) }),
    dialogsFeature({ dialogs }),
    feedbackFeature({ verdicts: new BoundedMap<string, Map<number, Verdict>>(5_000) }),
    adminTrainingFeature({ api: bot.api, pollMs: deps.trainingPollMs ?? 1_500 }),
    adminExamplesFeature({ views: new BoundedMap<string, ExamplesView>(1_000) }),
    adminAnnotationsFeature(),
    adminGalleryFeature(),
    adminModelsFeature(),
    adminExperimentFeature(),
    searchFeature({ dialogs, download: deps.download ?? telegramFiles(deps.config.apiRoot, token) }),
    unhandledFeature(),
  );

  // Only errors outside the boundary land here (logging, rate limiting): log them, carry on.
  bot.catch((error) => {
    deps.logger.error({ err: error.error, updateId: error.ctx.update.update_id }, 'update failed outside the features');
  });
  return bot;
}

function perUpdate(deps: BotDeps): Middleware<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    ctx.log = deps.logger.child({ updateId: ctx.update.update_id, ...(from ? { telegramUserId: from.id } : {}) });
    const kind = Object.keys(ctx.update).find((key) => key !== 'update_id');
    if (!from) {
      ctx.log.debug({ update: kind }, 'update without a sender ignored');
      return;
    }
    ctx.vitrina = deps.api(endUserOf(from.id));
    const started = performance.now();
    try {
      await next();
    } finally {
      ctx.log.info({ update: kind, ms: Math.round(performance.now() - started) }, 'update handled');
    }
  };
}

function rateLimited(limiter: RateLimiter): Middleware<BotContext> {
  return async (ctx, next) => {
    const { allowed, warn } = limiter.take(ctx.from!.id);
    if (allowed) return next();
    ctx.log.info('rate limited');
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: TEXT.slowDown }).catch(() => {});
    else if (warn && ctx.chat) await ctx.reply(TEXT.slowDown).catch(() => {});
  };
}

async function replyWithError(error: BotError<BotContext>): Promise<void> {
  const { ctx } = error;
  const { text, expected } = describeError(error.error);
  if (expected) ctx.log.warn({ err: error.error }, 'update refused or failed');
  else ctx.log.error({ err: error.error }, 'update failed');
  if (!ctx.chat) return;
  await ctx.reply(text).catch((replyError: unknown) => ctx.log.warn({ err: replyError }, 'could not tell the user'));
}
