/**
 * Two-phase interactions. An adapter hands over a command, click or form: it is stored (once per
 * platform delivery id), the platform is acknowledged, and only then does it run, with the answer
 * sent to the person through the adapter. An interaction stored but not finished (the process died
 * after the ack) is run by `recover()`. Its change to an incident is made at most once: the first
 * transaction it makes also records its delivery id, so a second run stops there.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { AppError, StoreUnavailableError, isAppError } from '../core/errors.js';
import { createInteractions } from '../core/interaction-handler.js';
import { IncidentService } from '../core/incident-service.js';
import type { Reply } from '../core/interactions.js';
import type { Logger } from '../core/logger.js';
import { message } from '../core/message.js';
import { STORE_TROUBLE_TEXT } from '../core/store-trouble.js';
import type { ChatResponder, InboxEntry, InboxStore, IncidentStore, StoredInboxEntry } from '../core/ports.js';

export interface InteractionInboxOptions {
  store: InboxStore;
  service: IncidentService;
  clock: Clock;
  log: Logger;
  responders?: ChatResponder[];
  leaseMs?: number;
  /** Store trouble is retried this many times before the person is told it failed. */
  maxAttempts?: number;
}

/** Thrown inside the first transaction of a run whose delivery was already processed. */
class AlreadyProcessed extends AppError {
  constructor() {
    super('already_processed', 'This interaction was already processed');
  }
}

const RETRY_MS = [500, 2_000, 5_000, 15_000];

export class InteractionInbox {
  readonly #responders = new Map<string, ChatResponder>();

  constructor(private readonly options: InteractionInboxOptions) {
    for (const responder of options.responders ?? []) this.register(responder);
  }

  register(responder: ChatResponder): void {
    this.#responders.set(responder.surface, responder);
  }

  /**
   * Stores the interaction, then calls `ack` (the platform's 3 s answer), then runs it. A repeated
   * delivery is acknowledged and not run again. Resolves once the interaction is stored and acked;
   * `done` settles when it has run and been answered.
   */
  async receive(entry: InboxEntry, ack: () => Promise<void>): Promise<{ duplicate: boolean; done: Promise<void> }> {
    const { id, duplicate } = await this.options.store.acceptInteraction(entry);
    await ack();
    if (duplicate) {
      this.options.log.info({ surface: entry.surface, deliveryId: entry.deliveryId }, 'repeated interaction delivery ignored');
      return { duplicate, done: Promise.resolve() };
    }
    const done = this.process(id).catch((err: unknown) => {
      // Left unfinished: `recover()` takes it up again when its lease ends.
      this.options.log.error({ err, surface: entry.surface, inboxId: id }, 'interaction left unfinished');
    });
    return { duplicate, done };
  }

  /** Runs stored interactions that were never finished (a crash after the ack, or store trouble). */
  async recover(): Promise<number> {
    const ids = await this.options.store.strandedInteractions(this.options.clock.now(), 100);
    for (const id of ids) await this.process(id);
    return ids.length;
  }

  nextDueAt(): Promise<number | undefined> {
    return this.options.store.nextInteractionDueAt();
  }

  async process(id: number): Promise<void> {
    const { store, clock, log } = this.options;
    const entry = await store.leaseInteraction(id, clock.now(), this.options.leaseMs ?? 30_000);
    if (!entry) return;
    let reply: Reply;
    try {
      reply = await createInteractions(this.#once(entry)).run(entry.inbound, entry.ctx);
    } catch (err) {
      if (err instanceof AlreadyProcessed) {
        await store.completeInteraction(id, clock.now());
        return;
      }
      if (err instanceof StoreUnavailableError && entry.attempts + 1 < (this.options.maxAttempts ?? RETRY_MS.length + 1)) {
        const wait = RETRY_MS[Math.min(entry.attempts, RETRY_MS.length - 1)]!;
        log.warn({ err, surface: entry.surface, inboxId: id, retryInMs: wait }, 'interaction hit store trouble; will retry');
        await store.retryInteraction(id, clock.now() + wait, err.message);
        return;
      }
      reply = this.#present(err, entry);
    }
    await this.#answer(entry, reply);
    await store.completeInteraction(id, clock.now());
  }

  async #answer(entry: StoredInboxEntry, reply: Reply): Promise<void> {
    const responder = this.#responders.get(entry.surface);
    // Called with an empty reply too: a platform may have a loading state to close (Discord's "thinking…").
    if (!responder) return;
    try {
      await responder.respond(entry.replyTo, reply, entry);
    } catch (err) {
      // The change is made; only the private answer is lost. The thread shows what happened.
      this.options.log.warn({ err, surface: entry.surface, inboxId: entry.id }, 'could not answer an interaction');
    }
  }

  /** The error presenter of every chat: a safe message as it is, anything else with a log reference. */
  #present(err: unknown, entry: StoredInboxEntry): Reply {
    if (err instanceof StoreUnavailableError) {
      this.options.log.error({ err, surface: entry.surface, inboxId: entry.id }, 'interaction gave up on store trouble');
      return { message: message(STORE_TROUBLE_TEXT) };
    }
    if (isAppError(err) && err.expose) return { message: message(`⚠️ ${err.message}`) };
    const ref = randomUUID().slice(0, 8);
    this.options.log.error({ err, ref, surface: entry.surface, inboxId: entry.id }, 'interaction failed');
    return { message: message(`⚠️ Something went wrong (ref ${ref}). Nothing was changed if the thread does not say so.`) };
  }

  /** The service as seen by one stored interaction: its first transaction records the delivery id. */
  #once(entry: StoredInboxEntry): IncidentService {
    const { service, clock } = this.options;
    const store = service.deps.store;
    let marked = false;
    const transaction: IncidentStore['transaction'] = (work) =>
      store.transaction(async (tx) => {
        if (!marked && !(await tx.markDelivery(`chat:${entry.surface}`, entry.deliveryId, clock.now()))) throw new AlreadyProcessed();
        const result = await work(tx);
        marked = true;
        return result;
      });
    const scoped = new Proxy(store, {
      get(target, prop) {
        if (prop === 'transaction') return transaction;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    return new IncidentService({ ...service.deps, store: scoped });
  }
}
