import type { Message } from 'grammy/types';
import { FileTooLargeError, MAX_DOWNLOAD_BYTES } from './errors.js';

export type ImageFile = { fileId: string; size?: number; filename: string; contentType: string };
export type FileDownloader = (filePath: string) => Promise<Buffer>;

/** The image in a message: the largest size of a photo, or a document that is an image. */
export function imageOf(message: Message): ImageFile | null {
  const photo = message.photo?.at(-1);
  if (photo) return { fileId: photo.file_id, size: photo.file_size, filename: 'photo.jpg', contentType: 'image/jpeg' };
  const document = message.document;
  if (document?.mime_type?.startsWith('image/')) {
    return {
      fileId: document.file_id,
      size: document.file_size,
      filename: document.file_name ?? 'image',
      contentType: document.mime_type,
    };
  }
  return null;
}

/** Downloads files the Bot API serves at `<apiRoot>/file/bot<token>/<file_path>`. */
export function telegramFiles(apiRoot: string, token: string): FileDownloader {
  return async (filePath) => {
    const res = await fetch(`${apiRoot}/file/bot${token}/${filePath}`);
    if (!res.ok) throw new Error(`downloading a Telegram file failed with HTTP ${res.status}`);
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_DOWNLOAD_BYTES) {
      await res.body?.cancel();
      throw new FileTooLargeError(length);
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > MAX_DOWNLOAD_BYTES) throw new FileTooLargeError(bytes.length);
    return bytes;
  };
}
