import { Composer, GrammyError, InputFile } from 'grammy';
import {
  BotPendingGalleryViewsDocument,
  BotReviewGalleryViewDocument,
  type GalleryViewFieldsFragment,
} from '../../client/generated/graphql.js';
import { onAction, showInPlace, showsCaption } from '../actions.js';
import type { BotContext } from '../context.js';
import { MAX_PHOTO_UPLOAD_BYTES } from '../errors.js';
import { galleryViewText } from '../format.js';
import { galleryKeyboard } from '../keyboards/admin.js';

const SHOWN = 10;

/** /admin_gallery: each pending gallery view (a shopper's confirmed photo) with accept / reject. */
export function adminGalleryFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('admin_gallery', async (ctx) => {
    const { galleryViews: pending } = await ctx.vitrina.execute(BotPendingGalleryViewsDocument, { first: SHOWN });
    if (pending.nodes.length === 0) return ctx.reply('🖼 No shopper photos wait for review.');
    for (const view of pending.nodes) await sendForReview(ctx, view);
    const more = pending.totalCount - pending.nodes.length;
    if (more > 0) await ctx.reply(`…and ${more} more: review these, then send /admin_gallery again.`);
  });

  composer.use(
    onAction('reviewGallery', async (ctx, action) => {
      const { reviewGalleryView: view } = await ctx.vitrina.execute(BotReviewGalleryViewDocument, {
        id: action.viewId,
        accept: action.accept,
      });
      ctx.log.info({ galleryViewId: view.id, status: view.status }, 'gallery view reviewed');
      const asCaption = showsCaption(ctx.callbackQuery?.message);
      await showInPlace(ctx, galleryViewText(view, asCaption ? 'caption' : 'text'));
    }),
  );

  return composer;
}

/**
 * The admin judges the photo itself. Its URL needs an admin's key, which Telegram has not, so
 * the bot downloads it with its own and uploads the bytes. Without them (the file is gone, the
 * API refuses, Telegram will not take it) the review goes on from the text and the URL.
 */
async function sendForReview(ctx: BotContext, view: GalleryViewFieldsFragment): Promise<void> {
  const keyboard = galleryKeyboard(view.id);
  const photo = await ctx.vitrina.fetchFile(view.imageUrl, MAX_PHOTO_UPLOAD_BYTES).catch((error: unknown) => {
    ctx.log.warn({ err: error, galleryViewId: view.id }, 'gallery photo not fetched: sent as a link');
    return null;
  });
  if (photo) {
    try {
      await ctx.replyWithPhoto(new InputFile(photo), {
        caption: galleryViewText(view, 'caption'),
        reply_markup: keyboard,
      });
      return;
    } catch (error) {
      // Only a refusal of this photo falls back: a network failure or flood wait would fail the text too.
      if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
      ctx.log.warn({ err: error, galleryViewId: view.id }, 'Telegram refused the gallery photo: sent as a link');
    }
  }
  await ctx.reply(galleryViewText(view), { reply_markup: keyboard });
}
