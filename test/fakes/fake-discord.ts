/**
 * A fake Discord on 127.0.0.1: the REST API (as `@discordjs/rest` calls it, under `/api/v10`) and
 * the gateway (a WebSocket on the same port). It records every REST call in order, keeps channels,
 * threads and messages, enforces the limits Discord enforces with its 400 error shape, honours
 * `nonce` + `enforce_nonce`, and can answer a call with any status once (429 with the rate-limit
 * headers, 5xx, a refusal).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeCall {
  method: string;
  path: string;
  body: any;
  /** Files of a multipart request (`files[n]`), beside its `payload_json` (then `body`). */
  files?: FakeFile[];
  /** `r1` for a call to `/r1/api/v10/…`: several replicas can share one fake, each on a base URL of its own. */
  replica?: string;
}

export interface FakeFile {
  field: string;
  filename: string;
  contentType: string;
  content: string;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: any[];
  components: any[];
  allowed_mentions?: any;
  nonce?: string;
  /** Files attached with the message (multipart `files[n]`), with their content. */
  attachments?: { id: string; filename: string; content_type: string; size: number; content: string }[];
  author: { id: string; username: string; bot?: boolean; global_name?: string };
  timestamp: string;
  edits: number;
}

export interface FakeThread {
  id: string;
  parent_id: string;
  name: string;
  auto_archive_duration?: number;
  archived: boolean;
  locked: boolean;
}

interface Injected {
  match: (call: FakeCall) => boolean;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Do the work, then answer the failure (the platform accepted; the answer got lost). */
  after?: boolean;
}

export const BOT = { id: '1100000000000000001', username: 'Firebreak', bot: true, discriminator: '0' };

export class FakeDiscord {
  readonly calls: FakeCall[] = [];
  readonly messages = new Map<string, FakeMessage>();
  readonly threads = new Map<string, FakeThread>();
  readonly channels = new Set<string>();
  readonly commands = new Map<string, any[]>();
  readonly callbacks = new Map<string, any>();
  readonly identifies: any[] = [];
  readonly resumes: any[] = [];
  url = '';
  wsUrl = '';
  #server: Server;
  #wss: WebSocketServer;
  #socket: WebSocket | undefined;
  readonly #sessions = new Set<WebSocket>();
  #seq = 0;
  #nextId = 1300000000000000000n;
  #injected: Injected[] = [];
  #queued: unknown[] = [];

  constructor(channels: string[]) {
    for (const c of channels) this.channels.add(c);
    this.#server = createServer((req, res) => void this.#serve(req, res));
    this.#wss = new WebSocketServer({ server: this.#server });
    this.#wss.on('connection', (socket) => this.#connect(socket));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/api`;
    this.wsUrl = `ws://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Answers the next call that matches with `status` (once). */
  failOnce(match: (call: FakeCall) => boolean, status: number, body?: unknown, options: { after?: boolean; headers?: Record<string, string>; times?: number } = {}): void {
    for (let i = 0; i < (options.times ?? 1); i++) this.#injected.push({ match, status, body: body ?? { message: 'Injected failure', code: 0 }, ...options });
  }

  /** Answers the next matching call with 429, `Retry-After` and Discord's rate-limit headers. */
  rateLimitOnce(match: (call: FakeCall) => boolean, retryAfterSeconds: number): void {
    this.failOnce(match, 429, { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false }, {
      headers: {
        'retry-after': String(Math.ceil(retryAfterSeconds)),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(retryAfterSeconds),
        'x-ratelimit-bucket': 'fake-bucket',
        'x-ratelimit-scope': 'user',
      },
    });
  }

  /** REST calls other than the gateway lookup, as `METHOD /path`. */
  log(): string[] {
    return this.calls.filter((c) => c.path !== '/gateway/bot').map((c) => `${c.method} ${c.path}`);
  }

  messagesIn(channelId: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId);
  }

  // ── gateway ───────────────────────────────────────────────────────────────

  get connected(): boolean {
    return this.#socket !== undefined;
  }

  /** Gateway connections open now that identified or resumed (one per bot session). */
  get openSessions(): number {
    return [...this.#sessions].filter((s) => s.readyState === s.OPEN).length;
  }

  /** Sends a dispatch (`INTERACTION_CREATE`, …); while disconnected it waits for the resume. */
  dispatch(t: string, d: unknown): void {
    const packet = { op: 0, t, s: ++this.#seq, d };
    if (this.#socket) this.#socket.send(JSON.stringify(packet));
    else this.#queued.push(packet);
  }

  /** Closes the socket as Discord does when a session must resume (4000: unknown error). */
  disconnect(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close(4000, 'test disconnect');
  }

  #connect(socket: WebSocket): void {
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    socket.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: any };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (packet.op === 2) {
        this.identifies.push(packet.d);
        this.#sessions.add(socket);
        this.#socket = socket;
        this.dispatch('READY', {
          v: 10,
          user: BOT,
          guilds: [],
          session_id: 'fake-session',
          resume_gateway_url: this.wsUrl,
          shard: [0, 1],
          application: { id: '1100000000000000002', flags: 0 },
        });
      }
      if (packet.op === 6) {
        this.resumes.push(packet.d);
        this.#sessions.add(socket);
        this.#socket = socket;
        socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.#seq, d: {} }));
        for (const queued of this.#queued.splice(0)) socket.send(JSON.stringify(queued));
      }
    });
    socket.on('close', () => {
      this.#sessions.delete(socket);
      if (this.#socket === socket) this.#socket = undefined;
    });
  }

  // ── REST ──────────────────────────────────────────────────────────────────

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const text = raw.toString('utf8');
    const [, replica, rest = ''] = /^(?:\/([^/]+))?\/api\/v10(.*)$/.exec(req.url ?? '') ?? [];
    const path = rest.split('?')[0]!;
    const contentType = req.headers['content-type'] ?? '';
    const call: FakeCall = {
      ...(contentType.startsWith('multipart/form-data')
        ? { method: req.method ?? 'GET', path, ...(await parseMultipart(raw, contentType)) }
        : { method: req.method ?? 'GET', path, body: text ? JSON.parse(text) : undefined }),
      ...(replica ? { replica } : {}),
    };
    this.calls.push(call);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    const injected = this.#injected.findIndex((i) => i.match(call));
    const failure = injected >= 0 ? this.#injected.splice(injected, 1)[0]! : undefined;
    if (failure && !failure.after) return send(failure.status, failure.body, failure.headers);
    const [status, body] = this.#route(call);
    if (failure) return send(failure.status, failure.body, failure.headers);
    send(status, body);
  }

  #route(call: FakeCall): [number, unknown?] {
    const { method, path, body } = call;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return [200, { url: this.wsUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }];
    }
    if ((m = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(path))) {
      if (this.callbacks.has(m[1]!)) return [400, { code: 40060, message: 'Interaction has already been acknowledged.' }];
      this.callbacks.set(m[1]!, body);
      return [204];
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path))) {
      return [200, this.#store(`webhook:${m[2]}`, body)];
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      const key = m[2] ?? 'global';
      if (method === 'GET') return [200, this.commands.get(key) ?? []];
      const stored = (body as any[]).map((c, i) => ({ id: String(1200000000000000000n + BigInt(i)), application_id: m![1], version: '1', default_member_permissions: null, ...c }));
      this.commands.set(key, stored);
      return [200, stored];
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) && method === 'POST') {
      if (!this.channels.has(m[1]!)) return unknownChannel();
      if (this.threads.has(m[2]!)) return [400, { code: 160004, message: 'A thread has already been created for this message' }];
      const thread: FakeThread = { id: m[2]!, parent_id: m[1]!, name: body.name, auto_archive_duration: body.auto_archive_duration, archived: false, locked: false };
      this.threads.set(thread.id, thread);
      return [201, { id: thread.id, type: 11, parent_id: thread.parent_id, name: thread.name, thread_metadata: { archived: false, locked: false } }];
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      const message = this.messages.get(m[2]!);
      if (!this.#knows(m[1]!)) return unknownChannel();
      if (!message || message.channel_id !== m[1]) return [404, { code: 10008, message: 'Unknown Message' }];
      if (method === 'GET') return [200, message];
      const invalid = this.#invalid(body) ?? this.#closed(m[1]!);
      if (invalid) return invalid;
      Object.assign(message, pick(body), { edits: message.edits + 1 });
      return [200, message];
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      if (!this.#knows(m[1]!)) return unknownChannel();
      const invalid = this.#invalid(body) ?? this.#closed(m[1]!);
      if (invalid) return invalid;
      const existing = body.enforce_nonce && body.nonce ? this.messagesIn(m[1]!).find((x) => x.nonce === body.nonce) : undefined;
      return [200, existing ?? this.#store(m[1]!, body, call.files)];
    }
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === 'GET') {
      if (!this.#knows(m[1]!)) return unknownChannel();
      return [200, { id: m[1], type: this.threads.has(m[1]!) ? 11 : 0 }];
    }
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === 'PATCH') {
      const thread = this.threads.get(m[1]!);
      if (!thread) return unknownChannel();
      if (thread.locked && body.archived === false) return [403, { code: 50013, message: 'Missing Permissions' }];
      thread.archived = Boolean(body.archived);
      return [200, { id: thread.id, type: 11, thread_metadata: { archived: thread.archived, locked: thread.locked } }];
    }
    return [404, { code: 0, message: '404: Not Found' }];
  }

  #knows(channel: string): boolean {
    return this.channels.has(channel) || this.threads.has(channel);
  }

  #closed(channel: string): [number, unknown] | undefined {
    const thread = this.threads.get(channel);
    if (thread?.locked) return [400, { code: 160005, message: 'Thread is locked' }];
    if (thread?.archived) return [400, { code: 50083, message: 'Thread is archived' }];
    return undefined;
  }

  /** Discord's checks on a message body: content ≤ 2000, `custom_id` ≤ 100 and unique, at most 5 rows of 5. */
  #invalid(body: any): [number, unknown] | undefined {
    const errors: Record<string, unknown> = {};
    if (typeof body.content === 'string' && body.content.length > 2000) errors.content = maxLength(2000);
    const ids = new Set<string>();
    (body.components ?? []).forEach((row: any, r: number) => {
      if (r >= 5 || (row.components ?? []).length > 5) errors[`components.${r}`] = maxLength(5);
      (row.components ?? []).forEach((c: any, i: number) => {
        if (typeof c.custom_id !== 'string') return;
        if (c.custom_id.length > 100) errors[`components.${r}.components.${i}.custom_id`] = maxLength(100);
        if (ids.has(c.custom_id)) errors[`components.${r}.components.${i}.custom_id`] = { _errors: [{ code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' }] };
        ids.add(c.custom_id);
      });
    });
    for (const e of body.embeds ?? []) if ((e.description ?? '').length > 4096) errors['embeds.0.description'] = maxLength(4096);
    if (Object.keys(errors).length === 0) return undefined;
    return [400, { code: 50035, message: 'Invalid Form Body', errors }];
  }

  #store(channel: string, body: any, files: FakeFile[] = []): FakeMessage {
    const id = String(this.#nextId++);
    const message: FakeMessage = { id, channel_id: channel, ...pick(body), nonce: body.nonce, author: BOT, timestamp: new Date().toISOString(), edits: 0 };
    if (files.length) {
      message.attachments = files.map((f, n) => ({ id: String(this.#nextId++), filename: body.attachments?.[n]?.filename ?? f.filename, content_type: f.contentType, size: Buffer.byteLength(f.content), content: f.content }));
    }
    this.messages.set(id, message);
    return message;
  }
}

function pick(body: any): Pick<FakeMessage, 'content' | 'embeds' | 'components' | 'allowed_mentions'> {
  return { content: body.content ?? '', embeds: body.embeds ?? [], components: body.components ?? [], allowed_mentions: body.allowed_mentions };
}

function maxLength(n: number): unknown {
  return { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${n} or fewer in length.` }] };
}

function unknownChannel(): [number, unknown] {
  return [404, { code: 10003, message: 'Unknown Channel' }];
}

export async function startFakeDiscord(channels: string[]): Promise<FakeDiscord> {
  return new FakeDiscord(channels).listen();
}

/** A multipart body as Discord reads it: `payload_json` is the JSON body, `files[n]` the attachments. */
async function parseMultipart(raw: Buffer, contentType: string): Promise<{ body: any; files: FakeFile[] }> {
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const files: FakeFile[] = [];
  let body: any = {};
  const entries: [string, FormDataEntryValue][] = [];
  form.forEach((value, field) => entries.push([field, value]));
  for (const [field, value] of entries) {
    if (field === 'payload_json' && typeof value === 'string') body = JSON.parse(value);
    else if (typeof value !== 'string') files.push({ field, filename: value.name, contentType: value.type, content: await value.text() });
  }
  return { body, files };
}
