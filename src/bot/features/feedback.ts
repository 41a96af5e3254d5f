import { Composer } from 'grammy';
import { BotGiveFeedbackDocument, BotSearchDocument } from '../../client/generated/graphql.js';
import { messageKey, onAction, showInPlace } from '../actions.js';
import type { Verdict } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { TEXT } from '../errors.js';
import { imageResultsText } from '../format.js';
import { resultsKeyboard, verdictsFromKeyboard } from '../keyboards/results.js';
import type { BoundedMap } from '../state.js';

/**
 * ✅ / ❌ on a result, and the product picked after 🎯. The API keeps one verdict per result
 * and user, so a double tap records nothing new and the message shows the same state.
 */
export function feedbackFeature({
  verdicts: remembered,
}: {
  /** Verdicts per results message, for taps that arrive before the previous edit shows. */
  verdicts: BoundedMap<string, Map<number, Verdict>>;
}): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.use(
    onAction('verdict', async (ctx, action) => {
      const { search } = await ctx.vitrina.execute(BotSearchDocument, { id: action.searchId });
      const result = search.results.find((r) => r.rank === action.rank);
      if (!result) return ctx.reply(TEXT.notFound);
      await ctx.vitrina.execute(BotGiveFeedbackDocument, {
        input: { searchId: search.id, productId: result.product.id, verdict: action.verdict },
      });
      ctx.log.info({ searchId: search.id, rank: action.rank, verdict: action.verdict }, 'verdict recorded');
      const key = messageKey(ctx);
      const verdicts = new Map(remembered.get(key) ?? verdictsFromKeyboard(ctx.callbackQuery?.message?.reply_markup));
      verdicts.set(action.rank, action.verdict);
      remembered.set(key, verdicts);
      await showInPlace(
        ctx,
        imageResultsText(search, verdicts),
        resultsKeyboard(
          search.id,
          search.results.map((r) => r.rank),
          verdicts,
          { photo: search.kind === 'IMAGE' },
        ),
      );
    }),
  );

  composer.use(
    onAction('pickProduct', async (ctx, action) => {
      const { giveFeedback } = await ctx.vitrina.execute(BotGiveFeedbackDocument, {
        input: { searchId: action.searchId, productId: action.productId, verdict: 'CORRECT_PRODUCT' },
      });
      ctx.log.info({ searchId: action.searchId, productId: action.productId }, 'right product recorded');
      await showInPlace(
        ctx,
        `🎯 Thanks! Recorded: ${giveFeedback.product?.name ?? 'that product'} is the product in your photo.`,
      );
    }),
  );

  return composer;
}
