import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { encodeAction, type Action } from '../callback-data.js';
import { CHOSEN } from './results.js';

const button = (text: string, action: Action): InlineKeyboardButton.CallbackButton => ({
  text,
  callback_data: encodeAction(action),
});

/** Ratings 1–5 (the current one marked) and paging. */
export function exampleKeyboard(
  example: { id: string; qualityRating: number | null },
  page: number,
  hasNext: boolean,
): InlineKeyboardMarkup {
  const ratings = [1, 2, 3, 4, 5].map((quality) =>
    button(`${example.qualityRating === quality ? CHOSEN : ''}${quality}★`, {
      kind: 'rateExample',
      exampleId: example.id,
      quality,
    }),
  );
  const paging = [
    ...(page > 0 ? [button('◀ Previous', { kind: 'examplesPage', page: page - 1 })] : []),
    ...(hasNext ? [button('Next ▶', { kind: 'examplesPage', page: page + 1 })] : []),
  ];
  return { inline_keyboard: paging.length ? [ratings, paging] : [ratings] };
}

export function annotationKeyboard(annotationId: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        button('✅ Approve', { kind: 'review', annotationId, approve: true }),
        button('✖️ Reject', { kind: 'review', annotationId, approve: false }),
      ],
    ],
  };
}

export function galleryKeyboard(viewId: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        button('✅ Accept', { kind: 'reviewGallery', viewId, accept: true }),
        button('✖️ Reject', { kind: 'reviewGallery', viewId, accept: false }),
      ],
    ],
  };
}

const ACTIVATABLE = new Set(['READY', 'ARCHIVED']);
const MAX_VERSION_BUTTONS = 8;

/** Activate any version that may serve (the newest few), and roll back. */
export function modelsKeyboard(versions: Array<{ id: string; name: string; status: string }>): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = versions
    .filter((v) => ACTIVATABLE.has(v.status))
    .slice(0, MAX_VERSION_BUTTONS)
    .map((v) => [button(`▶ Activate ${v.name}`.slice(0, 48), { kind: 'activate', versionId: v.id, force: false })]);
  rows.push([button('↩️ Roll back', { kind: 'rollback' })]);
  return { inline_keyboard: rows };
}

/** Offered when the API refused a version that did worse than its parent. */
export function forceActivateKeyboard(versionId: string): InlineKeyboardMarkup {
  return { inline_keyboard: [[button('⚠️ Activate anyway', { kind: 'activate', versionId, force: true })]] };
}

export function trainingKeyboard(runId: string): InlineKeyboardMarkup {
  return { inline_keyboard: [[button('⏹ Cancel training', { kind: 'cancelTraining', runId })]] };
}

/** One button per version that may join an experiment: a 50/50 split against the active one. */
export function experimentCandidatesKeyboard(candidates: Array<{ id: string; name: string }>): InlineKeyboardMarkup {
  return {
    inline_keyboard: candidates
      .slice(0, MAX_VERSION_BUTTONS)
      .map((v) => [button(`Start 50/50 vs ${v.name}`.slice(0, 48), { kind: 'startExperiment', candidateId: v.id })]),
  };
}

/** A running experiment: refresh its report, promote one of its candidates, or stop it. */
export function experimentKeyboard(
  experimentId: string,
  candidates: Array<{ id: string; name: string }>,
): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [button('🔄 Refresh', { kind: 'experimentReport', experimentId })],
      ...candidates.map((v) => [
        button(`🏆 Promote ${v.name}`.slice(0, 48), { kind: 'stopExperiment', experimentId, promoteVersionId: v.id }),
      ]),
      [button('⏹ Stop', { kind: 'stopExperiment', experimentId, promoteVersionId: null })],
    ],
  };
}
