/**
 * What an inline button does, packed into Telegram's `callback_data` (at most 64 bytes).
 * A UUID travels as its 16 bytes in base64url (22 characters), so even two ids fit:
 * `p:<search>:<product>` is 47 bytes and `xs:<experiment>:<version>` 48. The rest of the state
 * lives in the message itself.
 */
export const MAX_CALLBACK_DATA_BYTES = 64;

export type Verdict = 'CORRECT' | 'INCORRECT';

export type Action =
  /** ✅ / ❌ on the result at `rank` of a search. */
  | { kind: 'verdict'; searchId: string; rank: number; verdict: Verdict }
  /** 🎯: ask for a name, then offer catalog products to pick from. */
  | { kind: 'rightProduct'; searchId: string }
  /** A product picked as the right one for a search. */
  | { kind: 'pickProduct'; searchId: string; productId: string }
  /** ➕: start the "new product" dialog. */
  | { kind: 'newProduct'; searchId: string }
  /** 📝: ask for a comment. */
  | { kind: 'comment'; searchId: string }
  /** Admin: rate a training example 1–5. */
  | { kind: 'rateExample'; exampleId: string; quality: number }
  /** Admin: show page `page` (0-based) of the examples shown in this message. */
  | { kind: 'examplesPage'; page: number }
  /** Admin: approve or reject a suggested product. */
  | { kind: 'review'; annotationId: string; approve: boolean }
  /** Admin: accept or reject a gallery view (a shopper's confirmed photo as a product view). */
  | { kind: 'reviewGallery'; viewId: string; accept: boolean }
  /** Admin: serve a model version (`force`: even if it did worse than its parent). */
  | { kind: 'activate'; versionId: string; force: boolean }
  /** Admin: serve the previously active version again. */
  | { kind: 'rollback' }
  /** Admin: stop a training run. */
  | { kind: 'cancelTraining'; runId: string }
  /** Admin: start a 50/50 split between the active version and this candidate. */
  | { kind: 'startExperiment'; candidateId: string }
  /** Admin: show an experiment's report again. */
  | { kind: 'experimentReport'; experimentId: string }
  /** Admin: stop an experiment, serving `promoteVersionId` (one of its arms) from now on if given. */
  | { kind: 'stopExperiment'; experimentId: string; promoteVersionId: string | null };

export type ActionKind = Action['kind'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMPACT = /^[A-Za-z0-9_-]{22}$/;

/** A UUID as 22 base64url characters. */
export function compactId(uuid: string): string {
  if (!UUID.test(uuid)) throw new Error(`Not a UUID: ${uuid}`);
  return Buffer.from(uuid.replaceAll('-', ''), 'hex').toString('base64url');
}

/** The UUID back from `compactId`, or null when `compact` is not one. */
export function expandId(compact: string): string | null {
  if (!COMPACT.test(compact)) return null;
  const bytes = Buffer.from(compact, 'base64url');
  if (bytes.length !== 16 || bytes.toString('base64url') !== compact) return null;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function encodeAction(action: Action): string {
  const data = pack(action);
  if (Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) {
    throw new Error(`callback_data longer than ${MAX_CALLBACK_DATA_BYTES} bytes: ${data}`);
  }
  return data;
}

function pack(action: Action): string {
  switch (action.kind) {
    case 'verdict':
      return `f:${compactId(action.searchId)}:${action.rank}:${action.verdict === 'CORRECT' ? 'c' : 'i'}`;
    case 'rightProduct':
      return `r:${compactId(action.searchId)}`;
    case 'pickProduct':
      return `p:${compactId(action.searchId)}:${compactId(action.productId)}`;
    case 'newProduct':
      return `n:${compactId(action.searchId)}`;
    case 'comment':
      return `m:${compactId(action.searchId)}`;
    case 'rateExample':
      return `q:${compactId(action.exampleId)}:${action.quality}`;
    case 'examplesPage':
      return `e:${action.page}`;
    case 'review':
      return `a:${compactId(action.annotationId)}:${action.approve ? 'y' : 'n'}`;
    case 'reviewGallery':
      return `g:${compactId(action.viewId)}:${action.accept ? 'y' : 'n'}`;
    case 'activate':
      return `v:${compactId(action.versionId)}:${action.force ? 'f' : 'a'}`;
    case 'rollback':
      return 'b';
    case 'cancelTraining':
      return `t:${compactId(action.runId)}`;
    case 'startExperiment':
      return `xn:${compactId(action.candidateId)}`;
    case 'experimentReport':
      return `xr:${compactId(action.experimentId)}`;
    case 'stopExperiment':
      return action.promoteVersionId === null
        ? `xs:${compactId(action.experimentId)}`
        : `xs:${compactId(action.experimentId)}:${compactId(action.promoteVersionId)}`;
  }
}

const int = (s: string | undefined, min: number, max: number): number | null => {
  if (s === undefined || !/^\d{1,6}$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
};

/** The action behind a button, or null for data this bot did not write (or an older layout). */
export function decodeAction(data: string): Action | null {
  const parts = data.split(':');
  const [tag, a, b, c] = parts;
  const arity = parts.length - 1;
  const id = a === undefined ? null : expandId(a);
  switch (tag) {
    case 'f': {
      const rank = int(b, 1, 100);
      if (arity !== 3 || !id || rank === null || (c !== 'c' && c !== 'i')) return null;
      return { kind: 'verdict', searchId: id, rank, verdict: c === 'c' ? 'CORRECT' : 'INCORRECT' };
    }
    case 'r':
      return arity === 1 && id ? { kind: 'rightProduct', searchId: id } : null;
    case 'n':
      return arity === 1 && id ? { kind: 'newProduct', searchId: id } : null;
    case 'm':
      return arity === 1 && id ? { kind: 'comment', searchId: id } : null;
    case 't':
      return arity === 1 && id ? { kind: 'cancelTraining', runId: id } : null;
    case 'p': {
      const productId = b === undefined ? null : expandId(b);
      return arity === 2 && id && productId ? { kind: 'pickProduct', searchId: id, productId } : null;
    }
    case 'q': {
      const quality = int(b, 1, 5);
      return arity === 2 && id && quality !== null ? { kind: 'rateExample', exampleId: id, quality } : null;
    }
    case 'e': {
      const page = int(a, 0, 100_000);
      return arity === 1 && page !== null ? { kind: 'examplesPage', page } : null;
    }
    case 'a':
      return arity === 2 && id && (b === 'y' || b === 'n')
        ? { kind: 'review', annotationId: id, approve: b === 'y' }
        : null;
    case 'g':
      return arity === 2 && id && (b === 'y' || b === 'n')
        ? { kind: 'reviewGallery', viewId: id, accept: b === 'y' }
        : null;
    case 'v':
      return arity === 2 && id && (b === 'a' || b === 'f')
        ? { kind: 'activate', versionId: id, force: b === 'f' }
        : null;
    case 'b':
      return arity === 0 ? { kind: 'rollback' } : null;
    case 'xn':
      return arity === 1 && id ? { kind: 'startExperiment', candidateId: id } : null;
    case 'xr':
      return arity === 1 && id ? { kind: 'experimentReport', experimentId: id } : null;
    case 'xs': {
      if (arity === 1 && id) return { kind: 'stopExperiment', experimentId: id, promoteVersionId: null };
      const promoteVersionId = b === undefined ? null : expandId(b);
      return arity === 2 && id && promoteVersionId
        ? { kind: 'stopExperiment', experimentId: id, promoteVersionId }
        : null;
    }
    default:
      return null;
  }
}
