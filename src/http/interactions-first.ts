/**
 * Interactions first: while a person waits for the answer to a click, a command or a form, alert
 * deliveries not yet begun wait, and the burst queue's drain pauses. During a storm the event loop
 * then spends the few turns a click needs (its commit, its flush, its answer) on the click alone,
 * instead of sharing each one with sixteen deliveries. The deliveries lose a few milliseconds; the
 * person does not wait behind the storm. The interaction's own units of work go ahead of the
 * deliveries' in the group commit (`runAhead`).
 *
 * An interaction holds the intake from its first byte until its answer is written, at most `holdMs`:
 * a slow one (a form that waits for the platform) never stalls a storm for longer than that.
 */
import type { FastifyInstance } from 'fastify';
import { runAhead } from '../store/units-ahead.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A person waits for this route's answer (a click, a command): the intake yields to it. */
    interactive?: boolean;
  }
}

/** The most one interaction holds the intake for. */
const HOLD_MS = 100;

export class InteractionsFirst {
  #holding = 0;
  #clear: (() => void)[] = [];

  constructor(private readonly holdMs = HOLD_MS) {}

  /** An interaction begins; the function returned ends it (once; later calls do nothing). */
  begin(): () => void {
    this.#holding++;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      if (--this.#holding > 0) return;
      const waiting = this.#clear.splice(0);
      waiting.forEach((resolve) => resolve());
    };
    const timer = setTimeout(end, this.holdMs);
    timer.unref();
    return end;
  }

  /** An interaction is under way. */
  get holding(): boolean {
    return this.#holding > 0;
  }

  /** Resolves once no interaction is under way; undefined when none is. */
  whenClear(): Promise<void> | undefined {
    if (this.#holding === 0) return undefined;
    return new Promise<void>((resolve) => this.#clear.push(resolve));
  }
}

/**
 * Routes configured `interactive` hold the intake from the moment they are routed until their
 * answer is written, and their units of work go ahead of the others in the group commit.
 * Call before the routes are registered.
 */
export function holdForInteractiveRoutes(server: FastifyInstance, first: InteractionsFirst): void {
  server.addHook('onRoute', (route) => {
    if (!route.config?.interactive) return;
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      return runAhead(() => handler.call(this, request, reply));
    };
  });
  server.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.config.interactive) return;
    reply.raw.once('close', first.begin());
  });
}
