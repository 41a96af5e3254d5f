import { Composer } from 'grammy';
import { ApiError } from '../../client/graphql-client.js';
import {
  BotActivateModelVersionDocument,
  BotModelVersionsDocument,
  BotRollbackModelVersionDocument,
} from '../../client/generated/graphql.js';
import { onAction, showInPlace } from '../actions.js';
import type { BotContext } from '../context.js';
import { modelsText } from '../format.js';
import { forceActivateKeyboard, modelsKeyboard } from '../keyboards/admin.js';

/** /admin_models: the versions, newest first, with activate and roll-back buttons. */
export function adminModelsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  const list = async (ctx: BotContext) => (await ctx.vitrina.execute(BotModelVersionsDocument, {})).modelVersions;
  const showList = async (ctx: BotContext) => {
    const versions = await list(ctx);
    await showInPlace(ctx, modelsText(versions), modelsKeyboard(versions));
  };

  composer.command('admin_models', async (ctx) => {
    const versions = await list(ctx);
    await ctx.reply(modelsText(versions), { reply_markup: modelsKeyboard(versions) });
  });

  composer.use(
    onAction('activate', async (ctx, action) => {
      try {
        const { activateModelVersion: version } = await ctx.vitrina.execute(BotActivateModelVersionDocument, {
          id: action.versionId,
          force: action.force,
        });
        ctx.log.info({ versionId: version.id, force: action.force }, 'model version activated');
      } catch (error) {
        // A version that did worse than its parent needs a second, deliberate tap.
        if (error instanceof ApiError && !action.force && error.extensions.reason === 'WORSE_THAN_PARENT') {
          return ctx.reply(`⚠️ ${error.message.split(';')[0]}.`, {
            reply_markup: forceActivateKeyboard(action.versionId),
          });
        }
        throw error;
      }
      await showList(ctx);
    }),
  );

  composer.use(
    onAction('rollback', async (ctx) => {
      const { rollbackModelVersion: version } = await ctx.vitrina.execute(BotRollbackModelVersionDocument, {});
      ctx.log.info({ versionId: version.id }, 'model version rolled back');
      await showList(ctx);
    }),
  );

  return composer;
}
