import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { message, type Modal } from '../../../src/core/message.js';
import { startConsoleServer, type ConsoleServer } from './console-server.js';

const ALICE = 'fb_name=Alice%20Martin';

describe('console routes', () => {
  let s: ConsoleServer;

  beforeAll(async () => {
    s = await startConsoleServer({ heartbeatMs: 50 });
  });
  afterAll(async () => {
    await s.app.close();
  });
  beforeEach(() => {
    s.interactions.calls.length = 0;
    s.interactions.respond = () => ({});
    s.errors.length = 0;
  });

  const post = (path: string, body: unknown, cookie: string | undefined = ALICE, headers: Record<string, string> = {}) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
      body: JSON.stringify(body),
    });

  describe('page and assets', () => {
    it.each(['/', '/incidents/INC-4'])('serves the single-page console at %s with a strict CSP', async (path) => {
      const res = await fetch(`${s.url}${path}`);

      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const html = await res.text();
      expect(html).toContain('<script type="module" src="/assets/app.js"></script>');
    });

    it('serves scripts, styles and icons with their content types', async () => {
      const types = {
        'app.js': 'text/javascript; charset=utf-8',
        'markup.js': 'text/javascript; charset=utf-8',
        'style.css': 'text/css; charset=utf-8',
        'favicon.svg': 'image/svg+xml',
      };
      for (const [name, type] of Object.entries(types)) {
        const res = await fetch(`${s.url}/assets/${name}`);
        expect(res.status, name).toBe(200);
        expect(res.headers.get('content-type'), name).toBe(type);
        expect(res.headers.get('content-security-policy'), name).toContain("default-src 'self'");
        expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
      }
    });

    it('answers a revalidation with 304', async () => {
      const first = await fetch(`${s.url}/assets/style.css`);
      const etag = first.headers.get('etag')!;

      const again = await fetch(`${s.url}/assets/style.css`, { headers: { 'if-none-match': etag } });

      expect(again.status).toBe(304);
    });

    it.each(['../web-chat.ts', '..%2Fweb-chat.ts', 'nope.js', 'markup.d.ts', 'index.html', '.hidden.js'])(
      'serves nothing outside the public folder or unknown: %s',
      async (name) => {
        const res = await fetch(`${s.url}/assets/${name}`);
        expect(res.status).toBe(404);
      },
    );

    it('references no external resource in the page, scripts or styles', async () => {
      const names = ['', 'assets/app.js', 'assets/style.css', 'assets/render.js', 'assets/dialogs.js', 'assets/api.js'];
      for (const name of names) {
        const text = await (await fetch(`${s.url}/${name}`)).text();
        expect(text, name).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
        expect(text, name).not.toMatch(/@import|url\(\s*["']?https?:/i);
        expect(text, name).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
      }
    });
  });

  describe('messages', () => {
    it('lists a channel (roots only) and a thread (root first, then replies)', async () => {
      const root = await s.chat.openThread('INC-1', message('root'));
      await s.chat.post({ thread: root }, message('reply'));
      await s.chat.post({ channel: 'status' }, message('status'));

      const channel = await (await fetch(`${s.url}/console/api/messages?channel=incidents`)).json();
      const thread = await (await fetch(`${s.url}/console/api/messages?thread=${root.messageId}`)).json();
      const status = await (await fetch(`${s.url}/console/api/messages?channel=status`)).json();

      expect(channel.map((r: { message: { text: string } }) => r.message.text)).toEqual(['root']);
      expect(thread.map((r: { message: { text: string } }) => r.message.text)).toEqual(['root', 'reply']);
      expect(thread[1]).toMatchObject({ threadId: root.messageId, incidentId: 'INC-1', message: message('reply') });
      expect(status.map((r: { message: { text: string } }) => r.message.text)).toEqual(['status']);
    });

    it('rejects a bad query and an unknown thread', async () => {
      expect((await fetch(`${s.url}/console/api/messages?channel=random`)).status).toBe(400);
      expect((await fetch(`${s.url}/console/api/messages?thread=99999`)).status).toBe(404);
    });
  });

  describe('interactions', () => {
    it('turns a command into interactions.command with the actor from the cookie', async () => {
      s.interactions.respond = () => ({ message: message('Declared INC-2') });

      const res = await post('/console/api/command', { text: 'declare Checkout is down' });

      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ message: message('Declared INC-2') });
      expect(s.interactions.calls).toEqual([
        {
          kind: 'command',
          text: 'declare Checkout is down',
          ctx: { actor: { id: 'web:alice-martin', name: 'Alice Martin' }, surface: 'web' },
        },
      ]);
    });

    it('passes the thread incident of a command and an action', async () => {
      await post('/console/api/command', { text: 'sev 2', incidentId: 'inc-4' });
      await post('/console/api/action', { actionId: 'fb.ack', value: 'INC-4', incidentId: 'INC-4' });

      expect(s.interactions.calls).toEqual([
        expect.objectContaining({ kind: 'command', text: 'sev 2', ctx: expect.objectContaining({ incidentId: 'INC-4' }) }),
        {
          kind: 'action',
          actionId: 'fb.ack',
          value: 'INC-4',
          ctx: { actor: { id: 'web:alice-martin', name: 'Alice Martin' }, surface: 'web', incidentId: 'INC-4' },
        },
      ]);
    });

    it('answers an action with the modal the core returns, and submits it', async () => {
      const modal: Modal = {
        id: 'fb.modal.update',
        title: 'Post an update',
        submitLabel: 'Post',
        privateValue: 'INC-4',
        inputs: [{ type: 'text', id: 'text', label: 'Update', multiline: true }],
      };
      s.interactions.respond = (call) => (call.kind === 'action' ? { modal } : {});

      const opened = await post('/console/api/action', { actionId: 'fb.update.open', value: 'INC-4' });
      const submitted = await post('/console/api/submit', {
        modalId: modal.id,
        privateValue: modal.privateValue,
        values: { text: 'Rolled back' },
      });

      expect(await opened.json()).toEqual({ modal });
      expect(submitted.status).toBe(200);
      expect(s.interactions.calls[1]).toEqual({
        kind: 'submit',
        modalId: 'fb.modal.update',
        privateValue: 'INC-4',
        values: { text: 'Rolled back' },
        ctx: { actor: { id: 'web:alice-martin', name: 'Alice Martin' }, surface: 'web' },
      });
    });

    it('asks for a name when the cookie is missing or empty', async () => {
      for (const cookie of ['', 'fb_name=', 'other=1', 'fb_name=%20%E2%80%8B']) {
        const res = await post('/console/api/command', { text: 'help' }, cookie);
        expect(res.status, String(cookie)).toBe(400);
        expect((await res.json()).error).toBe('name_required');
      }
      expect(s.interactions.calls).toEqual([]);
    });

    it('rejects malformed bodies without calling the core', async () => {
      expect((await post('/console/api/command', { text: 42 })).status).toBe(400);
      expect((await post('/console/api/command', { text: 'x', incidentId: 'nope' })).status).toBe(400);
      expect((await post('/console/api/action', { actionId: 'fb.ack' })).status).toBe(400);
      expect((await post('/console/api/submit', { modalId: 'm', privateValue: '', values: { a: 1 } })).status).toBe(400);
      expect(s.interactions.calls).toEqual([]);
    });

    it('refuses a request another site makes', async () => {
      const res = await post('/console/api/command', { text: 'resolve' }, ALICE, { origin: 'https://evil.example' });

      expect(res.status).toBe(403);
      expect(s.interactions.calls).toEqual([]);
    });

    it.each([
      [new ValidationError('Severity must be 1–4'), 400, 'validation_failed'],
      [new NotFoundError('No incident INC-99'), 404, 'not_found'],
      [new ConflictError('INC-4 is already resolved'), 409, 'conflict'],
    ])('shows an exposed core error as a 4xx: %s', async (error, status, code) => {
      s.interactions.respond = () => {
        throw error;
      };

      const res = await post('/console/api/command', { text: 'sev 9' });

      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error: code, message: error.message });
      expect(s.errors).toEqual([]);
    });

    it('hides an unexpected error behind a ref that is logged', async () => {
      s.interactions.respond = () => {
        throw new Error('connection reset by database');
      };

      const res = await post('/console/api/action', { actionId: 'fb.ack', value: 'INC-1' });
      const body = await res.json();

      expect(res.status).toBe(500);
      expect(body.error).toBe('internal');
      const ref = /^Something went wrong \(ref ([0-9a-f]{8})\)$/.exec(body.message)?.[1];
      expect(ref).toBeDefined();
      expect(JSON.stringify(body)).not.toContain('database');
      expect(s.errors).toEqual([{ obj: expect.objectContaining({ ref, err: expect.any(Error) }), msg: expect.any(String) }]);
    });

    it('sends a test alert through the injected intake', async () => {
      const res = await post('/console/api/test-alert', {}, '');

      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ status: 202, body: { accepted: 1, incidents: ['INC-9'] } });
      expect(s.testAlerts).toBe(1);
    });
  });

  describe('live events', () => {
    it('streams a message posted through WebChat, with heartbeats, and cleans up on disconnect', async () => {
      const controller = new AbortController();
      const res = await fetch(`${s.url}/console/api/events`, { signal: controller.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      expect(s.chat.subscriberCount).toBe(1);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();

      const ref = await s.chat.openThread('INC-5', message('Payments are failing'));
      await s.chat.update(ref, message('Payments are failing (SEV1)'));

      let text = '';
      while (!text.includes('(SEV1)') || !text.includes(': heartbeat')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      const events = text
        .split('\n\n')
        .filter((chunk) => chunk.startsWith('data: '))
        .map((chunk) => JSON.parse(chunk.slice(6)));
      expect(events.map((e) => [e.type, e.row.id, e.row.message.text])).toEqual([
        ['message', Number(ref.messageId), 'Payments are failing'],
        ['message', Number(ref.messageId), 'Payments are failing (SEV1)'],
      ]);

      await reader.cancel();
      controller.abort();
      await expect.poll(() => s.chat.subscriberCount).toBe(0);
    });
  });
});
