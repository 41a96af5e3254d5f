import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { decodeAction, encodeAction, type Action, type Verdict } from '../callback-data.js';

/** Marks the verdict a user gave; the keyboard is where a results message keeps its state. */
export const CHOSEN = '● ';

const button = (text: string, action: Action): InlineKeyboardButton.CallbackButton => ({
  text,
  callback_data: encodeAction(action),
});

const VERDICT_LABEL: Record<Verdict, string> = { CORRECT: '✅', INCORRECT: '❌' };

/**
 * ✅ / ❌ per result (the chosen one marked), then 🎯 right product, ➕ new product (a photo
 * search only: the photo becomes the product's image) and 📝 comment.
 */
export function resultsKeyboard(
  searchId: string,
  ranks: number[],
  verdicts: ReadonlyMap<number, Verdict>,
  { photo = true }: { photo?: boolean } = {},
): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = ranks.map((rank) =>
    (['CORRECT', 'INCORRECT'] as const).map((verdict) =>
      button(`${verdicts.get(rank) === verdict ? CHOSEN : ''}${VERDICT_LABEL[verdict]} ${rank}`, {
        kind: 'verdict',
        searchId,
        rank,
        verdict,
      }),
    ),
  );
  rows.push([
    button('🎯 Right product', { kind: 'rightProduct', searchId }),
    ...(photo ? [button('➕ New product', { kind: 'newProduct', searchId })] : []),
  ]);
  rows.push([button('📝 Comment', { kind: 'comment', searchId })]);
  return { inline_keyboard: rows };
}

/** The verdicts a results keyboard shows (as built by `resultsKeyboard`). */
export function verdictsFromKeyboard(markup: InlineKeyboardMarkup | undefined): Map<number, Verdict> {
  const verdicts = new Map<number, Verdict>();
  for (const row of markup?.inline_keyboard ?? []) {
    for (const b of row) {
      if (!('callback_data' in b) || !b.text.startsWith(CHOSEN)) continue;
      const action = decodeAction(b.callback_data);
      if (action?.kind === 'verdict') verdicts.set(action.rank, action.verdict);
    }
  }
  return verdicts;
}

const MAX_LABEL = 48;
const label = (text: string) => (text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text);

/** One button per catalog product found for 🎯, one per row. */
export function pickProductKeyboard(
  searchId: string,
  products: Array<{ id: string; name: string; category: string }>,
): InlineKeyboardMarkup {
  return {
    inline_keyboard: products.map((p) => [
      button(label(p.category ? `${p.name} · ${p.category}` : p.name), {
        kind: 'pickProduct',
        searchId,
        productId: p.id,
      }),
    ]),
  };
}
