import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

export const USER_COMMANDS = [
  { command: 'start', description: 'What this bot does' },
  { command: 'help', description: 'How to search and give feedback' },
  { command: 'cancel', description: 'Stop the current question' },
];

export const ADMIN_COMMANDS = [
  { command: 'admin_training_stats', description: 'Training data statistics' },
  { command: 'admin_start_training', description: 'Fine-tune on the feedback [epochs]' },
  { command: 'admin_view_examples', description: 'Review and rate training examples' },
  { command: 'admin_new_products', description: 'Approve or reject suggested products' },
  { command: 'admin_gallery', description: "Accept shoppers' confirmed photos as product views" },
  { command: 'admin_models', description: 'Model versions: activate, roll back' },
  { command: 'admin_experiment', description: 'A/B test a model version: start, report, promote' },
];

const HELP = [
  '📷 Send me a photo of a product (or an image file) and I find it in the catalog.',
  '⌨️ Or type a product name to search by text.',
  '',
  'Under the results:',
  '✅ / ❌ — this result is / is not the product in your photo',
  '🎯 Right product — it is another catalog product: search for it and pick it',
  '➕ New product — the catalog lacks it: suggest it (name, category, comment)',
  '📝 Comment — tell us anything about this search',
  '',
  'Your feedback teaches vitrina to search better. /cancel stops a question I asked.',
].join('\n');

/** /start and /help; admins (configured by Telegram id) also see the admin commands. */
export function startFeature({ adminIds }: { adminIds: ReadonlySet<string> }): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const help = (ctx: BotContext) => {
    const admin = ctx.from && adminIds.has(String(ctx.from.id));
    const adminHelp = admin
      ? ['', '🛠 Admin:', ...ADMIN_COMMANDS.map((c) => `/${c.command} — ${c.description}`)].join('\n')
      : '';
    return HELP + adminHelp;
  };
  composer.command('start', (ctx) => ctx.reply(`👋 Hi! I am vitrina's visual product search.\n\n${help(ctx)}`));
  composer.command('help', (ctx) => ctx.reply(help(ctx)));
  return composer;
}
