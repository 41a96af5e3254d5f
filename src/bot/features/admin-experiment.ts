import { Composer } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import {
  BotCreateExperimentDocument,
  BotExperimentOverviewDocument,
  BotExperimentReportDocument,
  BotStopExperimentDocument,
  type BotExperimentOverviewQuery,
  type ExperimentReportFieldsFragment,
} from '../../client/generated/graphql.js';
import { onAction, showInPlace } from '../actions.js';
import type { BotContext } from '../context.js';
import { experimentCandidatesText, experimentReportText } from '../format.js';
import { experimentCandidatesKeyboard, experimentKeyboard } from '../keyboards/admin.js';

type View = { text: string; keyboard?: InlineKeyboardMarkup };

const overviewOf = async (ctx: BotContext) => ctx.vitrina.execute(BotExperimentOverviewDocument, {});
const reportOf = async (ctx: BotContext, id: string) =>
  (await ctx.vitrina.execute(BotExperimentReportDocument, { id })).experimentReport;
const runningOf = (overview: BotExperimentOverviewQuery) => overview.experiments.find((e) => e.status === 'RUNNING');

/** Versions that may be tested against the active one. */
const candidatesOf = (overview: BotExperimentOverviewQuery) =>
  overview.modelVersions.filter((v) => v.status === 'READY' && v.id !== overview.activeModelVersion.id);

function reportView(report: ExperimentReportFieldsFragment): View {
  if (report.experiment.status !== 'RUNNING') return { text: experimentReportText(report) };
  const candidates = report.arms.filter((a) => !a.arm.isControl).map((a) => a.modelVersion);
  return { text: experimentReportText(report), keyboard: experimentKeyboard(report.experiment.id, candidates) };
}

/** The running experiment's report, or the versions that could start one. */
async function currentView(ctx: BotContext, overview: BotExperimentOverviewQuery): Promise<View> {
  const running = runningOf(overview);
  if (running) return reportView(await reportOf(ctx, running.id));
  const candidates = candidatesOf(overview);
  return {
    text: experimentCandidatesText(overview.activeModelVersion, candidates),
    ...(candidates.length > 0 ? { keyboard: experimentCandidatesKeyboard(candidates) } : {}),
  };
}

/**
 * /admin_experiment: with no experiment running, start a 50/50 split of the active version (the
 * control) against a ready one; with one running, its report, with buttons to refresh it,
 * promote a candidate or stop. The API decides who is an admin.
 */
export function adminExperimentFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('admin_experiment', async (ctx) => {
    const view = await currentView(ctx, await overviewOf(ctx));
    await ctx.reply(view.text, view.keyboard ? { reply_markup: view.keyboard } : {});
  });

  composer.use(
    onAction('startExperiment', async (ctx, action) => {
      const overview = await overviewOf(ctx);
      const candidate = candidatesOf(overview).find((v) => v.id === action.candidateId);
      // A second tap, or a version that is no longer a candidate: show how things stand instead.
      if (runningOf(overview) || !candidate) {
        const view = await currentView(ctx, overview);
        return showInPlace(ctx, view.text, view.keyboard);
      }
      const control = overview.activeModelVersion;
      const { createExperiment: experiment } = await ctx.vitrina.execute(BotCreateExperimentDocument, {
        input: {
          name: `${control.name} vs ${candidate.name}`.slice(0, 200),
          mode: 'SPLIT',
          arms: [
            { modelVersionId: control.id, weight: 50 },
            { modelVersionId: candidate.id, weight: 50 },
          ],
        },
      });
      ctx.log.info({ experimentId: experiment.id, control: control.id, candidate: candidate.id }, 'experiment started');
      const view = reportView(await reportOf(ctx, experiment.id));
      await showInPlace(ctx, view.text, view.keyboard);
    }),
  );

  composer.use(
    onAction('experimentReport', async (ctx, action) => {
      const view = reportView(await reportOf(ctx, action.experimentId));
      await showInPlace(ctx, view.text, view.keyboard);
    }),
  );

  composer.use(
    onAction('stopExperiment', async (ctx, action) => {
      let report = await reportOf(ctx, action.experimentId);
      // Already stopped (a second tap, or another admin): the report says how it ended.
      if (report.experiment.status === 'RUNNING') {
        await ctx.vitrina.execute(BotStopExperimentDocument, {
          id: action.experimentId,
          promoteModelVersionId: action.promoteVersionId,
        });
        ctx.log.info(
          { experimentId: action.experimentId, promoted: action.promoteVersionId },
          action.promoteVersionId ? 'experiment stopped, candidate promoted' : 'experiment stopped',
        );
        report = await reportOf(ctx, action.experimentId);
      }
      const view = reportView(report);
      await showInPlace(ctx, view.text, view.keyboard);
    }),
  );

  return composer;
}
