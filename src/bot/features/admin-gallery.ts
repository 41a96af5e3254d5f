import { Composer } from 'grammy';
import { BotPendingGalleryViewsDocument, BotReviewGalleryViewDocument } from '../../client/generated/graphql.js';
import { onAction, showInPlace } from '../actions.js';
import type { BotContext } from '../context.js';
import { galleryViewText } from '../format.js';
import { galleryKeyboard } from '../keyboards/admin.js';
import { sendForReview } from '../review-photo.js';

const SHOWN = 10;

/** /admin_gallery: each pending gallery view (a shopper's confirmed photo) with accept / reject. */
export function adminGalleryFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('admin_gallery', async (ctx) => {
    const { galleryViews: pending } = await ctx.vitrina.execute(BotPendingGalleryViewsDocument, { first: SHOWN });
    if (pending.nodes.length === 0) return ctx.reply('🖼 No shopper photos wait for review.');
    for (const view of pending.nodes) {
      await sendForReview(ctx, {
        imageUrl: view.imageUrl,
        words: (as) => galleryViewText(view, as),
        keyboard: galleryKeyboard(view.id),
        log: { galleryViewId: view.id },
      });
    }
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
      await showInPlace(ctx, (as) => galleryViewText(view, as));
    }),
  );

  return composer;
}
