import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './api/logger.js';

/** `serve` (default): the API server; `bot`: the Telegram bot; every other command is the CLI (src/cli). */
async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'serve';
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`vitrina: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);

  switch (command) {
    case 'serve': {
      const started = Date.now();
      // Open the embedded database while the rest of the application loads.
      const { embeddedOptions, startEmbeddedPostgres } = await import('./db/embedded.js');
      const database = config.databaseUrl ? undefined : startEmbeddedPostgres(embeddedOptions(config.dataDir));
      database?.catch(() => {});
      const { startVitrina } = await import('./app.js');
      const vitrina = await startVitrina(config, { logger, database, ownsDatabase: true });
      logger.info({ startupMs: Date.now() - started }, 'ready');
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), 15_000);
        force.unref();
        vitrina.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
      return;
    }
    case 'bot': {
      const { runBot } = await import('./bot/run.js');
      await runBot(config, logger);
      return;
    }
    default: {
      const { runCli } = await import('./cli/main.js');
      process.exitCode = await runCli(argv, config);
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `vitrina: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
