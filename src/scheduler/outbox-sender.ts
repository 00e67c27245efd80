/**
 * Delivers the chat outbox: in order per lane (one thread or channel of one surface), lanes in
 * parallel, honouring Retry-After and backing off on server errors, so one rate-limited thread
 * never holds up the others. A row is marked delivered only after the platform accepted it.
 */
import { HOUR, type Clock } from '../core/clock.js';
import { UpstreamError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ChatPort, MessageRef, OutboxRow, OutboxStore } from '../core/ports.js';

export interface OutboxSenderOptions {
  store: OutboxStore;
  chats: readonly ChatPort[];
  clock: Clock;
  log: Logger;
  /** How many lanes deliver at once. */
  concurrency?: number;
  leaseMs?: number;
  /** After this many failed attempts of an unexpected error, a row is given up (and logged). */
  maxAttempts?: number;
}

const BACKOFF_MS = [1_000, 2_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000];

export class OutboxSender {
  readonly #chats: Map<string, ChatPort>;

  constructor(private readonly options: OutboxSenderOptions) {
    this.#chats = new Map(options.chats.map((c) => [c.surface, c]));
  }

  /** Delivers every due message until nothing more is due now. Returns how many were delivered. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const delivered = await this.deliverOnePerLane();
      total += delivered;
      if (delivered === 0) break;
    }
    await this.#pruneNowAndThen();
    return total;
  }

  /** One pass: the due head of every lane, delivered by a few workers so one slow lane holds up no other. */
  async deliverOnePerLane(): Promise<number> {
    const due = await this.options.store.pendingOutbox(this.options.clock.now(), 1000);
    let next = 0;
    let delivered = 0;
    const worker = async () => {
      while (next < due.length) {
        if (await this.deliver(due[next++]!)) delivered++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 8, due.length) }, worker));
    return delivered;
  }

  #lastPruneAt = 0;

  /** Delivered rows are kept a week for inspection, then deleted; checked at most hourly. */
  async #pruneNowAndThen(): Promise<void> {
    const now = this.options.clock.now();
    if (now - this.#lastPruneAt < HOUR) return;
    this.#lastPruneAt = now;
    const deleted = await this.options.store.pruneOutbox(now - 7 * 24 * HOUR);
    if (deleted > 0) this.options.log.debug({ deleted }, 'pruned delivered outbox rows');
  }

  private async deliver(pending: OutboxRow): Promise<boolean> {
    const { store, clock, log } = this.options;
    const chat = this.#chats.get(pending.surface);
    const now = clock.now();
    if (!chat) {
      await store.failOutbox(pending.id, now, `no chat surface "${pending.surface}" is configured`);
      return false;
    }
    // send the row as leased, not as read: an edit may have been coalesced into it in between
    const row = await store.leaseOutbox(pending.id, now, this.options.leaseMs ?? 60_000);
    if (!row) return false;
    try {
      await this.send(chat, row);
      await store.completeOutbox(row.id, clock.now());
      return true;
    } catch (err) {
      const attempts = row.attempts + 1;
      const retryable = err instanceof UpstreamError ? err.retryable : attempts < (this.options.maxAttempts ?? 8);
      const reason = err instanceof Error ? err.message : String(err);
      if (!retryable) {
        log.error({ err, outboxId: row.id, surface: row.surface }, 'chat refused a message; giving up on it');
        await store.failOutbox(row.id, clock.now(), reason);
        return false;
      }
      const wait = err instanceof UpstreamError && err.retryAfterMs !== undefined ? err.retryAfterMs : backoff(attempts);
      log.warn({ err, outboxId: row.id, surface: row.surface, retryInMs: wait }, 'chat delivery failed; will retry');
      await store.retryOutbox(row.id, clock.now() + wait, reason);
      return false;
    }
  }

  private async send(chat: ChatPort, row: OutboxRow): Promise<void> {
    const { store } = this.options;
    if (row.to.kind === 'channel') {
      const existing = row.key ? await store.getChannelRef(row.surface, row.key) : undefined;
      if (row.op === 'update' && existing) return chat.update(existing, row.message);
      const ref = await chat.post({ channel: row.to.channel }, row.message);
      if (row.key) await store.saveChannelRef(row.surface, row.key, ref);
      return;
    }
    const incidentId = row.to.incidentId;
    if (row.op === 'update') {
      const ref = row.key ? await store.getMessageRef(row.surface, incidentId, row.key) : undefined;
      if (ref) return chat.update(ref, row.message);
    }
    const thread = await store.getMessageRef(row.surface, incidentId, 'thread');
    let ref: MessageRef;
    if (thread) {
      ref = await chat.post({ thread }, row.message);
    } else {
      ref = await chat.openThread(incidentId, row.message);
      await store.saveMessageRef(row.surface, incidentId, 'thread', ref);
    }
    if (row.key) await store.saveMessageRef(row.surface, incidentId, row.key, ref);
  }
}

function backoff(attempts: number): number {
  return BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)]!;
}
