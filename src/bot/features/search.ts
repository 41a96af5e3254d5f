import { Composer } from 'grammy';
import { SearchByImageDocument, SearchByTextDocument } from '../../client/generated/graphql.js';
import type { Verdict } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { FileTooLargeError, MAX_DOWNLOAD_BYTES } from '../errors.js';
import { imageOf, type FileDownloader } from '../files.js';
import { imageResultsText, textResultsText } from '../format.js';
import { resultsKeyboard } from '../keyboards/results.js';
import type { DialogStore } from '../state.js';

export const RESULTS = 5;

/** A photo (or an image file) is an image search; any other text is a text search. */
export function searchFeature({
  dialogs,
  download,
}: {
  dialogs: DialogStore;
  download: FileDownloader;
}): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on(['message:photo', 'message:document'], async (ctx) => {
    const image = imageOf(ctx.msg);
    if (!image) return ctx.reply('📎 That file is not an image. Send me a photo (JPEG, PNG or WebP).');
    if (image.size !== undefined && image.size > MAX_DOWNLOAD_BYTES) throw new FileTooLargeError(image.size);
    // A new photo starts over: a question asked about an older search no longer applies.
    dialogs.delete(ctx.chat.id, ctx.from.id);
    await ctx.replyWithChatAction('typing').catch(() => {});
    const file = await ctx.api.getFile(image.fileId);
    if (!file.file_path) throw new Error('Telegram gave no file_path for the photo');
    const bytes = await download(file.file_path);
    const { searchByImage: search } = await ctx.vitrina.execute(
      SearchByImageDocument,
      { image: null, limit: RESULTS },
      { image: { bytes, filename: image.filename, contentType: image.contentType } },
    );
    ctx.log.info({ searchId: search.id, results: search.results.length, bytes: bytes.length }, 'image search');
    const none = new Map<number, Verdict>();
    await ctx.reply(imageResultsText(search, none), {
      reply_markup: resultsKeyboard(
        search.id,
        search.results.map((r) => r.rank),
        none,
      ),
      reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
    });
  });

  composer.on('message:text', async (ctx, next) => {
    const text = ctx.msg.text.trim();
    if (text.startsWith('/')) return next();
    const { searchByText: search } = await ctx.vitrina.execute(SearchByTextDocument, { text, limit: RESULTS });
    ctx.log.info({ searchId: search.id, results: search.results.length }, 'text search');
    await ctx.reply(textResultsText(text, search));
  });

  return composer;
}
