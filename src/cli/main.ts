import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { ApiError, VitrinaClient } from '../client/graphql-client.js';
import { UsageError, type Command, type Io } from './command.js';
import { experimentCommand } from './experiments.js';
import { commentCommand, feedbackCommand, suggestCommand } from './feedback.js';
import { galleryCommand } from './gallery.js';
import { importCommand } from './import.js';
import { keysCommand, whoamiCommand } from './keys.js';
import { modelsCommand } from './models.js';
import { annotationsCommand, examplesCommand } from './review.js';
import { searchCommand } from './search.js';
import { statsCommand, trainCommand } from './training.js';

export type { Io } from './command.js';

const USAGE = `usage: vitrina <command> [--json]

  serve                                   run the API server (what \`npm start\` runs)
  version                                 vitrina's version and the Node.js it runs on

catalog and search
  import <manifest.json|csv> [--images <dir>]
                                          add products and images (idempotent)
  search <image> [--limit N]              search the catalog by photo
  search --text "<words>" [--limit N]     search the catalog by text

feedback on a search (as the key's user, or VITRINA_END_USER for a service key)
  feedback <searchId> <productId> --verdict correct|incorrect|correct-product [--comment <text>]
  suggest <searchId> --name <name> [--category <c>] [--comment <text>]
                                          propose a product the catalog lacks
  comment <searchId> <text>               comment on a search

admin
  stats                                   training data: counts, balance, recommendation
  examples [--type <t>] [--user <u>] [--first N] [--after <cursor>]
                                          training examples, newest first
  examples rate <id> <1-5>                rate an example (1-2: left out of training)
  annotations [--status pending|approved|rejected|all] [--first N] [--after <cursor>]
  annotations approve|reject <id>         review a suggested product
  gallery [list] [--status pending|accepted|rejected|all] [--product <id>] [--user <id>]
                                          shoppers' confirmed photos proposed as product views
  gallery accept|reject|remove <id>       review a view, or take it out of every version
  gallery remove --user <id>              take out every view a user contributed
  train [--epochs N] [--batch-size N] [--learning-rate x] [--weight-decay x]
        [--adapter residual|diagonal|linear] [--rank N] [--temperature x]
        [--validation-share x] [--parent <version id>] [--detach]
                                          fine-tune on the feedback and follow the run
  train status <id> | train cancel <id>
  models list                             model versions, newest first
  models activate <id> [--force]          serve a version (--force: even if worse than its parent)
  models rollback                         serve the previous version again
  models copy <id> [--without-gallery]    a ready copy, serving gallery views or not (for A/B)
  models pull <name>                      download an encoder here (e.g. clip-vit-base-patch32)
  experiment start <candidate version id> [--control <version id>] [--split <candidate %>]
        [--mode split|shadow|bandit] [--name <name>] [--min-samples N] [--probability x]
        [--min-lift x] [--max-failure-rate x] [--max-latency-ms N] [--bandit-floor x]
        [--bandit-window <seconds>] [--auto-promote] [--auto-rollback]
                                          A/B test a version against the active one (default
                                          50/50 split); one experiment runs at a time
  experiment report [<id>]                per arm: share, searches, users, top-1 with its 95%
                                          interval, P(beat control), latency, failures; the
                                          sample-ratio check and the recommendation
  experiment weights [<id>] <arm>=<weight> ...
                                          move traffic, e.g. control=90 candidate=10
  experiment stop [<id>] [--promote <version id|arm> | --promote-winner]
                                          end it, keeping the active version or activating one
  experiment list                         every experiment, newest first
                                          (a left-out <id> means the running experiment)
  keys list | keys create <admin|service|user> <name> | keys revoke <id>
  whoami                                  the caller as the server sees it

--json prints the API's answer as one JSON line. Exit codes: 0 ok, 1 error (the API's code
is printed, e.g. FORBIDDEN), 64 wrong usage, 78 a bad setting.

environment: VITRINA_API_URL (the server's URL or its /graphql endpoint; default
http://localhost:4000/graphql), VITRINA_API_KEY, VITRINA_END_USER (the end user a service key
acts for, e.g. telegram:12345)`;

const COMMANDS: Record<string, (command: Command) => Promise<number>> = {
  import: importCommand,
  search: searchCommand,
  feedback: feedbackCommand,
  suggest: suggestCommand,
  comment: commentCommand,
  stats: statsCommand,
  examples: examplesCommand,
  annotations: annotationsCommand,
  gallery: galleryCommand,
  train: trainCommand,
  models: modelsCommand,
  experiment: experimentCommand,
  keys: keysCommand,
  whoami: whoamiCommand,
};

/** The `vitrina` command line, a pure GraphQL client; returns the exit code. */
export async function runCli(
  argv: string[],
  config: Config,
  io: Io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (name === 'version' || name === '--version') {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    io.stdout.write(`vitrina ${version} on Node.js ${process.version}\n`);
    return 0;
  }
  const client = () =>
    new VitrinaClient({
      url: config.bot.apiUrl,
      apiKey: config.bot.apiKey,
      // An environment of the caller's own (tests) stands in for the one the config was read from.
      endUser: io.env ? loadConfig({ VITRINA_END_USER: io.env.VITRINA_END_USER }).cli.endUser : config.cli.endUser,
    });
  try {
    if (name === 'models' && args[0] === 'pull') {
      // Downloads into this machine's DATA_DIR: the one command that does not go through the API.
      if (!args[1]) throw new UsageError('models pull needs a model name');
      const { runPullCommand } = await import('../ml/models/pull-command.js');
      return await runPullCommand(args.slice(1), { dataDir: config.dataDir, stdout: io.stdout });
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`unknown command "${name}"`);
    return await command({ args, io, client });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`vitrina: ${error.message}\nrun "vitrina help" for the commands and their options\n`);
      return 64; // EX_USAGE
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`vitrina: ${error.message}\n`);
      return 78; // EX_CONFIG, as at start-up
    }
    const message = error instanceof ApiError ? `${error.message} (${error.code})` : (error as Error).message;
    io.stderr.write(`vitrina: ${message}\n`);
    return 1;
  }
}
