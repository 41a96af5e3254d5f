import http from 'node:http';
import { webhookCallback, type Bot } from 'grammy';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { graphqlEndpoint, VitrinaClient } from '../client/graphql-client.js';
import { createBot } from './bot.js';
import type { BotContext } from './context.js';
import { ADMIN_COMMANDS, USER_COMMANDS } from './features/start.js';

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/**
 * `npm run bot`: long polling by default, or a webhook server when TELEGRAM_WEBHOOK_URL is set.
 * Runs until SIGTERM / SIGINT.
 */
export async function runBot(config: Config, logger: Logger): Promise<void> {
  const { token, apiKey, apiUrl } = config.bot;
  const missing = [
    ...(token ? [] : ['TELEGRAM_BOT_TOKEN: the token from @BotFather']),
    ...(apiKey ? [] : ['VITRINA_API_KEY: a SERVICE key of the vitrina API']),
  ];
  if (!token || !apiKey) {
    process.stderr.write(`vitrina: the bot needs ${missing.join('; ')}\n`);
    process.exit(78); // EX_CONFIG
  }
  const log = logger.child({ component: 'bot' });
  const bot = createBot(token, {
    config: config.bot,
    logger: log,
    // The network is retried for about 3 s, so a restarting API costs a short wait, not an error.
    api: (endUser) => new VitrinaClient({ url: apiUrl, apiKey, endUser, retries: 4 }),
  });

  let stop: () => Promise<void>;
  if (config.bot.webhookUrl) {
    stop = await serveWebhook(bot, config.bot, log);
    void publishCommands(bot, config.bot.adminTelegramIds, log);
  } else {
    const polling = bot.start({
      allowed_updates: ALLOWED_UPDATES,
      onStart: (me) => {
        log.info(
          {
            username: me.username,
            api: graphqlEndpoint(apiUrl),
            admins: config.bot.adminTelegramIds.length,
            node: process.version,
          },
          'bot is polling',
        );
        void publishCommands(bot, config.bot.adminTelegramIds, log);
      },
    });
    polling.catch((error: unknown) => {
      // 401 (bad token) or 409 (another instance polls): nothing to retry.
      log.fatal({ err: error }, 'the bot stopped polling');
      process.exit(1);
    });
    stop = () => bot.stop();
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'bot shutting down');
    setTimeout(() => process.exit(1), 10_000).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'bot shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** Updates arrive as POSTs to the webhook URL's path; Telegram is told the URL at start. */
async function serveWebhook(
  bot: Bot<BotContext>,
  { webhookUrl: url, webhookPort: port, webhookHost: host, webhookSecret: secretToken }: Config['bot'],
  log: Logger,
): Promise<() => Promise<void>> {
  if (!url || !secretToken) throw new Error('a webhook needs TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET');
  const path = new URL(url).pathname;
  // A slow update (the API restarting) is finished in the background rather than failed.
  const handle = webhookCallback(bot, 'http', { secretToken, onTimeout: 'return', timeoutMilliseconds: 9_000 });
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== path) {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'webhook update failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await bot.init();
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  await bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: ALLOWED_UPDATES });
  log.info({ username: bot.botInfo.username, host, port, path, node: process.version }, 'bot is serving its webhook');
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Everyone sees the shopper commands; configured admins also see theirs (the API still decides). */
async function publishCommands(bot: Bot<BotContext>, adminIds: string[], log: Logger): Promise<void> {
  try {
    await bot.api.setMyCommands(USER_COMMANDS);
    for (const id of adminIds) {
      await bot.api
        .setMyCommands([...USER_COMMANDS, ...ADMIN_COMMANDS], { scope: { type: 'chat', chat_id: Number(id) } })
        // An admin who never opened a chat with the bot has no chat to scope to yet.
        .catch((error: unknown) => log.warn({ err: error, adminId: id }, 'could not show admin commands'));
    }
  } catch (error) {
    log.warn({ err: error }, 'could not publish the command list');
  }
}
