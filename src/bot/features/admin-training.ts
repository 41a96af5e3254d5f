import { Composer, type Api } from 'grammy';
import type { Logger } from 'pino';
import type { VitrinaClient } from '../../client/graphql-client.js';
import {
  BotCancelTrainingDocument,
  BotStartTrainingDocument,
  BotTrainingRunDocument,
  BotTrainingStatsDocument,
  type TrainingRunFieldsFragment,
} from '../../client/generated/graphql.js';
import { onAction, showInPlace } from '../actions.js';
import type { BotContext } from '../context.js';
import { isNotModified } from '../errors.js';
import { isFinished, trainingRunText, trainingStatsText } from '../format.js';
import { trainingKeyboard } from '../keyboards/admin.js';

/** Polls that fail in a row (the API restarting) before the bot stops following a run. */
const MAX_POLL_FAILURES = 100;

/** `/admin_start_training [epochs]`: undefined for the default, null for a bad argument. */
export function parseEpochs(argument: string): number | undefined | null {
  const arg = argument.trim();
  if (!arg) return undefined;
  if (!/^\d{1,3}$/.test(arg)) return null;
  const epochs = Number(arg);
  return epochs >= 1 && epochs <= 100 ? epochs : null;
}

/**
 * /admin_training_stats, and /admin_start_training: a message that follows the run (polling
 * `trainingRun`) until it ends, then shows the held-out metrics before and after. The API
 * decides who is an admin; a refusal reaches the user as a friendly FORBIDDEN.
 */
export function adminTrainingFeature({ api, pollMs }: { api: Api; pollMs: number }): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('admin_training_stats', async (ctx) => {
    const { trainingStats } = await ctx.vitrina.execute(BotTrainingStatsDocument, {});
    await ctx.reply(trainingStatsText(trainingStats));
  });

  composer.command('admin_start_training', async (ctx) => {
    const epochs = parseEpochs(ctx.match);
    if (epochs === null) return ctx.reply('Usage: /admin_start_training [epochs, 1 to 100]');
    const { startTraining: run } = await ctx.vitrina.execute(BotStartTrainingDocument, {
      input: epochs === undefined ? null : { epochs },
    });
    ctx.log.info({ runId: run.id }, 'training started');
    const message = await ctx.reply(trainingRunText(run), { reply_markup: trainingKeyboard(run.id) });
    // Followed off the update, so the bot keeps answering everyone meanwhile.
    void followRun({
      api,
      client: ctx.vitrina,
      chatId: message.chat.id,
      messageId: message.message_id,
      run,
      pollMs,
      log: ctx.log,
    });
  });

  composer.use(
    onAction('cancelTraining', async (ctx, action) => {
      const { cancelTraining: run } = await ctx.vitrina.execute(BotCancelTrainingDocument, { id: action.runId });
      ctx.log.info({ runId: run.id }, 'training cancelled');
      await showInPlace(ctx, trainingRunText(run), isFinished(run.status) ? undefined : trainingKeyboard(run.id));
    }),
  );

  return composer;
}

/** Edits the run's message whenever what it shows changes, until the run ends. */
export async function followRun({
  api,
  client,
  chatId,
  messageId,
  run: initial,
  pollMs,
  log,
}: {
  api: Api;
  client: VitrinaClient;
  chatId: number;
  messageId: number;
  run: TrainingRunFieldsFragment;
  pollMs: number;
  log: Logger;
}): Promise<void> {
  let shown = trainingRunText(initial);
  let failures = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    let run: TrainingRunFieldsFragment;
    try {
      run = (await client.execute(BotTrainingRunDocument, { id: initial.id })).trainingRun;
      failures = 0;
    } catch (error) {
      log.warn({ err: error, runId: initial.id }, 'polling the training run failed');
      if (++failures >= MAX_POLL_FAILURES) return;
      continue;
    }
    const done = isFinished(run.status);
    const text = trainingRunText(run);
    if (text !== shown) {
      try {
        await api.editMessageText(chatId, messageId, text, done ? {} : { reply_markup: trainingKeyboard(run.id) });
        shown = text;
      } catch (error) {
        if (!isNotModified(error)) log.warn({ err: error, runId: run.id }, 'showing training progress failed');
      }
    }
    if (done) {
      log.info({ runId: run.id, status: run.status }, 'training run ended');
      return;
    }
  }
}
