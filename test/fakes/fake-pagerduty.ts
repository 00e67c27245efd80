/**
 * A fake PagerDuty on 127.0.0.1:0: the REST API (on-call, schedules, escalation policies, users,
 * incidents) and Events API v2. It records every request and fails on demand (a status with an
 * optional Retry-After, or a request left hanging).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface Failure {
  status?: number;
  retryAfter?: string;
  /** Never answer (the client's timeout must fire). */
  hang?: boolean;
}

export interface FakeIncident {
  id: string;
  incident_number: number;
  incident_key: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  title: string;
  html_url: string;
  assignee?: string;
}

interface Ref {
  id: string;
  summary: string;
}

export interface FakeOnCall {
  escalation_policy: Ref;
  escalation_level: number;
  schedule: Ref | null;
  user: Ref & { email?: string };
  start: string | null;
  end: string | null;
}

export class FakePagerDuty {
  readonly requests: RecordedRequest[] = [];
  readonly incidents: FakeIncident[] = [];
  oncalls: FakeOnCall[] = [];
  schedules: Ref[] = [];
  escalationPolicies: Ref[] = [];
  users: (Ref & { name: string; email: string })[] = [];
  /** Largest page the fake hands out, whatever `limit` asks (so lists take several pages). */
  pageSize = 100;
  url = '';
  #server: Server | undefined;
  #failures: { path: string; failure: Failure }[] = [];
  #hanging: ServerResponse[] = [];

  async start(): Promise<string> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** The next `count` requests whose path starts with `path` fail as told. */
  failNext(path: string, failure: Failure, count = 1): void {
    for (let i = 0; i < count; i++) this.#failures.push({ path, failure });
  }

  /** Events API v2 requests that were accepted (202), in order. */
  get events(): any[] {
    return this.requests.filter((r) => r.path === '/v2/enqueue' && (r as RecordedRequest & { status?: number }).status === 202).map((r) => r.body);
  }

  calls(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const record: RecordedRequest & { status?: number } = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
    this.requests.push(record);
    const index = this.#failures.findIndex((f) => url.pathname.startsWith(f.path));
    if (index >= 0) {
      const [{ failure }] = this.#failures.splice(index, 1) as [{ path: string; failure: Failure }];
      if (failure.hang) {
        this.#hanging.push(res);
        return;
      }
      record.status = failure.status ?? 503;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.retryAfter) headers['retry-after'] = failure.retryAfter;
      res.writeHead(record.status, headers).end(JSON.stringify({ status: 'error', message: 'fake failure', error: { message: 'fake failure' } }));
      return;
    }
    const [status, body] = this.#route(record);
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  #route(r: RecordedRequest): [number, unknown] {
    if (r.method === 'POST' && r.path === '/v2/enqueue') return this.#event(r.body);
    if (r.path === '/oncalls') return [200, this.#page('oncalls', this.#filterOnCalls(r.query), r.query)];
    if (r.path === '/schedules') return [200, this.#page('schedules', byQuery(this.schedules, r.query), r.query)];
    if (r.path === '/escalation_policies') return [200, this.#page('escalation_policies', byQuery(this.escalationPolicies, r.query), r.query)];
    if (r.path === '/users') return [200, this.#page('users', byQuery(this.users, r.query), r.query)];
    if (r.method === 'POST' && r.path === '/incidents') return this.#createIncident(r);
    const put = /^\/incidents\/([^/]+)$/.exec(r.path);
    if (r.method === 'PUT' && put) {
      const incident = this.incidents.find((i) => i.id === put[1]);
      if (!incident) return [404, { error: { message: 'Not Found' } }];
      incident.status = r.body.incident.status;
      return [200, { incident }];
    }
    return [404, { error: { message: `no route ${r.method} ${r.path}` } }];
  }

  #event(body: any): [number, unknown] {
    if (!body?.routing_key || !body.dedup_key || !body.event_action) return [400, { status: 'invalid event', message: 'Event object is invalid', errors: ['missing field'] }];
    const open = this.incidents.find((i) => i.incident_key === body.dedup_key && i.status !== 'resolved');
    if (body.event_action === 'trigger' && !open) this.#open(body.dedup_key, body.payload?.summary ?? '');
    if (body.event_action === 'acknowledge' && open) open.status = 'acknowledged';
    if (body.event_action === 'resolve' && open) open.status = 'resolved';
    return [202, { status: 'success', message: 'Event processed', dedup_key: body.dedup_key }];
  }

  #createIncident(r: RecordedRequest): [number, unknown] {
    if (!r.headers.from) return [400, { error: { message: 'Invalid Input Provided', errors: ['Requester User Not Found'] } }];
    const key = r.body.incident.incident_key;
    if (this.incidents.some((i) => i.incident_key === key && i.status !== 'resolved')) {
      return [400, { error: { message: 'Incident Key Already Exists', errors: ['Open incident with matching dedup key already exists on this service'] } }];
    }
    const assignee = this.users.find((u) => u.id === r.body.incident.assignments?.[0]?.assignee?.id);
    const incident = this.#open(key, r.body.incident.title, assignee?.summary);
    return [201, { incident: { ...incident, assignments: assignee ? [{ assignee: { id: assignee.id, summary: assignee.summary } }] : [] } }];
  }

  #open(key: string, title: string, assignee?: string): FakeIncident {
    const number = this.incidents.length + 1;
    const incident: FakeIncident = { id: `PINC${number}`, incident_number: number, incident_key: key, status: 'triggered', title, html_url: `https://acme.pagerduty.com/incidents/PINC${number}` };
    if (assignee) incident.assignee = assignee;
    this.incidents.push(incident);
    return incident;
  }

  #filterOnCalls(query: URLSearchParams): FakeOnCall[] {
    const schedules = query.getAll('schedule_ids[]');
    const policies = query.getAll('escalation_policy_ids[]');
    return this.oncalls.filter((o) => (!schedules.length || (o.schedule && schedules.includes(o.schedule.id))) && (!policies.length || policies.includes(o.escalation_policy.id)));
  }

  /** Classic offset pagination, as PagerDuty's REST API answers lists. */
  #page(key: string, items: unknown[], query: URLSearchParams) {
    const limit = Math.min(Number(query.get('limit') ?? 25), this.pageSize);
    const offset = Number(query.get('offset') ?? 0);
    return { [key]: items.slice(offset, offset + limit), limit, offset, more: offset + limit < items.length, total: null };
  }
}

function byQuery<T extends { summary: string; id: string }>(items: T[], query: URLSearchParams): T[] {
  const q = query.get('query')?.toLowerCase();
  return q ? items.filter((i) => i.summary.toLowerCase().includes(q) || i.id.toLowerCase() === q) : items;
}
