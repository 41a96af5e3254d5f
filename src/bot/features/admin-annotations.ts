import { Composer } from 'grammy';
import { BotPendingAnnotationsDocument, BotReviewAnnotationDocument } from '../../client/generated/graphql.js';
import { onAction, showInPlace } from '../actions.js';
import type { BotContext } from '../context.js';
import { annotationText } from '../format.js';
import { annotationKeyboard } from '../keyboards/admin.js';
import { sendForReview } from '../review-photo.js';

const SHOWN = 10;

/** /admin_new_products: each pending suggestion with its photo, approve / reject under it. */
export function adminAnnotationsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('admin_new_products', async (ctx) => {
    const { newProductAnnotations: pending } = await ctx.vitrina.execute(BotPendingAnnotationsDocument, {
      first: SHOWN,
    });
    if (pending.nodes.length === 0) return ctx.reply('➕ No suggested products wait for review.');
    for (const annotation of pending.nodes) {
      await sendForReview(ctx, {
        imageUrl: annotation.imageUrl,
        words: (as) => annotationText(annotation, as),
        keyboard: annotationKeyboard(annotation.id),
        log: { annotationId: annotation.id },
      });
    }
    const more = pending.totalCount - pending.nodes.length;
    if (more > 0) await ctx.reply(`…and ${more} more: review these, then send /admin_new_products again.`);
  });

  composer.use(
    onAction('review', async (ctx, action) => {
      const { reviewAnnotation } = await ctx.vitrina.execute(BotReviewAnnotationDocument, {
        id: action.annotationId,
        approve: action.approve,
      });
      ctx.log.info({ annotationId: reviewAnnotation.id, status: reviewAnnotation.status }, 'suggestion reviewed');
      await showInPlace(ctx, (as) => annotationText(reviewAnnotation, as));
    }),
  );

  return composer;
}
