import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** Last: whatever no feature took. */
export function unhandledFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: 'This button no longer works.' }));
  composer.on('message:text', (ctx) => ctx.reply("I don't know that command. /help lists what I can do."));
  composer.on('message', (ctx) => ctx.reply('📷 Send me a photo of a product, or type its name. /help tells more.'));
  return composer;
}
