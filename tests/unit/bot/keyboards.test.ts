import { describe, expect, it } from 'vitest';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { decodeAction, MAX_CALLBACK_DATA_BYTES } from '../../../src/bot/callback-data.js';
import {
  annotationKeyboard,
  galleryKeyboard,
  exampleKeyboard,
  experimentCandidatesKeyboard,
  experimentKeyboard,
  forceActivateKeyboard,
  modelsKeyboard,
  trainingKeyboard,
} from '../../../src/bot/keyboards/admin.js';
import { pickProductKeyboard, resultsKeyboard, verdictsFromKeyboard } from '../../../src/bot/keyboards/results.js';

const SEARCH = '11111111-2222-4333-8444-555555555555';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const labels = (markup: InlineKeyboardMarkup) => markup.inline_keyboard.map((row) => row.map((b) => b.text));
const actions = (markup: InlineKeyboardMarkup) =>
  markup.inline_keyboard.flat().map((b) => ('callback_data' in b ? decodeAction(b.callback_data) : null));

function expectValidData(markup: InlineKeyboardMarkup) {
  for (const button of markup.inline_keyboard.flat()) {
    expect('callback_data' in button).toBe(true);
    if ('callback_data' in button) {
      expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES);
      expect(decodeAction(button.callback_data)).not.toBeNull();
    }
  }
}

describe('results keyboard', () => {
  it('has ✅ / ❌ per result, then 🎯 and ➕, then 📝', () => {
    const markup = resultsKeyboard(SEARCH, [1, 2, 3], new Map());
    expect(labels(markup)).toEqual([
      ['✅ 1', '❌ 1'],
      ['✅ 2', '❌ 2'],
      ['✅ 3', '❌ 3'],
      ['🎯 Right product', '➕ New product'],
      ['📝 Comment'],
    ]);
    expect(actions(markup)).toEqual([
      { kind: 'verdict', searchId: SEARCH, rank: 1, verdict: 'CORRECT' },
      { kind: 'verdict', searchId: SEARCH, rank: 1, verdict: 'INCORRECT' },
      { kind: 'verdict', searchId: SEARCH, rank: 2, verdict: 'CORRECT' },
      { kind: 'verdict', searchId: SEARCH, rank: 2, verdict: 'INCORRECT' },
      { kind: 'verdict', searchId: SEARCH, rank: 3, verdict: 'CORRECT' },
      { kind: 'verdict', searchId: SEARCH, rank: 3, verdict: 'INCORRECT' },
      { kind: 'rightProduct', searchId: SEARCH },
      { kind: 'newProduct', searchId: SEARCH },
      { kind: 'comment', searchId: SEARCH },
    ]);
    expectValidData(markup);
  });

  it('marks given verdicts, and reads them back from the keyboard', () => {
    const verdicts = new Map([
      [1, 'INCORRECT' as const],
      [2, 'CORRECT' as const],
    ]);
    const markup = resultsKeyboard(SEARCH, [1, 2, 3], verdicts);
    expect(labels(markup).slice(0, 3)).toEqual([
      ['✅ 1', '● ❌ 1'],
      ['● ✅ 2', '❌ 2'],
      ['✅ 3', '❌ 3'],
    ]);
    expect(verdictsFromKeyboard(markup)).toEqual(verdicts);
    expect(verdictsFromKeyboard(resultsKeyboard(SEARCH, [1, 2], new Map()))).toEqual(new Map());
    expect(verdictsFromKeyboard(undefined)).toEqual(new Map());
  });

  it('offers no ➕ for a text search (no photo to make a product of), and still 🎯 with no results', () => {
    expect(labels(resultsKeyboard(SEARCH, [1], new Map(), { photo: false })).slice(1)).toEqual([
      ['🎯 Right product'],
      ['📝 Comment'],
    ]);
    expect(labels(resultsKeyboard(SEARCH, [], new Map()))).toEqual([
      ['🎯 Right product', '➕ New product'],
      ['📝 Comment'],
    ]);
  });

  it('lists products to pick, one per row, with short labels', () => {
    const markup = pickProductKeyboard(SEARCH, [
      { id: id(1), name: 'Red ceramic mug', category: 'kitchen' },
      { id: id(2), name: 'A product with a very long name that goes on and on and on', category: '' },
    ]);
    expect(labels(markup)[0]).toEqual(['Red ceramic mug · kitchen']);
    expect(labels(markup)[1]![0]!.length).toBeLessThanOrEqual(48);
    expect(labels(markup)[1]![0]!.endsWith('…')).toBe(true);
    expect(actions(markup)).toEqual([
      { kind: 'pickProduct', searchId: SEARCH, productId: id(1) },
      { kind: 'pickProduct', searchId: SEARCH, productId: id(2) },
    ]);
    expectValidData(markup);
  });
});

describe('admin keyboards', () => {
  it('rates an example 1–5 (its rating marked) and pages only where there is a page', () => {
    const first = exampleKeyboard({ id: id(7), qualityRating: null }, 0, true);
    expect(labels(first)).toEqual([['1★', '2★', '3★', '4★', '5★'], ['Next ▶']]);
    expect(actions(first)).toEqual([
      ...[1, 2, 3, 4, 5].map((quality) => ({ kind: 'rateExample', exampleId: id(7), quality })),
      { kind: 'examplesPage', page: 1 },
    ]);
    expect(labels(exampleKeyboard({ id: id(7), qualityRating: 4 }, 3, true))).toEqual([
      ['1★', '2★', '3★', '● 4★', '5★'],
      ['◀ Previous', 'Next ▶'],
    ]);
    expect(labels(exampleKeyboard({ id: id(7), qualityRating: 4 }, 0, false))).toEqual([
      ['1★', '2★', '3★', '● 4★', '5★'],
    ]);
    expectValidData(first);
  });

  it('approves or rejects a suggestion', () => {
    expect(actions(annotationKeyboard(id(3)))).toEqual([
      { kind: 'review', annotationId: id(3), approve: true },
      { kind: 'review', annotationId: id(3), approve: false },
    ]);
  });

  it('accepts or rejects a gallery view', () => {
    expect(actions(galleryKeyboard(id(4)))).toEqual([
      { kind: 'reviewGallery', viewId: id(4), accept: true },
      { kind: 'reviewGallery', viewId: id(4), accept: false },
    ]);
    expectValidData(galleryKeyboard(id(4)));
  });

  it('activates versions that may serve, and rolls back', () => {
    const markup = modelsKeyboard([
      { id: id(1), name: 'v3', status: 'READY' },
      { id: id(2), name: 'v2', status: 'ACTIVE' },
      { id: id(3), name: 'v1', status: 'ARCHIVED' },
      { id: id(4), name: 'v0', status: 'FAILED' },
    ]);
    expect(labels(markup)).toEqual([['▶ Activate v3'], ['▶ Activate v1'], ['↩️ Roll back']]);
    expect(actions(markup)).toEqual([
      { kind: 'activate', versionId: id(1), force: false },
      { kind: 'activate', versionId: id(3), force: false },
      { kind: 'rollback' },
    ]);
    expect(actions(forceActivateKeyboard(id(1)))).toEqual([{ kind: 'activate', versionId: id(1), force: true }]);
    expect(actions(trainingKeyboard(id(9)))).toEqual([{ kind: 'cancelTraining', runId: id(9) }]);
    expectValidData(markup);
  });

  it('starts a 50/50 split per candidate; refreshes, promotes or stops a running experiment', () => {
    const start = experimentCandidatesKeyboard([
      { id: id(1), name: 'v3' },
      { id: id(3), name: 'v1' },
    ]);
    expect(labels(start)).toEqual([['Start 50/50 vs v3'], ['Start 50/50 vs v1']]);
    expect(actions(start)).toEqual([
      { kind: 'startExperiment', candidateId: id(1) },
      { kind: 'startExperiment', candidateId: id(3) },
    ]);
    expectValidData(start);

    const running = experimentKeyboard(id(9), [{ id: id(1), name: 'v3' }]);
    expect(labels(running)).toEqual([['🔄 Refresh'], ['🏆 Promote v3'], ['⏹ Stop']]);
    expect(actions(running)).toEqual([
      { kind: 'experimentReport', experimentId: id(9) },
      { kind: 'stopExperiment', experimentId: id(9), promoteVersionId: id(1) },
      { kind: 'stopExperiment', experimentId: id(9), promoteVersionId: null },
    ]);
    expectValidData(running);
  });
});
