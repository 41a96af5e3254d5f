import { Composer } from 'grammy';
import {
  BotCommentOnSearchDocument,
  BotSuggestProductDocument,
  SearchByTextDocument,
} from '../../client/generated/graphql.js';
import { onAction } from '../actions.js';
import type { BotContext } from '../context.js';
import { pickProductKeyboard } from '../keyboards/results.js';
import type { Dialog, DialogStore } from '../state.js';

const MAX_NAME = 200;
const PICK_CHOICES = 8;

const PROMPTS = {
  rightProduct: '🎯 Which catalog product is in your photo? Type its name (or /cancel).',
  name: '➕ A new product from your photo. What is it called? (/cancel to stop)',
  category: 'Which category is it in (e.g. kitchen, shoes)? Or /skip.',
  comment: 'Anything an admin should know about it? Send a comment, or /skip.',
  commentOnSearch: '📝 Write your comment about this search (or /cancel).',
} as const;

/**
 * Questions the bot asks after a button: 🎯 the right product's name, ➕ a new product's name,
 * category and comment, 📝 a comment. Each waits for the same user's next text in that chat;
 * /cancel drops it, /skip skips an optional answer.
 */
export function dialogsFeature({ dialogs }: { dialogs: DialogStore }): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const open = async (ctx: BotContext, dialog: Dialog, prompt: string) => {
    dialogs.set(ctx.chat!.id, ctx.from!.id, dialog);
    await ctx.reply(prompt);
  };

  composer.use(
    onAction('rightProduct', (ctx, a) =>
      open(ctx, { kind: 'rightProduct', searchId: a.searchId }, PROMPTS.rightProduct),
    ),
    onAction('newProduct', (ctx, a) =>
      open(ctx, { kind: 'newProduct', searchId: a.searchId, step: 'name' }, PROMPTS.name),
    ),
    onAction('comment', (ctx, a) => open(ctx, { kind: 'comment', searchId: a.searchId }, PROMPTS.commentOnSearch)),
  );

  composer.command('cancel', async (ctx) => {
    const dropped = ctx.from && dialogs.delete(ctx.chat.id, ctx.from.id);
    await ctx.reply(dropped ? '👌 Cancelled.' : 'Nothing to cancel.');
  });

  composer.command('skip', async (ctx) => {
    const dialog = ctx.from && dialogs.get(ctx.chat.id, ctx.from.id);
    if (dialog?.kind !== 'newProduct' || dialog.step === 'name') return ctx.reply('Nothing to skip here.');
    await answer(dialogs, ctx, dialog, null);
  });

  composer.on('message:text', async (ctx, next) => {
    const text = ctx.msg.text.trim();
    const dialog = dialogs.get(ctx.chat.id, ctx.from.id);
    if (!dialog || text.startsWith('/')) return next();
    await answer(dialogs, ctx, dialog, text);
  });

  return composer;
}

/** The user's answer (null: skipped) to the dialog's current question. */
async function answer(dialogs: DialogStore, ctx: BotContext, dialog: Dialog, text: string | null): Promise<unknown> {
  const chatId = ctx.chat!.id;
  const userId = ctx.from!.id;
  switch (dialog.kind) {
    case 'rightProduct': {
      if (!text) return ctx.reply(PROMPTS.rightProduct);
      const { searchByText } = await ctx.vitrina.execute(SearchByTextDocument, { text, limit: PICK_CHOICES });
      if (searchByText.results.length === 0) {
        return ctx.reply(`Nothing in the catalog matches “${text}”. Try another name, or /cancel.`);
      }
      dialogs.delete(chatId, userId);
      return ctx.reply('🎯 Which one is it? (Not there? Tap 🎯 again and try another name.)', {
        reply_markup: pickProductKeyboard(
          dialog.searchId,
          searchByText.results.map((r) => r.product),
        ),
      });
    }
    case 'comment': {
      if (!text) return ctx.reply(PROMPTS.commentOnSearch);
      await ctx.vitrina.execute(BotCommentOnSearchDocument, { searchId: dialog.searchId, text });
      dialogs.delete(chatId, userId);
      ctx.log.info({ searchId: dialog.searchId }, 'comment recorded');
      return ctx.reply('📝 Thanks, your comment is saved.');
    }
    case 'newProduct':
      switch (dialog.step) {
        case 'name':
          if (!text) return ctx.reply(PROMPTS.name);
          if (text.length > MAX_NAME) return ctx.reply(`That name is long: ${MAX_NAME} characters at most, please.`);
          dialogs.set(chatId, userId, { ...dialog, step: 'category', name: text });
          return ctx.reply(PROMPTS.category);
        case 'category':
          dialogs.set(chatId, userId, { ...dialog, step: 'comment', category: text ?? '' });
          return ctx.reply(PROMPTS.comment);
        case 'comment': {
          const { suggestProduct } = await ctx.vitrina.execute(BotSuggestProductDocument, {
            input: {
              searchId: dialog.searchId,
              name: dialog.name!,
              category: dialog.category || null,
              comment: text,
            },
          });
          // Only now: if the API was down, the user can send the comment again.
          dialogs.delete(chatId, userId);
          ctx.log.info({ searchId: dialog.searchId, annotationId: suggestProduct.id }, 'product suggested');
          return ctx.reply(`➕ Thanks! “${suggestProduct.name}” waits for an admin's review.`);
        }
      }
  }
}
