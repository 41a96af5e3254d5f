import { Composer } from 'grammy';
import { BotRateExampleDocument, BotTrainingExamplesDocument } from '../../client/generated/graphql.js';
import { messageKey, onAction, showInPlace } from '../actions.js';
import type { BotContext } from '../context.js';
import { exampleText } from '../format.js';
import { exampleKeyboard } from '../keyboards/admin.js';
import type { BoundedMap } from '../state.js';

/** Where a message paging through the examples is: `cursors[p]` loads page `p`. */
export type ExamplesView = { cursors: Array<string | null>; page: number; total: number; hasNext: boolean };

const EMPTY = '🗂 No training examples yet.';

/**
 * /admin_view_examples: one example per message page, newest first, rated 1–5 with buttons.
 * The API's cursors are opaque and too long for callback data, so the bot remembers them per
 * message; after a restart, paging starts again from the newest.
 */
export function adminExamplesFeature({ views }: { views: BoundedMap<string, ExamplesView> }): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  async function load(ctx: BotContext, cursors: Array<string | null>, page: number) {
    const { trainingExamples } = await ctx.vitrina.execute(BotTrainingExamplesDocument, {
      first: 1,
      after: cursors[page] ?? null,
    });
    const example = trainingExamples.nodes[0];
    if (!example) return null;
    const { hasNextPage, endCursor } = trainingExamples.pageInfo;
    const view: ExamplesView = {
      cursors: [...cursors.slice(0, page + 1), ...(hasNextPage ? [endCursor] : [])],
      page,
      total: trainingExamples.totalCount,
      hasNext: hasNextPage,
    };
    return {
      view,
      text: exampleText(example, { page, total: view.total }),
      markup: exampleKeyboard(example, page, hasNextPage),
    };
  }

  composer.command('admin_view_examples', async (ctx) => {
    const shown = await load(ctx, [null], 0);
    if (!shown) return ctx.reply(EMPTY);
    const sent = await ctx.reply(shown.text, { reply_markup: shown.markup });
    views.set(`${sent.chat.id}:${sent.message_id}`, shown.view);
  });

  composer.use(
    onAction('examplesPage', async (ctx, action) => {
      const key = messageKey(ctx);
      const known = views.get(key)?.cursors ?? [null];
      const page = known[action.page] === undefined ? 0 : action.page;
      const shown = await load(ctx, page === 0 ? [null] : known, page);
      if (!shown) return showInPlace(ctx, EMPTY);
      views.set(key, shown.view);
      await showInPlace(ctx, shown.text, shown.markup);
    }),
  );

  composer.use(
    onAction('rateExample', async (ctx, action) => {
      const { rateExample: example } = await ctx.vitrina.execute(BotRateExampleDocument, {
        id: action.exampleId,
        quality: action.quality,
      });
      ctx.log.info({ exampleId: example.id, quality: action.quality }, 'example rated');
      const view = views.get(messageKey(ctx));
      await showInPlace(
        ctx,
        exampleText(example, view && { page: view.page, total: view.total }),
        exampleKeyboard(example, view?.page ?? 0, view?.hasNext ?? false),
      );
    }),
  );

  return composer;
}
