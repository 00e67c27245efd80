/** Small typed calls to a running Firebreak's HTTP API and console API, as a script or browser would. */
import { expect } from 'vitest';

export interface TimelineEntry {
  at: string;
  kind: string;
  actor: { id: string; name: string };
  text?: string;
  data?: Record<string, unknown>;
}

export interface IncidentJson {
  id: string;
  title: string;
  url: string;
  status: string;
  severity: string | null;
  acknowledgedAt: string | null;
  roles: Record<string, { name: string } | undefined>;
  timeline: TimelineEntry[];
}

export interface WebMessage {
  id: number;
  threadId: string | null;
  incidentId: string | null;
  message: { text: string };
}

export function client(base: string, name = 'Alice') {
  const json = async <T>(path: string, init?: RequestInit, status = 200): Promise<T> => {
    const res = await fetch(base + path, init);
    const body = await res.text();
    expect(res.status, `${init?.method ?? 'GET'} ${path}: ${body}`).toBe(status);
    return JSON.parse(body) as T;
  };
  const post = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `fb_name=${encodeURIComponent(name)}` },
    body: JSON.stringify(body),
  });
  return {
    declare: (title: string, severity?: string) => json<IncidentJson>('/api/incidents', post({ title, severity }), 201),
    command: (text: string, incidentId?: string) => json<Record<string, unknown>>('/console/api/command', post({ text, incidentId })),
    incident: (id: string) => json<IncidentJson>(`/api/incidents/${id}`),
    roots: () => json<WebMessage[]>('/console/api/messages?channel=incidents&limit=200'),
    /** Root first, then replies; [] when the incident's thread has not been opened yet. */
    async thread(incidentId: string): Promise<WebMessage[]> {
      const root = (await this.roots()).find((m) => m.incidentId === incidentId);
      return root ? json<WebMessage[]>(`/console/api/messages?channel=incidents&thread=${root.id}&limit=200`) : [];
    },
  };
}

/** Polls `probe` until it returns a value other than `undefined`, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
