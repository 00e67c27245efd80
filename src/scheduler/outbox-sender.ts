/**
 * Delivers the chat outbox: in order per lane (one thread or channel of one surface), lanes in
 * parallel, honouring Retry-After and backing off on server errors, so one rate-limited thread
 * never holds up the others. A row is marked delivered only after the platform accepted it.
 *
 * Each platform's pace is kept here rather than learned from 429s: at most one post per
 * `postIntervalMs` into one platform channel (every Slack thread of `#incidents` shares it) and one
 * edit per `editIntervalMs` of one message (later edits coalesce into the queued one meanwhile).
 * Posts go before edits in each pass, so a page or a status update never waits behind header edits.
 */
import { HOUR, type Clock } from '../core/clock.js';
import { UpstreamError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ChatPort, Delivery, MessageRef, OutboxRow, OutboxStore } from '../core/ports.js';

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
  /** After this many failed attempts of a retryable platform error, a row is given up (≈ 2 h of backoff). */
  maxRetryableAttempts?: number;
}

const BACKOFF_MS = [1_000, 2_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000];

export class OutboxSender {
  readonly #chats: Map<string, ChatPort>;
  /** Platform channel → earliest time the next post may go. */
  readonly #postsAfter = new Map<string, number>();
  /** Message → earliest time the next edit may go. */
  readonly #editsAfter = new Map<string, number>();
  /** Earliest time a row held back by pacing may go, from the last pass. */
  #heldUntil: number | undefined;
  #lastPruneAt = 0;

  constructor(private readonly options: OutboxSenderOptions) {
    this.#chats = new Map(options.chats.map((c) => [c.surface, c]));
  }

  /**
   * Delivers every due message until nothing more is due now. Returns how many were delivered.
   * Once `stopping` aborts, the messages in hand are finished and the rest stay queued.
   */
  async drain(stopping?: AbortSignal): Promise<number> {
    let total = 0;
    for (;;) {
      const delivered = await this.deliverOnePerLane(stopping);
      total += delivered;
      if (delivered === 0 || stopping?.aborted) break;
    }
    await this.#pruneNowAndThen();
    return total;
  }

  /** When the sender next has something to do: a due lane head, or the end of a pacing hold. */
  async nextDueAt(): Promise<number | undefined> {
    const stored = await this.options.store.nextOutboxDueAt();
    const held = this.#heldUntil;
    if (stored === undefined || held === undefined) return stored;
    // Due rows that pacing held back are due again when the hold ends, not now.
    return stored > this.options.clock.now() ? Math.min(stored, held) : held;
  }

  /** One pass: the due head of every lane, delivered by a few workers so one slow lane holds up no other. */
  async deliverOnePerLane(stopping?: AbortSignal): Promise<number> {
    const now = this.options.clock.now();
    const due = (await this.options.store.pendingOutbox(now, 1000)).sort(urgentFirst);
    this.#heldUntil = undefined;
    const ready = due.filter((row) => this.#mayGo(row, now));
    let next = 0;
    let delivered = 0;
    const worker = async () => {
      while (next < ready.length && !stopping?.aborted) {
        if (await this.deliver(ready[next++]!)) delivered++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 8, ready.length) }, worker));
    return delivered;
  }

  /** Whether pacing lets the row go now; if so, the slot is taken before any await, so workers share it. */
  #mayGo(row: OutboxRow, now: number): boolean {
    const pacing = this.#chats.get(row.surface)?.pacing;
    if (!pacing) return true;
    const [map, key, interval] =
      row.op === 'update' && row.key
        ? [this.#editsAfter, editKey(row), pacing.editIntervalMs]
        : [this.#postsAfter, `${row.surface}|${pacing.channelOf(row.to)}`, pacing.postIntervalMs];
    const after = map.get(key) ?? 0;
    if (after > now) {
      this.#heldUntil = Math.min(this.#heldUntil ?? after, after);
      return false;
    }
    map.set(key, now + interval);
    return true;
  }

  /** Delivered rows are kept a week for inspection, then deleted; checked at most hourly. */
  async #pruneNowAndThen(): Promise<void> {
    const now = this.options.clock.now();
    if (now - this.#lastPruneAt < HOUR) return;
    this.#lastPruneAt = now;
    const deleted = await this.options.store.pruneOutbox(now - 7 * 24 * HOUR);
    if (deleted > 0) this.options.log.debug({ deleted }, 'pruned delivered outbox rows');
    for (const map of [this.#postsAfter, this.#editsAfter]) {
      for (const [key, after] of map) if (after < now) map.delete(key);
    }
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
      const retryable =
        err instanceof UpstreamError
          ? err.retryable && attempts < (this.options.maxRetryableAttempts ?? 30)
          : attempts < (this.options.maxAttempts ?? 8);
      const reason = err instanceof Error ? err.message : String(err);
      if (!retryable) {
        log.error({ err, outboxId: row.id, surface: row.surface, attempts }, 'chat refused a message; giving up on it');
        await store.failOutbox(row.id, clock.now(), reason);
        return false;
      }
      const retryAfter = err instanceof UpstreamError ? err.retryAfterMs : undefined;
      const wait = retryAfter ?? backoff(attempts);
      if (retryAfter !== undefined && chat.pacing) {
        // A 429 holds the platform channel it came from, and only that one.
        const key = `${row.surface}|${chat.pacing.channelOf(row.to)}`;
        this.#postsAfter.set(key, Math.max(this.#postsAfter.get(key) ?? 0, clock.now() + retryAfter));
      }
      log.warn({ err, outboxId: row.id, surface: row.surface, retryInMs: wait }, 'chat delivery failed; will retry');
      await store.retryOutbox(row.id, clock.now() + wait, reason);
      return false;
    }
  }

  private async send(chat: ChatPort, row: OutboxRow): Promise<void> {
    const { store } = this.options;
    const delivery: Delivery = {
      key: `fb-${row.id}`,
      attempt: row.tries,
      progress: row.progress,
      saveProgress: (ref) => store.saveOutboxProgress(row.id, ref),
    };
    if (row.to.kind === 'channel') {
      const existing = row.key ? await store.getChannelRef(row.surface, row.key) : undefined;
      if (row.op === 'update' && existing) return chat.update(existing, row.message);
      const ref = await chat.post({ channel: row.to.channel }, row.message, delivery);
      if (row.key) await store.saveChannelRef(row.surface, row.key, ref);
      return;
    }
    const incidentId = row.to.incidentId;
    if (row.op === 'close') {
      const thread = await store.getMessageRef(row.surface, incidentId, 'thread');
      // A room that never opened on this surface, or a surface without rooms to archive (the console): nothing to do.
      if (thread && chat.closeRoom) await chat.closeRoom(thread, row.message, delivery);
      return;
    }
    if (row.op === 'update') {
      const ref = row.key ? await store.getMessageRef(row.surface, incidentId, row.key) : undefined;
      if (ref) return chat.update(ref, row.message);
    }
    const thread = await store.getMessageRef(row.surface, incidentId, 'thread');
    let ref: MessageRef;
    if (thread) {
      ref = await chat.post({ thread }, row.message, delivery);
    } else {
      ref = await chat.openThread(incidentId, row.message, delivery);
      await store.saveMessageRef(row.surface, incidentId, 'thread', ref);
    }
    if (row.key) await store.saveMessageRef(row.surface, incidentId, row.key, ref);
  }
}

/** New messages (pages, escalations, status updates) before edits of existing ones; otherwise oldest first. */
function urgentFirst(a: OutboxRow, b: OutboxRow): number {
  const rank = (row: OutboxRow) => (row.op === 'post' ? 0 : 1);
  return rank(a) - rank(b) || a.id - b.id;
}

function editKey(row: OutboxRow): string {
  const scope = row.to.kind === 'thread' ? row.to.incidentId : row.to.channel;
  return `${row.surface}|${scope}|${row.key}`;
}

function backoff(attempts: number): number {
  return BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)]!;
}
