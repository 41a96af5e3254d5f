import { GrammyError, InputFile } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Compose } from './actions.js';
import type { BotContext } from './context.js';
import { MAX_PHOTO_UPLOAD_BYTES } from './errors.js';

export type ReviewItem = {
  /** The shopper's photo as the API serves it (`/images/<sha256>`); null when there is none. */
  imageUrl: string | null | undefined;
  /** The words: a caption under the photo, or a text (with the photo's URL) without it. */
  words: Compose;
  keyboard: InlineKeyboardMarkup;
  /** Names the item in the log, e.g. `{ galleryViewId }`. */
  log: Record<string, unknown>;
};

/**
 * An admin judges a shopper's photo by looking at it. Its URL needs an admin's key, which
 * Telegram has not, so the bot downloads it with its own and uploads the bytes. Without them (the
 * file is gone, the API refuses, Telegram will not take it) the review goes on from the text and
 * the URL.
 */
export async function sendForReview(ctx: BotContext, item: ReviewItem): Promise<void> {
  const photo = item.imageUrl
    ? await ctx.vitrina.fetchFile(item.imageUrl, MAX_PHOTO_UPLOAD_BYTES).catch((error: unknown) => {
        ctx.log.warn({ err: error, ...item.log }, 'review photo not fetched: sent as a link');
        return null;
      })
    : null;
  if (photo) {
    try {
      await ctx.replyWithPhoto(new InputFile(photo), { caption: item.words('caption'), reply_markup: item.keyboard });
      return;
    } catch (error) {
      // Only a refusal of this photo falls back: a network failure or flood wait would fail the text too.
      if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
      ctx.log.warn({ err: error, ...item.log }, 'Telegram refused the review photo: sent as a link');
    }
  }
  await ctx.reply(item.words('text'), { reply_markup: item.keyboard });
}
