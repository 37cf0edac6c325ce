/**
 * A fake Telegram Bot API for tests and the demo: a real HTTP server speaking the documented
 * shapes (https://core.telegram.org/bots/api). Kaon's setWebhook tells it where to post updates and the
 * secret token to send; the customer side posts Updates there. Point TELEGRAM_API_BASE at `url`.
 *
 *   const tg = await startTelegramFake();
 *   // … Kaon's providerChannels.connect calls setWebhook …
 *   await tg.customer.sendText({ id: 4242, firstName: 'Ana' }, 'Hello');
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FailureQueue, listen, loggable, postTo, readRequest, sendJson, type Failure, type FailureOptions, type RecordedRequest, type UploadedFile } from './kit';

export interface TelegramUser {
  id: number;
  firstName: string;
  lastName?: string;
}

export interface TelegramSent {
  method: string;
  chatId: string;
  messageId: number;
  text?: string;
  caption?: string;
  file?: UploadedFile;
}

export interface UpdateResult {
  status: number;
  text: string;
  updateId: number;
  raw: string;
}

export interface TelegramCustomer {
  sendText(user: TelegramUser, text: string): Promise<UpdateResult>;
  sendPhoto(user: TelegramUser, bytes: Buffer, caption?: string): Promise<UpdateResult>;
  sendDocument(user: TelegramUser, bytes: Buffer, doc: { fileName: string; mimeType: string; caption?: string }): Promise<UpdateResult>;
  sendVoice(user: TelegramUser, bytes: Buffer): Promise<UpdateResult>;
  /** Any Update (object or exact text), with the registered secret unless `secret` is given (null = no header). */
  postUpdate(update: object | string, opts?: { secret?: string | null }): Promise<UpdateResult>;
}

export interface TelegramFake {
  /** The base URL: set TELEGRAM_API_BASE to it. */
  url: string;
  token: string;
  botUsername: string;
  requests: RecordedRequest[];
  sent: TelegramSent[];
  /** Calls `listener` for each message Kaon sends (the simulator shows agent replies); returns unsubscribe. */
  onSend(listener: (message: TelegramSent) => void): () => void;
  /** What Kaon registered with setWebhook. */
  webhook: { url: string; secretToken: string | null } | null;
  failNext(failure: Failure, opts?: FailureOptions): void;
  clearFailures(): void;
  /** A file a customer sends; returns its file_id. */
  addFile(bytes: Buffer, mime?: string): string;
  customer: TelegramCustomer;
  close(): Promise<void>;
}

export async function startTelegramFake(options: { port?: number; token?: string; botUsername?: string } = {}): Promise<TelegramFake> {
  const token = options.token ?? '123456789:AAFakeTelegramTokenForKaonTests_0123';
  const botUsername = options.botUsername ?? 'kaon_fake_bot';
  const requests: RecordedRequest[] = [];
  const sent: TelegramSent[] = [];
  const files = new Map<string, { path: string; bytes: Buffer; mime: string }>();
  const failures = new FailureQueue();
  const listeners = new Set<(message: TelegramSent) => void>();
  let updateId = 500_000;
  let messageId = 1;
  const fake = { webhook: null as TelegramFake['webhook'] };

  const ok = (res: ServerResponse, result: unknown) => sendJson(res, 200, { ok: true, result });
  const bad = (res: ServerResponse, status: number, description: string, retryAfter?: number) =>
    sendJson(res, status, { ok: false, error_code: status, description, ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}) });

  function fail(res: ServerResponse, failure: Failure | undefined): boolean {
    if (!failure || failure.kind === 'window') return false;
    if (failure.kind === 'timeout') return true; // held until close()
    const description = failure.message ?? (failure.status === 429 ? `Too Many Requests: retry after ${failure.retryAfterS ?? 1}` : 'Injected failure');
    bad(res, failure.status, description, failure.retryAfterS);
    return true;
  }

  function addFile(bytes: Buffer, mime = 'application/octet-stream'): string {
    const id = `BQAC${randomBytes(12).toString('base64url')}`;
    files.set(id, { path: `documents/file_${files.size}.bin`, bytes, mime });
    return id;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body } = await readRequest(req);
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body: loggable(body), at: Date.now() });
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
    if (download) {
      if (download[1] !== token) return bad(res, 401, 'Unauthorized');
      if (fail(res, failures.take('media'))) return;
      const file = [...files.values()].find((f) => f.path === decodeURIComponent(download[2]!));
      if (!file) return bad(res, 404, 'Not Found');
      res.writeHead(200, { 'content-type': file.mime }).end(file.bytes);
      return;
    }
    const call = /^\/bot([^/]+)\/(\w+)$/.exec(path);
    if (!call) return bad(res, 404, 'Not Found');
    if (call[1] !== token) return bad(res, 401, 'Unauthorized');
    const method = call[2]!.toLowerCase();
    const params: Record<string, unknown> = { ...(body.json as object), ...body.fields };
    const bot = { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Kaon Fake', username: botUsername };
    switch (method) {
      case 'getme':
        return ok(res, bot);
      case 'setwebhook':
        fake.webhook = { url: String(params.url ?? ''), secretToken: typeof params.secret_token === 'string' ? params.secret_token : null };
        return ok(res, true);
      case 'deletewebhook':
        fake.webhook = null;
        return ok(res, true);
      case 'getfile': {
        if (fail(res, failures.take('media'))) return;
        const file = files.get(String(params.file_id));
        if (!file) return bad(res, 400, 'Bad Request: invalid file_id');
        return ok(res, { file_id: params.file_id, file_unique_id: 'u' + params.file_id, file_size: file.bytes.length, file_path: file.path });
      }
      case 'sendmessage':
      case 'sendphoto':
      case 'senddocument': {
        const chatId = String(params.chat_id ?? '');
        if (fail(res, failures.take('send', chatId))) return;
        const field = method === 'sendphoto' ? 'photo' : 'document';
        const file = body.files?.[field];
        if (!chatId || (method === 'sendmessage' ? !params.text : !file)) return bad(res, 400, `Bad Request: ${method === 'sendmessage' ? 'message text is empty' : 'there is no file in the request'}`);
        const record: TelegramSent = { method: call[2]!, chatId, messageId: messageId++, text: params.text as string | undefined, caption: params.caption as string | undefined, file };
        sent.push(record);
        for (const listener of listeners) listener(record);
        const chat = { id: Number(chatId), type: 'private' };
        return ok(res, { message_id: record.messageId, from: bot, chat, date: Math.floor(Date.now() / 1000), ...(record.text ? { text: record.text } : { caption: record.caption }) });
      }
      default:
        return bad(res, 404, 'Not Found: method not found');
    }
  }

  async function postUpdate(update: object | string, opts: { secret?: string | null } = {}): Promise<UpdateResult> {
    if (!fake.webhook) throw new Error('No webhook: Kaon has not called setWebhook (providerChannels.connect)');
    const raw = typeof update === 'string' ? update : JSON.stringify(update);
    const secret = opts.secret === undefined ? fake.webhook.secretToken : opts.secret;
    const res = await postTo(fake.webhook.url, raw, secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret });
    const id = typeof update === 'object' && 'update_id' in update ? Number(update.update_id) : -1;
    return { ...res, updateId: id, raw };
  }

  function sendMessage(user: TelegramUser, content: Record<string, unknown>) {
    const from = { id: user.id, is_bot: false, first_name: user.firstName, ...(user.lastName ? { last_name: user.lastName } : {}) };
    const chat = { id: user.id, type: 'private', first_name: user.firstName, ...(user.lastName ? { last_name: user.lastName } : {}) };
    return postUpdate({ update_id: ++updateId, message: { message_id: messageId++, from, chat, date: Math.floor(Date.now() / 1000), ...content } });
  }

  const customer: TelegramCustomer = {
    sendText: (user, text) => sendMessage(user, { text }),
    sendPhoto(user, bytes, caption) {
      const big = addFile(bytes, 'image/jpeg');
      const photo = [
        { file_id: addFile(bytes.subarray(0, 16), 'image/jpeg'), file_unique_id: 'small', width: 90, height: 90 },
        { file_id: big, file_unique_id: 'large', width: 1280, height: 1280, file_size: bytes.length },
      ];
      return sendMessage(user, { photo, ...(caption ? { caption } : {}) });
    },
    sendDocument(user, bytes, doc) {
      const file_id = addFile(bytes, doc.mimeType);
      return sendMessage(user, { document: { file_id, file_unique_id: 'd' + file_id, file_name: doc.fileName, mime_type: doc.mimeType, file_size: bytes.length }, ...(doc.caption ? { caption: doc.caption } : {}) });
    },
    sendVoice(user, bytes) {
      const file_id = addFile(bytes, 'audio/ogg');
      return sendMessage(user, { voice: { file_id, file_unique_id: 'v' + file_id, duration: 3, mime_type: 'audio/ogg', file_size: bytes.length } });
    },
    postUpdate,
  };

  const server = await listen(handle, options.port ?? 0);
  return Object.assign(fake, {
    url: server.url,
    token,
    botUsername,
    requests,
    sent,
    onSend(listener: (message: TelegramSent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    failNext: (failure: Failure, opts?: FailureOptions) => failures.add(failure, opts),
    clearFailures: () => failures.clear(),
    addFile,
    customer,
    close: server.close,
  });
}
