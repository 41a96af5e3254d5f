import type {
  AnnotationFieldsFragment,
  GalleryViewFieldsFragment,
  BotExampleFragment,
  ExperimentReportFieldsFragment,
  ModelVersionFieldsFragment,
  RetrievalMetricsFieldsFragment,
  SearchFieldsFragment,
  TrainingRunFieldsFragment,
  TrainingStatsFieldsFragment,
} from '../client/generated/graphql.js';
import type { Words } from './actions.js';
import type { Verdict } from './callback-data.js';

/**
 * Every message text the bot composes from API data. Plain text (no parse mode), so product
 * names need no escaping.
 */

export type Verdicts = ReadonlyMap<number, Verdict>;

const VERDICT_NOTE: Record<Verdict, string> = { CORRECT: '✅ correct', INCORRECT: '❌ not it' };
const FEEDBACK_NAMES: Record<string, string> = {
  CORRECT: 'correct',
  INCORRECT: 'incorrect',
  CORRECT_PRODUCT: 'right product',
  NEW_ITEM: 'new product',
};

const score = (n: number) => n.toFixed(2);
const metric = (n: number) => n.toFixed(3);
const percent = (n: number) => `${Math.round(n * 100)}%`;
const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function imageResultsText(search: SearchFieldsFragment, verdicts: Verdicts): string {
  if (search.results.length === 0) {
    return '🔎 Nothing in the catalog looks like this yet. If it should be there, suggest it with ➕.';
  }
  const lines = search.results.map((r) => {
    const verdict = verdicts.get(r.rank);
    const note = verdict ? ` — ${VERDICT_NOTE[verdict]}` : '';
    return `${r.rank}. ${r.product.name}${r.product.category ? ` · ${r.product.category}` : ''} · score ${score(r.score)}${note}`;
  });
  return [
    '🔎 Closest products:',
    ...lines,
    '',
    'Is one of them in your photo? ✅ yes, ❌ no, 🎯 it is another catalog product, ➕ the catalog lacks it.',
  ].join('\n');
}

export function textResultsText(query: string, search: SearchFieldsFragment): string {
  if (search.results.length === 0) return `🔎 No product matches “${query}”. Try other words, or send me a photo.`;
  return [
    `🔎 Products matching “${query}”:`,
    ...search.results.map((r) => `${r.rank}. ${r.product.name}${r.product.category ? ` · ${r.product.category}` : ''}`),
    '',
    'Send a photo to search by image.',
  ].join('\n');
}

export function trainingStatsText(stats: TrainingStatsFieldsFragment): string {
  const types = stats.byType.map((t) => `${FEEDBACK_NAMES[t.feedbackType] ?? t.feedbackType} ${t.count}`).join(' · ');
  const quality = stats.byQuality
    .map((q) => `${q.rating === null ? 'unrated' : `${q.rating}★`} ${q.count}`)
    .join(' · ');
  return [
    '📊 Training data',
    `Examples: ${stats.total} (usable ${stats.usable}; not trained on yet ${stats.unused}, of them usable ${stats.usableUnused})`,
    `By type: ${types}`,
    `By quality: ${quality}`,
    `Positives ${stats.positives} / negatives ${stats.negatives} · ${stats.distinctProducts} products · ${stats.distinctUsers} users`,
    `Suggested products waiting for review: ${stats.pendingAnnotations}`,
    `Last training: ${stats.lastTrainingAt ? day(stats.lastTrainingAt) : 'never'}`,
    '',
    `${stats.canTrain ? '🟢' : '🟡'} ${stats.recommendation}`,
  ].join('\n');
}

export const isFinished = (status: TrainingRunFieldsFragment['status']) =>
  status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED';

function progressBar(progress: number, width = 10): string {
  const filled = Math.round(Math.min(1, Math.max(0, progress)) * width);
  return '▓'.repeat(filled) + '░'.repeat(width - filled);
}

function metricsTable(before: RetrievalMetricsFieldsFragment, after: RetrievalMetricsFieldsFragment): string[] {
  return [
    `Held-out searches: ${after.queries ?? before.queries ?? '?'}`,
    '           before → after',
    `top-1      ${metric(before.top1)} → ${metric(after.top1)}`,
    `recall@5   ${metric(before.recallAt5)} → ${metric(after.recallAt5)}`,
    `MRR        ${metric(before.mrr)} → ${metric(after.mrr)}`,
  ];
}

export function trainingRunText(run: TrainingRunFieldsFragment): string {
  const title = `run ${run.id.slice(0, 8)}`;
  switch (run.status) {
    case 'QUEUED':
      return `🏋️ Training ${title} is queued…`;
    case 'RUNNING': {
      const epoch =
        run.epoch !== null ? ` · epoch ${run.epoch}${run.parameters.epochs ? `/${run.parameters.epochs}` : ''}` : '';
      const loss = run.loss !== null ? ` · loss ${run.loss.toFixed(4)}` : '';
      return `🏋️ Training ${title}\n${progressBar(run.progress)} ${Math.round(run.progress * 100)}%${epoch}${loss}`;
    }
    case 'SUCCEEDED': {
      const seconds = run.durationMs !== null ? ` in ${(run.durationMs / 1000).toFixed(1)} s` : '';
      const version = run.modelVersion
        ? `new version ${run.modelVersion.name} (${run.modelVersion.status})`
        : 'no new version';
      const lines = [`✅ Training ${title} finished${seconds}: ${version}, trained on ${run.examplesUsed} examples.`];
      if (run.metricsBefore && run.metricsAfter) lines.push(...metricsTable(run.metricsBefore, run.metricsAfter));
      lines.push('', 'Serve it with /admin_models.');
      return lines.join('\n');
    }
    case 'FAILED':
      return `❌ Training ${title} failed: ${run.error ?? 'no reason given'}`;
    case 'CANCELLED':
      return `⏹ Training ${title} was cancelled.`;
  }
}

export function exampleText(example: BotExampleFragment, position?: { page: number; total: number }): string {
  const product = example.product ? `${example.product.name} · ${example.product.category}` : 'none yet';
  return [
    position ? `🗂 Example ${position.page + 1} of ${position.total}` : '🗂 Example',
    `Type: ${FEEDBACK_NAMES[example.feedbackType] ?? example.feedbackType}`,
    `Product: ${product}`,
    `Score: ${example.similarityScore === null ? '—' : score(example.similarityScore)}`,
    `From: ${example.userId} on ${day(example.createdAt)}`,
    ...(example.comment ? [`Comment: ${example.comment}`] : []),
    `Quality: ${example.qualityRating === null ? 'not rated' : `${example.qualityRating}★`} · usable: ${example.usable ? 'yes' : 'no'} · trained on: ${example.usedForTraining ? 'yes' : 'no'}`,
    '',
    'Rate it 1 (useless: left out of training) to 5 (excellent).',
  ].join('\n');
}

/**
 * A suggested product for review: as a text message (with its photo's URL), or as the caption of
 * the photo itself, its free text clipped to lengths that fit Telegram's 1024 characters together.
 */
export function annotationText(annotation: AnnotationFieldsFragment, as: Words = 'text'): string {
  const fit = as === 'caption' ? clip : (text: string) => text;
  const lines = [
    `➕ Suggested product: ${fit(annotation.name, 150)}`,
    `Category: ${fit(annotation.category, 80) || '—'}`,
    ...(annotation.comment ? [`Comment: ${fit(annotation.comment, 300)}`] : []),
    `From: ${fit(annotation.userId, 100)} on ${day(annotation.createdAt)}`,
    ...(as === 'text' && annotation.imageUrl ? [`Photo: ${annotation.imageUrl}`] : []),
  ];
  if (annotation.status === 'APPROVED') {
    const name = fit(annotation.product?.name ?? annotation.name, 150);
    lines.push('', `✅ Approved: “${name}” is now in the catalog.`);
  } else if (annotation.status === 'REJECTED') {
    lines.push('', '✖️ Rejected.');
  }
  return lines.join('\n');
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A gallery view for review: as a text message with the photo's URL, or as the caption of the
 * photo itself. A caption must fit Telegram's 1024 characters, so its free text (names, the
 * reason) is clipped to lengths that fit together.
 */
export function galleryViewText(view: GalleryViewFieldsFragment, as: Words = 'text'): string {
  const fit = as === 'caption' ? clip : (text: string) => text;
  const { name, sku } = view.product;
  const lines = [
    `🖼 Shopper's photo for ${fit(name, 200)}${sku ? ` [${fit(sku, 60)}]` : ''}`,
    `Confirmed (${view.verdict === 'correct_product' ? 'pointed at' : 'marked correct'}) by ${fit(view.userId, 100)} on ${day(view.createdAt)}`,
    ...(as === 'text' ? [`Photo: ${view.imageUrl}`] : []),
  ];
  if (view.status === 'ACCEPTED') lines.push('', '✅ Accepted: searched as a view of this product.');
  else if (view.status === 'REJECTED') lines.push('', `✖️ Rejected${view.reason ? `: ${fit(view.reason, 300)}` : '.'}`);
  else lines.push('', 'Accept it as one more view of the product (searched, never shown as its picture)?');
  return lines.join('\n');
}

export function modelsText(versions: ModelVersionFieldsFragment[]): string {
  if (versions.length === 0) return '🧠 No model versions yet.';
  const lines = versions.map((v) => {
    const parts: string[] = [v.status];
    parts.push(v.adapterKind ? `${v.adapterKind} adapter, ${v.examplesUsed} examples` : 'base encoder');
    if (v.metrics) parts.push(`top-1 ${metric(v.metrics.top1)}`);
    if (v.parent) parts.push(`from ${v.parent.name}`);
    return `${v.status === 'ACTIVE' ? '▶' : '•'} ${v.name} — ${parts.join(' · ')}`;
  });
  return ['🧠 Model versions, newest first:', ...lines].join('\n');
}

export function experimentCandidatesText(active: { name: string }, candidates: Array<{ name: string }>): string {
  if (candidates.length === 0) {
    return `🧪 No experiment is running, and no ready version to test against ${active.name}. Train one with /admin_start_training.`;
  }
  return [
    '🧪 No experiment is running.',
    `Test a ready version against ${active.name} (the control) on live traffic: each shopper keeps seeing one of the two, half of them each.`,
  ].join('\n');
}

const RECOMMENDATION: Record<ExperimentReportFieldsFragment['recommendation'], string> = {
  KEEP_RUNNING: '⏳ Keep running',
  PROMOTE: '🏆 Promote',
  STOP: '⏹ Stop',
};

/** Per arm: traffic, judged searches, top-1 with its 95% interval, P(beat control), p99; then the verdict. */
export function experimentReportText(report: ExperimentReportFieldsFragment): string {
  const { experiment } = report;
  const running = experiment.status === 'RUNNING';
  const lines = [`🧪 Experiment “${experiment.name}” · ${experiment.mode} · ${running ? 'running' : 'stopped'}`];
  for (const a of report.arms) {
    lines.push(
      `${a.arm.isControl ? '◆' : '◇'} ${a.arm.name} · ${a.modelVersion.name} — share ${percent(a.share)} · searches ${a.searches} · judged ${a.judged}`,
    );
    const numbers = [
      a.accuracy === null
        ? 'top-1 —'
        : `top-1 ${metric(a.accuracy)} (95% ${metric(a.accuracyLow)}–${metric(a.accuracyHigh)})`,
      ...(a.probabilityToBeatControl === null ? [] : [`P(beat control) ${percent(a.probabilityToBeatControl)}`]),
      `p99 ${a.latencyP99Ms === null ? '—' : `${Math.round(a.latencyP99Ms)} ms`}`,
      ...(a.failures > 0 ? [`${a.failures} failed over`] : []),
    ];
    lines.push(`   ${numbers.join(' · ')}`);
  }
  lines.push('');
  if (running) {
    const winner = report.recommendation === 'PROMOTE' ? report.recommendedModelVersion?.name : undefined;
    lines.push(`${RECOMMENDATION[report.recommendation]}${winner ? ` ${winner}` : ''} — ${report.reason}`);
  } else {
    const promoted = report.arms.find((a) => a.modelVersion.id === experiment.promotedVersionId);
    lines.push(
      promoted
        ? `🏆 Promoted ${promoted.modelVersion.name}: it serves every search now.`
        : '⏹ Stopped without a promotion.',
    );
  }
  return lines.join('\n');
}
