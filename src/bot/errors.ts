import { GrammyError } from 'grammy';
import { ApiError } from '../client/graphql-client.js';

/** Telegram lets bots download files up to 20 MB. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
/** Telegram takes photos up to 10 MB in `sendPhoto`. */
export const MAX_PHOTO_UPLOAD_BYTES = 10 * 1024 * 1024;

export const TEXT = {
  unavailable: '😴 vitrina is unavailable, try again in a moment.',
  forbidden: '🚫 Sorry, only admins can do that.',
  tooLarge: `📦 That photo is too large for me. Send a smaller one (up to ${MAX_DOWNLOAD_BYTES / 1024 / 1024} MB), or as a compressed photo rather than a file.`,
  notFound: "🤷 I can't find that any more: it may be gone, or it belongs to someone else's search.",
  refused: '🔒 vitrina refused the bot’s key. The operator has to fix the bot’s configuration.',
  slowDown: '⏳ Slow down a little, please: try again in a few seconds.',
  internal: '😕 Something went wrong on my side. Please try again.',
} as const;

/** The bot refuses a file before downloading it. */
export class FileTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`file of ${bytes} bytes is over the ${MAX_DOWNLOAD_BYTES}-byte download limit`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * What to tell the user about a failure, and whether it is an expected outcome (the API is
 * down, the user is not an admin) or a bug worth an error log.
 */
export function describeError(error: unknown): { text: string; expected: boolean } {
  if (error instanceof FileTooLargeError) return { text: TEXT.tooLarge, expected: true };
  if (error instanceof GrammyError && /file is too big/i.test(error.description)) {
    return { text: TEXT.tooLarge, expected: true };
  }
  if (!(error instanceof ApiError)) return { text: TEXT.internal, expected: false };
  if (error.status === 429) return { text: TEXT.slowDown, expected: true };
  switch (error.code) {
    case 'UNAVAILABLE':
      return { text: TEXT.unavailable, expected: true };
    case 'FORBIDDEN':
      return { text: TEXT.forbidden, expected: true };
    case 'UNAUTHENTICATED':
      return { text: TEXT.refused, expected: false };
    case 'NOT_FOUND':
      return { text: TEXT.notFound, expected: true };
    case 'BAD_USER_INPUT':
      // The API's own messages are written for its users ("Quality is rated from 1 to 5").
      return { text: /larger than/i.test(error.message) ? TEXT.tooLarge : `⚠️ ${error.message}`, expected: true };
    default:
      // A gateway error or an unreadable answer while the API restarts.
      if (error.status !== undefined && error.status >= 500) return { text: TEXT.unavailable, expected: true };
      return { text: TEXT.internal, expected: false };
  }
}

/** Telegram refuses an edit that changes nothing: for a double tap that is success. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && /message is not modified/i.test(error.description);
}
