import type { Middleware } from 'grammy';
import type { InlineKeyboardMarkup, MaybeInaccessibleMessage } from 'grammy/types';
import { decodeAction, type Action, type ActionKind } from './callback-data.js';
import type { BotContext } from './context.js';
import { isNotModified } from './errors.js';

/**
 * Runs `handler` for buttons of one kind. The callback is answered at once, before the API
 * call, so the button stops spinning; the handler then edits the message to show the outcome.
 */
export function onAction<K extends ActionKind>(
  kind: K,
  handler: (ctx: BotContext, action: Extract<Action, { kind: K }>) => Promise<unknown>,
): Middleware<BotContext> {
  return async (ctx, next) => {
    const data = ctx.callbackQuery?.data;
    const action = data === undefined ? null : decodeAction(data);
    if (action?.kind !== kind) return next();
    await ctx
      .answerCallbackQuery()
      .catch((error: unknown) => ctx.log.debug({ err: error }, 'answerCallbackQuery failed'));
    await handler(ctx, action as Extract<Action, { kind: K }>);
  };
}

/** Identifies the message a button belongs to, for what the bot remembers about it. */
export function messageKey(ctx: BotContext): string {
  const message = ctx.callbackQuery?.message;
  return message ? `${message.chat.id}:${message.message_id}` : `inline:${ctx.callbackQuery?.inline_message_id ?? ''}`;
}

/** Where a message's words go: its text, or a photo's caption (1024 characters at most). */
export type Words = 'text' | 'caption';
/** A message's words, composed for where they go (a caption may have to be shorter). */
export type Compose = (as: Words) => string;

/** A message whose words are a caption (a photo's), edited with `editMessageCaption`. */
function showsCaption(message: MaybeInaccessibleMessage | undefined): boolean {
  return message !== undefined && ('photo' in message || 'caption' in message);
}

/**
 * Replaces the text (a photo's caption) and keyboard of the message whose button was pressed
 * (no keyboard: it is removed). An edit that would change nothing, as after a double tap, is skipped.
 */
export async function showInPlace(
  ctx: BotContext,
  words: string | Compose,
  replyMarkup?: InlineKeyboardMarkup,
): Promise<void> {
  const message = ctx.callbackQuery?.message;
  const captioned = showsCaption(message);
  const text = typeof words === 'string' ? words : words(captioned ? 'caption' : 'text');
  const shown = message && (captioned ? 'caption' in message && message.caption : 'text' in message && message.text);
  if (
    shown === text &&
    JSON.stringify(message?.reply_markup?.inline_keyboard ?? []) === JSON.stringify(replyMarkup?.inline_keyboard ?? [])
  ) {
    return;
  }
  const other = replyMarkup ? { reply_markup: replyMarkup } : {};
  try {
    if (captioned) await ctx.editMessageCaption({ caption: text, ...other });
    else await ctx.editMessageText(text, other);
  } catch (error) {
    if (!isNotModified(error)) throw error;
  }
}
