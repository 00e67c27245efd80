/**
 * A fake Slack Web API on 127.0.0.1:0: form or JSON POSTs to `/api/<method>`, answered like Slack
 * (`{ ok: true, … }`), every call recorded in order. `chat.postMessage` is limited to one message per
 * second per channel (429 + Retry-After) on the clock it is given; invalid blocks are refused the
 * way Slack refuses them. `apps.connections.open` hands out a local WebSocket for Socket Mode.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { validateBlocks } from './fake-slack-blocks.js';

export interface SlackCall {
  method: string;
  args: Record<string, any>;
  token?: string;
  /** `r1` for a call to `/r1/api/…`: several replicas can share one fake, each on a base URL of its own. */
  replica?: string;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  user: string;
  bot_id?: string;
  reply_broadcast?: boolean;
  files?: { id: string; name: string; title?: string }[];
}

/** A file uploaded with `files.uploadV2`: reserved, its bytes posted to the upload URL, then completed (shared). */
export interface StoredFile {
  id: string;
  filename: string;
  length: number;
  content?: string;
  title?: string;
  channel?: string;
  thread_ts?: string;
  completed: boolean;
}

type Answer = { status?: number; headers?: Record<string, string>; body?: unknown; destroy?: boolean; hang?: boolean };
type Hook = (call: SlackCall) => Answer | undefined;

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly messages: StoredMessage[] = [];
  readonly files = new Map<string, StoredFile>();
  readonly channels = new Map<string, { id: string; name: string; archived: boolean; members: Set<string> }>();
  readonly users = new Map<string, { id: string; name: string; real_name: string; is_bot?: boolean }>();
  /** Email → user id, for `users.lookupByEmail`. */
  readonly emails = new Map<string, string>();
  /** Time for the rate limit; tests pass the app's manual clock. */
  now: () => number = () => Date.now();
  url = '';
  readonly hooks: Hook[] = [];
  /** 429s answered so far (the per-channel post limit, or a hook's). */
  rateLimited = 0;
  readonly sockets: WebSocket[] = [];
  readonly socketMessages: unknown[] = [];
  readonly #lastPost = new Map<string, number>();
  #seq = 0;
  #server: Server;
  #wss: WebSocketServer | undefined;

  constructor() {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    for (const id of ['C_INC', 'C_STATUS']) this.channels.set(id, { id, name: id.toLowerCase(), archived: false, members: new Set() });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => (this.#wss ? this.#wss.close(() => resolve()) : resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Answers the next calls (of one method, or any) with `answer` instead of the normal result. */
  failNext(times: number, answer: Answer, method?: string): void {
    let left = times;
    this.hooks.push((call) => (left > 0 && (!method || call.method === method) ? (left--, answer) : undefined));
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Posts (by the bot or a person) into a channel or thread, as Slack stores them. */
  addMessage(m: Omit<StoredMessage, 'ts'> & { ts?: string }): StoredMessage {
    const stored = { ...m, ts: m.ts ?? this.#ts() };
    this.messages.push(stored);
    return stored;
  }

  /** Starts the Socket Mode server (a `ws://` URL answered by `apps.connections.open`). */
  async startSocket(onMessage?: (ws: WebSocket, data: unknown) => void): Promise<void> {
    this.#wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.#wss!.once('listening', () => resolve()));
    this.#wss.on('connection', (ws) => {
      this.sockets.push(ws);
      ws.on('message', (raw) => {
        const data: unknown = JSON.parse(raw.toString());
        this.socketMessages.push(data);
        onMessage?.(ws, data);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
    });
  }

  /** Socket Mode connections open now. */
  get openSockets(): number {
    return this.sockets.filter((ws) => ws.readyState === ws.OPEN).length;
  }

  get socketUrl(): string {
    return `ws://127.0.0.1:${(this.#wss!.address() as AddressInfo).port}/link`;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const upload = /^\/upload\/(F\w+)$/.exec(req.url ?? '');
    if (upload) return this.#receiveUpload(upload[1]!, await uploadedBytes(Buffer.concat(chunks), req.headers['content-type']), res);
    const [, replica, method = ''] = /^(?:\/([^/]+))?\/api\/([^?]*)/.exec(req.url ?? '') ?? [];
    const args = parseArgs(raw, req.headers['content-type']);
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || (args.token as string | undefined);
    const call: SlackCall = { method, args, token, ...(replica ? { replica } : {}) };
    this.calls.push(call);
    const answer = this.hooks.map((h) => h(call)).find((a) => a !== undefined) ?? this.#answer(call);
    if (answer.status === 429) this.rateLimited++;
    if (answer.hang) return; // never answers: the client's timeout fires
    if (answer.destroy) return void req.socket.destroy();
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body ?? { ok: true }));
  }

  #answer(call: SlackCall): Answer {
    const a = call.args;
    const ok = (body: Record<string, unknown> = {}): Answer => ({ body: { ok: true, ...body } });
    const fail = (error: string): Answer => ({ body: { ok: false, error } });
    switch (call.method) {
      case 'auth.test':
        return ok({ url: 'https://fake.slack.com/', team: 'Fake', user: 'firebreak', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' });
      case 'chat.postMessage': {
        const channel = this.channels.get(a.channel);
        if (channel?.archived) return fail('is_archived');
        const invalid = validateBlocks(a.blocks);
        if (invalid) return fail(invalid);
        if (typeof a.text === 'string' && a.text.length > 40_000) return fail('msg_too_long');
        const last = this.#lastPost.get(a.channel);
        const now = this.now();
        if (last !== undefined && now - last < 1000) return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
        this.#lastPost.set(a.channel, now);
        const m = this.addMessage({ channel: a.channel, thread_ts: a.thread_ts, text: a.text ?? '', blocks: a.blocks, metadata: a.metadata, user: 'UBOT', bot_id: 'BBOT', reply_broadcast: a.reply_broadcast });
        return ok({ channel: a.channel, ts: m.ts, message: m });
      }
      case 'chat.update': {
        const m = this.messages.find((x) => x.channel === a.channel && x.ts === a.ts);
        if (!m) return fail('message_not_found');
        const invalid = validateBlocks(a.blocks);
        if (invalid) return fail(invalid);
        Object.assign(m, { text: a.text ?? m.text, blocks: a.blocks ?? m.blocks });
        return ok({ channel: a.channel, ts: a.ts });
      }
      case 'chat.postEphemeral':
        return ok({ message_ts: this.#ts() });
      case 'chat.getPermalink':
        return ok({ channel: a.channel, permalink: `https://fake.slack.com/archives/${a.channel}/p${String(a.message_ts).replace('.', '')}` });
      case 'conversations.replies': {
        const found = this.messages.filter((m) => m.channel === a.channel && (m.ts === a.ts || m.thread_ts === a.ts));
        return ok({ messages: found.map((m) => this.#visible(m, a.include_all_metadata)), has_more: false });
      }
      case 'conversations.history': {
        const top = this.messages.filter((m) => m.channel === a.channel && (!m.thread_ts || m.thread_ts === m.ts || m.reply_broadcast));
        return ok({ messages: top.reverse().map((m) => this.#visible(m, a.include_all_metadata)), has_more: false });
      }
      case 'conversations.create': {
        if ([...this.channels.values()].some((c) => c.name === a.name)) return fail('name_taken');
        const id = `C${String(100 + this.channels.size)}`;
        this.channels.set(id, { id, name: a.name, archived: false, members: new Set(['UBOT']) });
        return ok({ channel: { id, name: a.name } });
      }
      case 'conversations.invite': {
        const channel = this.channels.get(a.channel);
        if (!channel) return fail('channel_not_found');
        for (const u of String(a.users).split(',')) channel.members.add(u);
        return ok({ channel: { id: channel.id } });
      }
      case 'conversations.archive': {
        const channel = this.channels.get(a.channel);
        if (!channel) return fail('channel_not_found');
        if (channel.archived) return fail('already_archived');
        channel.archived = true;
        return ok();
      }
      case 'conversations.info':
      case 'conversations.join':
        return this.channels.has(a.channel) ? ok({ channel: { id: a.channel, name: this.channels.get(a.channel)!.name } }) : fail('channel_not_found');
      case 'views.open':
        return ok({ view: { id: `V${this.calls.length}`, hash: 'h1' } });
      case 'users.info': {
        const user = this.users.get(a.user) ?? { id: a.user, name: a.user.toLowerCase(), real_name: `Person ${a.user}` };
        return ok({ user: { ...user, profile: { display_name: user.real_name, real_name: user.real_name } } });
      }
      case 'users.lookupByEmail': {
        const id = this.emails.get(a.email);
        return id ? ok({ user: { id } }) : fail('users_not_found');
      }
      case 'files.getUploadURLExternal': {
        if (!a.filename || !(Number(a.length) > 0)) return fail('invalid_arguments');
        const id = `F${String(this.files.size + 1).padStart(6, '0')}`;
        this.files.set(id, { id, filename: String(a.filename), length: Number(a.length), completed: false });
        return ok({ upload_url: `${this.url}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal': {
        const list = (typeof a.files === 'string' ? JSON.parse(a.files) : a.files) as { id: string; title?: string }[];
        const files = list.map((f) => this.files.get(f.id));
        if (files.some((f) => !f || f.content === undefined)) return fail('file_not_found');
        if (a.channel_id && !this.channels.has(a.channel_id)) return fail('channel_not_found');
        for (const [n, f] of files.entries()) Object.assign(f!, { completed: true, title: list[n]!.title, channel: a.channel_id, thread_ts: a.thread_ts });
        if (a.channel_id) {
          this.addMessage({ channel: a.channel_id, thread_ts: a.thread_ts, text: a.initial_comment ?? '', user: 'UBOT', bot_id: 'BBOT', files: files.map((f) => ({ id: f!.id, name: f!.filename, title: f!.title })) });
        }
        return ok({ files: files.map((f) => ({ id: f!.id, name: f!.filename, title: f!.title })) });
      }
      case 'apps.connections.open':
        return this.#wss ? ok({ url: this.socketUrl }) : fail('not_allowed_token_type');
      default:
        return ok();
    }
  }

  /** The upload URL takes the file's bytes (any content type) and answers 200 with a plain body, as Slack's does. */
  #receiveUpload(id: string, raw: string, res: ServerResponse): void {
    const file = this.files.get(id);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    file.content = raw;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${Buffer.byteLength(raw)}`);
  }

  #visible(m: StoredMessage, withMetadata: unknown): Omit<StoredMessage, 'metadata'> & { metadata?: StoredMessage['metadata'] } {
    const { metadata, ...rest } = m;
    return withMetadata === true || withMetadata === 'true' ? { ...rest, metadata } : rest;
  }

  #ts(): string {
    this.#seq += 1;
    return `${Math.floor(this.now() / 1000)}.${String(this.#seq).padStart(6, '0')}`;
  }
}

/** The Web API client sends forms whose nested values (blocks, metadata) are JSON strings; or JSON. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if ((contentType ?? '').includes('application/json')) return JSON.parse(raw) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (/^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // not JSON after all: kept as text
      }
    }
    out[k] = v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}

/** What was posted to an upload URL: the raw body, or the file part of a multipart form (as `@slack/web-api` sends it). */
async function uploadedBytes(raw: Buffer, contentType: string | undefined): Promise<string> {
  if (!(contentType ?? '').startsWith('multipart/form-data')) return raw.toString('utf8');
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType! } }).formData();
  const files: Blob[] = [];
  form.forEach((value) => {
    if (typeof value !== 'string') files.push(value);
  });
  return files[0] ? files[0].text() : '';
}
