/**
 * `POST /slack/events` on the one Fastify server, as a Bolt receiver: raw bytes (in a scope of its
 * own, so intake keeps its parsers), at most 1 MiB, `v0` signature and freshness checked, then
 * `url_verification` / `ssl_check` answered or the delivery handed to Bolt.
 */
import type { App, Receiver } from '@slack/bolt';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { BODY_LIMIT } from '../../http/webhook-routes.js';
import { dispatchToBolt, type SlackAnswer } from './dispatch-to-bolt.js';
import type { SlackMetrics } from './slack-metrics.js';
import { verifySlackSignature } from './verify-signature.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export class SlackHttpReceiver implements Receiver {
  #app: App | undefined;
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly options: { signingSecret: string; clock: Clock; log: Logger; metrics: SlackMetrics }) {}

  init(app: App): void {
    this.#app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    await this.whenIdle();
  }

  async whenIdle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async register(server: FastifyInstance): Promise<void> {
    await server.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));
      scope.post(SLACK_EVENTS_PATH, { bodyLimit: BODY_LIMIT, config: { interactive: true } }, async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        return this.#handle(raw, request.headers, reply);
      });
    });
  }

  async #handle(raw: Buffer, headers: Record<string, string | string[] | undefined>, reply: FastifyReply): Promise<FastifyReply> {
    const { metrics, log } = this.options;
    const header = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : undefined);
    const body = parseBody(raw, header('content-type'));
    if (body && body.ssl_check === '1' && !body.command) return reply.code(200).send('');
    const check = verifySlackSignature(
      this.options.signingSecret,
      { timestamp: header('x-slack-request-timestamp'), signature: header('x-slack-signature'), body: raw },
      this.options.clock.now(),
    );
    if (!check.ok) {
      metrics.requests.inc({ outcome: check.reason === 'stale' ? 'stale' : 'bad_signature' });
      log.info({ reason: check.reason }, 'slack request refused');
      return reply.code(401).send({ error: 'unauthorized', message: 'Invalid Slack signature' });
    }
    if (!body) {
      metrics.requests.inc({ outcome: 'bad_body' });
      return reply.code(400).send({ error: 'bad_request', message: 'Unreadable Slack payload' });
    }
    metrics.requests.inc({ outcome: 'accepted' });
    if (body.type === 'url_verification') return reply.code(200).send({ challenge: body.challenge });
    if (!this.#app) return reply.code(503).send({ error: 'unavailable', message: 'Slack is not initialised yet' });
    const retry = Number(header('x-slack-retry-num'));
    const answer = await this.#dispatch(this.#app, body, Number.isInteger(retry) ? retry : undefined, header('x-slack-retry-reason'));
    if (answer.body === undefined || answer.body === '') return reply.code(answer.status).send('');
    return reply.code(answer.status).send(answer.body);
  }

  /** Resolves with the first acknowledgement; the rest of the work carries on after the answer. */
  #dispatch(app: App, body: Record<string, unknown>, retryNum: number | undefined, retryReason: string | undefined): Promise<SlackAnswer> {
    return new Promise((resolve) => {
      const work = dispatchToBolt(app, { body, retryNum, retryReason }, resolve, this.options.log).finally(() => this.#pending.delete(work));
      this.#pending.add(work);
    });
  }
}

/** Slash commands and interactivity are form-encoded (`payload=` JSON for the latter); events are JSON. */
export function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> | undefined {
  try {
    const text = raw.toString('utf8');
    if ((contentType ?? '').includes('application/json')) {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    }
    const form = Object.fromEntries(new URLSearchParams(text));
    if (typeof form.payload === 'string') return JSON.parse(form.payload) as Record<string, unknown>;
    return form;
  } catch {
    // A body that does not parse is answered 400 by the caller (after the signature check).
    return undefined;
  }
}
