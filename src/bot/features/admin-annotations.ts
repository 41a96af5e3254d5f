import { Composer } from 'grammy';
import { BotPendingAnnotationsDocument, BotReviewAnnotationDocument } from '../../client/generated/graphql.js';
import { onAction, showInPlace } from '../actions.js';
import type { BotContext } from '../context.js';
import { annotationText } from '../format.js';
import { annotationKeyboard } from '../keyboards/admin.js';

const SHOWN = 10;

/** /admin_new_products: each pending suggestion in its own message, with approve / reject. */
export function adminAnnotationsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('admin_new_products', async (ctx) => {
    const { newProductAnnotations: pending } = await ctx.vitrina.execute(BotPendingAnnotationsDocument, {
      first: SHOWN,
    });
    if (pending.nodes.length === 0) return ctx.reply('➕ No suggested products wait for review.');
    for (const annotation of pending.nodes) {
      await ctx.reply(annotationText(annotation), { reply_markup: annotationKeyboard(annotation.id) });
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
      await showInPlace(ctx, annotationText(reviewAnnotation));
    }),
  );

  return composer;
}
