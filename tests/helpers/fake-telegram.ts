import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { readPayload, type Upload } from './telegram-payload.js';

/**
 * A local HTTP server that speaks the part of the Telegram Bot API the bot uses
 * (`POST /bot<token>/<method>`, files at `GET /file/bot<token>/<path>`). Tests inject updates
 * (a photo, a text, a button press), the bot fetches them with getUpdates long polling, and
 * every call the bot makes is recorded so tests can await its replies. Messages the bot sends
 * are kept with their current text (a photo's caption) and keyboard, so a button press carries
 * the message as Telegram would show it, and edits behave like Telegram's (including "message is
 * not modified", and a photo's words edited only as its caption). Photos are uploaded as grammY
 * uploads an `InputFile`: multipart/form-data, the file attached by `attach://<name>`.
 */

export type TgUser = { id: number; is_bot: false; first_name: string; username?: string };
export type InlineButton = { text: string; callback_data?: string };
export type PhotoSize = { file_id: string; file_unique_id: string; width: number; height: number; file_size: number };
export type TgMessage = {
  message_id: number;
  date: number;
  chat: { id: number; type: 'private' };
  from: { id: number; is_bot: boolean; first_name: string; username?: string };
  text?: string;
  photo?: PhotoSize[];
  caption?: string;
  reply_markup?: { inline_keyboard: InlineButton[][] };
  [key: string]: unknown;
};
/**
 * One request the bot made, with what the fake answered (`result`, when it succeeded). `uploads`
 * are its files by the parameter that attached them (`photo`); that parameter keeps the
 * `attach://…` the bot sent.
 */
export type Call = {
  index: number;
  method: string;
  payload: Record<string, any>;
  uploads: Record<string, Upload>;
  at: number;
  result?: any;
};
type Update = { update_id: number; [key: string]: unknown };

export const BOT_USER = { id: 900_000_001, is_bot: true, first_name: 'vitrina', username: 'vitrina_test_bot' };
const MAX_FILE_BYTES = 20 * 1024 * 1024;

export const telegramUser = (id: number, firstName = `User ${id}`): TgUser => ({
  id,
  is_bot: false,
  first_name: firstName,
});

class BadRequest extends Error {
  constructor(
    readonly description: string,
    readonly code = 400,
  ) {
    super(description);
  }
}

export class FakeTelegram {
  readonly calls: Call[] = [];
  private readonly events = new EventEmitter();
  /** Updates not yet confirmed by a getUpdates offset. */
  private queue: Update[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private nextFileId = 1;
  private readonly messages = new Map<string, TgMessage>();
  private readonly files = new Map<string, { path: string; bytes: Buffer }>();
  private readonly answered = new Set<string>();
  private server!: http.Server;
  url = '';

  private constructor(readonly token: string) {
    this.events.setMaxListeners(100);
  }

  /** Listens on a free port of 127.0.0.1; `url` is the API root to give the bot. */
  static async start(token = '123456789:TEST-fake-telegram-token'): Promise<FakeTelegram> {
    const fake = new FakeTelegram(token);
    fake.server = http.createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async stop(): Promise<void> {
    this.events.emit('stop');
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- What a user does -------------------------------------------------------------------

  /** A text message; a leading `/command` is marked as a bot command, as Telegram does. */
  sendText(from: TgUser, text: string): TgMessage {
    const command = /^\/\w+(@\w+)?/.exec(text);
    const message = this.userMessage(from, {
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    });
    this.push({ message });
    return message;
  }

  /** A photo (in two sizes, as Telegram sends them), or the same bytes as an image document. */
  sendPhoto(
    from: TgUser,
    bytes: Buffer,
    {
      asDocument = false,
      mimeType = 'image/jpeg',
      fileSize,
    }: { asDocument?: boolean; mimeType?: string; fileSize?: number } = {},
  ): TgMessage {
    const file = this.addFile(bytes, asDocument ? 'documents' : 'photos');
    const size = fileSize ?? bytes.length;
    const message = asDocument
      ? this.userMessage(from, {
          document: {
            file_id: file,
            file_unique_id: `u${file}`,
            file_name: 'photo.jpg',
            mime_type: mimeType,
            file_size: size,
          },
        })
      : this.userMessage(from, {
          photo: [
            {
              file_id: this.addFile(bytes, 'thumbnails'),
              file_unique_id: `t${file}`,
              width: 90,
              height: 90,
              file_size: bytes.length,
            },
            { file_id: file, file_unique_id: `u${file}`, width: 320, height: 320, file_size: size },
          ],
        });
    this.push({ message });
    return message;
  }

  /** A tap on the button with `callback_data` `data` of a message the bot sent. */
  press(from: TgUser, message: { chat: { id: number }; message_id: number }, data: string): string {
    const current = this.message(message.chat.id, message.message_id);
    const id = `cb${this.nextUpdateId}`;
    this.push({
      callback_query: { id, from, message: current, chat_instance: `ci${current.chat.id}`, data },
    });
    return id;
  }

  /** Taps the button whose label matches. */
  pressButton(from: TgUser, message: { chat: { id: number }; message_id: number }, label: string | RegExp): string {
    const button = findButton(this.message(message.chat.id, message.message_id), label);
    return this.press(from, message, button.callback_data!);
  }

  // --- What the bot did -------------------------------------------------------------------

  /** The number of calls so far: pass it as `since` to wait only for later calls. */
  mark(): number {
    return this.calls.length;
  }

  /** Resolves with the first call (from `since` on) that matches, or fails after `timeoutMs`. */
  waitFor(
    match: (call: Call) => boolean,
    {
      since = 0,
      timeoutMs = 20_000,
      what = 'a matching call',
    }: { since?: number; timeoutMs?: number; what?: string } = {},
  ): Promise<Call> {
    return new Promise((resolve, reject) => {
      let next = since;
      const check = () => {
        for (; next < this.calls.length; next++) {
          const call = this.calls[next]!;
          if (match(call)) {
            cleanup();
            resolve(call);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        const recent = this.calls
          .slice(since)
          .filter((c) => c.method !== 'getUpdates')
          .map((c) => `${c.method} ${JSON.stringify(c.payload).slice(0, 300)}`);
        reject(new Error(`Timed out waiting for ${what}. Calls since ${since}:\n${recent.join('\n')}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('call', check);
      };
      this.events.on('call', check);
      check();
    });
  }

  /** The next message the bot sends to `chatId` (from `since` on), as stored. */
  async nextMessage(chatId: number, since: number, match: (text: string) => boolean = () => true): Promise<TgMessage> {
    const call = await this.waitFor(
      (c) => c.method === 'sendMessage' && c.payload.chat_id === chatId && match(String(c.payload.text)),
      { since, what: `a message to chat ${chatId}` },
    );
    return this.message(chatId, (call.result as TgMessage).message_id);
  }

  /** The next photo the bot sends to `chatId` (from `since` on) whose caption matches, and its bytes. */
  async nextPhoto(
    chatId: number,
    since: number,
    match: (caption: string) => boolean = () => true,
  ): Promise<{ message: TgMessage; bytes: Buffer }> {
    const call = await this.waitFor(
      (c) => c.method === 'sendPhoto' && c.payload.chat_id === chatId && match(String(c.payload.caption ?? '')),
      { since, what: `a photo to chat ${chatId}` },
    );
    const bytes = call.uploads.photo?.bytes;
    if (!bytes) throw new Error(`The photo to chat ${chatId} was not uploaded but sent as ${call.payload.photo}`);
    return { message: this.message(chatId, (call.result as TgMessage).message_id), bytes };
  }

  /** The next edit of a message's text or caption (from `since` on) whose new words match. */
  nextEdit(
    message: { chat: { id: number }; message_id: number },
    since: number,
    match: (text: string) => boolean = () => true,
  ): Promise<Call> {
    return this.waitFor(
      (c) =>
        (c.method === 'editMessageText' || c.method === 'editMessageCaption') &&
        c.payload.chat_id === message.chat.id &&
        c.payload.message_id === message.message_id &&
        match(String(c.payload.text ?? c.payload.caption ?? '')),
      { since, what: `an edit of message ${message.message_id}` },
    );
  }

  /** A message the bot sent, with its current text and keyboard. */
  message(chatId: number, messageId: number): TgMessage {
    const message = this.messages.get(`${chatId}:${messageId}`);
    if (!message) throw new Error(`The bot sent no message ${messageId} to chat ${chatId}`);
    return structuredClone(message);
  }

  // --- The Bot API --------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (req.method === 'GET' && file) {
      const stored = file[1] === this.token ? [...this.files.values()].find((f) => f.path === file[2]) : undefined;
      if (!stored) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': stored.bytes.length });
      return void res.end(stored.bytes);
    }
    const api = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !api)
      return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (api[1] !== this.token) return this.reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });

    let request: Awaited<ReturnType<typeof readPayload>>;
    try {
      request = await readPayload(req);
    } catch (error) {
      return this.reply(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${String(error)}` });
    }
    const { payload, uploads } = request;
    const method = api[2]!;
    const call: Call = { index: this.calls.length, method, payload, uploads, at: Date.now() };

    // A long poll is recorded when it arrives (the bot is polling), any other call once answered.
    if (method === 'getUpdates') this.record(call);
    try {
      const result =
        method === 'getUpdates' ? await this.getUpdates(payload, req) : await this.call(method, payload, uploads);
      call.result = result;
      if (method !== 'getUpdates') this.record(call);
      this.reply(res, 200, { ok: true, result });
    } catch (error) {
      if (method !== 'getUpdates') this.record(call);
      const { description, code } = error instanceof BadRequest ? error : { description: String(error), code: 500 };
      this.reply(res, code, { ok: false, error_code: code, description });
    }
  }

  private record(call: Call): void {
    this.calls.push(call);
    this.events.emit('call');
  }

  private reply(res: http.ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private async call(method: string, p: Record<string, any>, uploads: Record<string, Upload>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return {
          ...BOT_USER,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case 'deleteWebhook':
      case 'setWebhook':
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'sendChatAction':
        return true;
      case 'sendMessage': {
        checkText(p.text);
        checkMarkup(p.reply_markup);
        const message: TgMessage = {
          message_id: this.nextMessageId++,
          date: now(),
          chat: { id: Number(p.chat_id), type: 'private' },
          from: BOT_USER,
          text: p.text,
          ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
        };
        this.messages.set(`${message.chat.id}:${message.message_id}`, message);
        return message;
      }
      case 'sendPhoto':
        return this.sendPhotoMessage(p, uploads);
      case 'editMessageText':
      case 'editMessageCaption':
      case 'editMessageReplyMarkup':
        return this.edit(method, p);
      case 'answerCallbackQuery': {
        const id = String(p.callback_query_id);
        if (this.answered.has(id)) {
          throw new BadRequest('Bad Request: query is too old and response timeout expired or query ID is invalid');
        }
        this.answered.add(id);
        return true;
      }
      case 'getFile': {
        const entry = [...this.files.entries()].find(([id]) => id === p.file_id);
        if (!entry) throw new BadRequest('Bad Request: invalid file_id');
        const [id, file] = entry;
        if (file.bytes.length > MAX_FILE_BYTES) throw new BadRequest('Bad Request: file is too big');
        return { file_id: id, file_unique_id: `u${id}`, file_size: file.bytes.length, file_path: file.path };
      }
      default:
        throw new BadRequest(`Not Found: method ${method} is not faked`, 404);
    }
  }

  /** A photo: uploaded (`attach://…`), or one the fake already holds by file id. */
  private async sendPhotoMessage(p: Record<string, any>, uploads: Record<string, Upload>): Promise<TgMessage> {
    const attached = typeof p.photo === 'string' && p.photo.startsWith('attach://');
    const bytes = attached ? uploads.photo?.bytes : this.files.get(String(p.photo))?.bytes;
    if (attached && !bytes) throw new BadRequest('Bad Request: there is no photo in the request');
    // Telegram cannot fetch a URL that needs a key (a stored shopper photo), nor a relative path.
    if (!bytes) throw new BadRequest('Bad Request: wrong file identifier/HTTP URL specified');
    const meta = await sharp(bytes)
      .metadata()
      .catch(() => null);
    if (!meta?.width || !meta.height) throw new BadRequest('Bad Request: IMAGE_PROCESS_FAILED');
    checkCaption(p.caption);
    checkMarkup(p.reply_markup);
    const fileId = this.addFile(bytes, 'photos');
    const message: TgMessage = {
      message_id: this.nextMessageId++,
      date: now(),
      chat: { id: Number(p.chat_id), type: 'private' },
      from: BOT_USER,
      photo: [
        {
          file_id: fileId,
          file_unique_id: `u${fileId}`,
          width: meta.width,
          height: meta.height,
          file_size: bytes.length,
        },
      ],
      ...(p.caption ? { caption: p.caption } : {}),
      ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
    };
    this.messages.set(`${message.chat.id}:${message.message_id}`, message);
    return message;
  }

  /**
   * Like Telegram: a photo's words are its caption and a text message's its text, each edited
   * only by its own method; an edit without reply_markup removes the inline keyboard.
   */
  private edit(method: string, p: Record<string, any>): TgMessage {
    const key = `${p.chat_id}:${p.message_id}`;
    const message = this.messages.get(key);
    if (!message) throw new BadRequest('Bad Request: message to edit not found');
    const field = method === 'editMessageText' ? 'text' : method === 'editMessageCaption' ? 'caption' : null;
    const hasPhoto = message.photo !== undefined;
    if (field === 'text' && hasPhoto) throw new BadRequest('Bad Request: there is no text in the message to edit');
    if (field === 'caption' && !hasPhoto) {
      throw new BadRequest('Bad Request: there is no caption in the message to edit');
    }
    if (field === 'text') checkText(p.text);
    if (field === 'caption') checkCaption(p.caption);
    checkMarkup(p.reply_markup);
    if (
      (field === null || (p[field] || undefined) === message[field]) &&
      JSON.stringify(p.reply_markup ?? null) === JSON.stringify(message.reply_markup ?? null)
    ) {
      throw new BadRequest(
        'Bad Request: message is not modified: specified new message content and reply markup of the specified message are exactly the same as a current content and reply markup of the message',
      );
    }
    const edited: TgMessage = { ...message, edit_date: now() };
    if (field) {
      delete edited[field];
      if (p[field]) edited[field] = p[field];
    }
    delete edited.reply_markup;
    if (p.reply_markup) edited.reply_markup = p.reply_markup;
    this.messages.set(key, edited);
    return edited;
  }

  /** Long polling: confirmed updates (below `offset`) are dropped; waits up to `timeout` s. */
  private async getUpdates(p: Record<string, any>, req: http.IncomingMessage): Promise<Update[]> {
    const offset = Number(p.offset ?? 0);
    const limit = Math.min(100, Number(p.limit ?? 100));
    this.queue = this.queue.filter((u) => u.update_id >= offset);
    if (this.queue.length === 0 && Number(p.timeout ?? 0) > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.events.off('update', done);
          this.events.off('stop', done);
          req.off('close', done);
          resolve();
        };
        const timer = setTimeout(done, Number(p.timeout) * 1000);
        this.events.on('update', done);
        this.events.on('stop', done);
        req.on('close', done);
      });
    }
    return this.queue.slice(0, limit);
  }

  private push(update: Omit<Update, 'update_id'>): void {
    this.queue.push({ update_id: this.nextUpdateId++, ...update });
    this.events.emit('update');
  }

  private userMessage(from: TgUser, content: Record<string, unknown>): TgMessage {
    return {
      message_id: this.nextMessageId++,
      date: now(),
      chat: { id: from.id, type: 'private' },
      from,
      ...content,
    };
  }

  private addFile(bytes: Buffer, folder: string): string {
    const id = `file${this.nextFileId++}`;
    this.files.set(id, { path: `${folder}/${id}.jpg`, bytes });
    return id;
  }
}

/** The button whose label matches (a string matches as a substring). */
export function findButton(message: TgMessage, label: string | RegExp): InlineButton {
  const buttons = message.reply_markup?.inline_keyboard.flat() ?? [];
  const button = buttons.find((b) => (typeof label === 'string' ? b.text.includes(label) : label.test(b.text)));
  if (!button) {
    throw new Error(`No button ${label} in message ${message.message_id}: ${buttons.map((b) => b.text).join(', ')}`);
  }
  return button;
}

const now = () => Math.floor(Date.now() / 1000);

function checkText(text: unknown): void {
  if (typeof text !== 'string' || text.trim() === '') throw new BadRequest('Bad Request: message text is empty');
  if (text.length > 4096) throw new BadRequest('Bad Request: message is too long');
}

function checkCaption(caption: unknown): void {
  if (caption !== undefined && typeof caption !== 'string') throw new BadRequest('Bad Request: invalid caption');
  if (typeof caption === 'string' && caption.length > 1024) {
    throw new BadRequest('Bad Request: message caption is too long');
  }
}

function checkMarkup(markup: { inline_keyboard?: InlineButton[][] } | undefined): void {
  for (const button of markup?.inline_keyboard?.flat() ?? []) {
    if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64) {
      throw new BadRequest('Bad Request: BUTTON_DATA_INVALID');
    }
  }
}
