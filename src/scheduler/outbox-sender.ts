/**
 * Delivers the chat outbox: in order per lane (one thread or channel of one surface), lanes in
 * parallel, honouring Retry-After and backing off on server errors, so one rate-limited thread
 * never holds up the others. A row is marked delivered only after the platform accepted it.
 *
 * Each platform's pace is kept here rather than learned from 429s: at most one post per
 * `postIntervalMs` into one platform channel (every Slack thread of `#incidents` shares it) and one
 * edit per `editIntervalMs` of one message (later edits coalesce into the queued one meanwhile).
 * Posts go before edits in each pass, so a page or a status update never waits behind header edits.
 *
 * An outage and a poison message are told apart by what the rest of the platform does: while a
 * platform delivers nothing, a retryable failure is retried for as long as it takes (nothing is
 * dropped in an outage); a message that keeps failing retryably while the same platform delivers
 * other messages is set aside after `poisonAfterAttempts`, so it never blocks its lane. A 429 is
 * never the message's fault and never counts. Set-aside and refused messages are reported through
 * `onGiveUp` (the console's thread view) and the log.
 */
import { HOUR, type Clock } from '../core/clock.js';
import { StoreUnavailableError, UpstreamError } from '../core/errors.js';
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
  /**
   * After this many failed attempts of a retryable platform error, a row is set aside — but only
   * once its platform has delivered another message since the row began failing (a platform-wide
   * outage drops nothing). Default 6 (≈ 1 min of backoff).
   */
  poisonAfterAttempts?: number;
  /** Told about every row given up (refused for good, set aside as poison); must not throw. */
  onGiveUp?: (row: OutboxRow, reason: string) => Promise<void>;
}

export const POISON_AFTER_ATTEMPTS = 6;

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
  /** Surface → when it last accepted a message: a platform that delivers is not in an outage. */
  readonly #deliveredAt = new Map<string, number>();
  /** Row → when it first failed retryably in this process (dropped once the row is done). */
  readonly #failingSince = new Map<number, number>();

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
      const delivered = await this.deliverPass(stopping);
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

  /**
   * One pass: the due head of every lane, delivered by a few workers so one slow lane holds up no
   * other. A lane whose head was delivered offers its next row at once (a lane of many messages
   * does not wait for a pass each), which queues behind every waiting post if it is an edit.
   * Once `stopping` aborts, no new row is taken.
   */
  async deliverPass(stopping?: AbortSignal): Promise<number> {
    const now = this.options.clock.now();
    const queue = (await this.options.store.pendingOutbox(now, 1000)).sort(urgentFirst);
    this.#heldUntil = undefined;
    const waitingPosts = new Set<string>();
    const ready = queue.filter((row) => this.#mayGo(row, now, waitingPosts));
    let delivered = 0;
    const worker = async () => {
      for (let row = ready.shift(); row && !stopping?.aborted; row = ready.shift()) {
        if (!(await this.deliver(row))) continue;
        delivered++;
        const next = await this.options.store.nextInLane(row, this.options.clock.now());
        if (next && this.#mayGo(next, this.options.clock.now(), waitingPosts)) insertSorted(ready, next);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 8, ready.length) }, worker));
    return delivered;
  }

  /**
   * Whether pacing lets the row go now; if so, the slot is taken before any await, so workers share
   * it. `waitingPosts` collects the platform channels whose posts are held in this pass (posts are
   * looked at first), so edits there can yield to them.
   */
  #mayGo(row: OutboxRow, now: number, waitingPosts: Set<string>): boolean {
    const pacing = this.#chats.get(row.surface)?.pacing;
    if (!pacing) return true;
    const channel = `${row.surface}|${pacing.channelOf(row.to)}`;
    const edit = row.op === 'update' && row.key !== undefined;
    if (edit && waitingPosts.has(channel) && now - row.createdAt < (pacing.editsYieldToPostsMs ?? 0)) {
      this.#hold(Math.min(this.#postsAfter.get(channel) ?? now, row.createdAt + pacing.editsYieldToPostsMs!));
      return false;
    }
    const [map, key, interval] = edit ? [this.#editsAfter, editKey(row), pacing.editIntervalMs] : [this.#postsAfter, channel, pacing.postIntervalMs];
    const after = map.get(key) ?? 0;
    if (after > now) {
      if (!edit) waitingPosts.add(channel);
      this.#hold(after);
      return false;
    }
    map.set(key, now + interval);
    return true;
  }

  #hold(until: number): void {
    this.#heldUntil = Math.min(this.#heldUntil ?? until, until);
  }

  /** Forgets pacing and failure state that has run out; at most hourly. (Delivered rows go in the retention pass.) */
  async #pruneNowAndThen(): Promise<void> {
    const now = this.options.clock.now();
    if (now - this.#lastPruneAt < HOUR) return;
    this.#lastPruneAt = now;
    for (const map of [this.#postsAfter, this.#editsAfter]) {
      for (const [key, after] of map) if (after < now) map.delete(key);
    }
    // Rows another replica finished (or that were deleted) leave their entry behind: forget old ones.
    for (const [id, since] of this.#failingSince) if (since < now - 24 * HOUR) this.#failingSince.delete(id);
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
      this.#deliveredAt.set(row.surface, clock.now());
      this.#failingSince.delete(row.id);
      return true;
    } catch (err) {
      const attempts = row.attempts + 1;
      const reason = err instanceof Error ? err.message : String(err);
      const verdict = this.#verdict(row, err, attempts);
      if (verdict !== 'retry') {
        this.#failingSince.delete(row.id);
        const msg = verdict === 'poison' ? 'chat keeps failing one message while delivering others; setting it aside' : 'chat refused a message; giving up on it';
        log.error({ err, outboxId: row.id, surface: row.surface, incidentId: incidentOf(row), attempts }, msg);
        await store.failOutbox(row.id, clock.now(), reason);
        await this.#reportGiveUp(row, verdict === 'poison' ? `still failing after ${attempts} attempts while other messages went through (${reason})` : reason);
        return false;
      }
      const retryAfter = err instanceof UpstreamError ? err.retryAfterMs : undefined;
      const wait = retryAfter ?? backoff(attempts);
      if (retryAfter !== undefined && chat.pacing) {
        // A 429 holds the platform channel it came from, and only that one.
        const key = `${row.surface}|${chat.pacing.channelOf(row.to)}`;
        this.#postsAfter.set(key, Math.max(this.#postsAfter.get(key) ?? 0, clock.now() + retryAfter));
      }
      log.warn({ err, outboxId: row.id, surface: row.surface, attempts, retryInMs: wait }, 'chat delivery failed; will retry');
      await store.retryOutbox(row.id, clock.now() + wait, reason);
      return false;
    }
  }

  /**
   * Retry, give up (the platform refused it), or set aside (poison). Store trouble and 429s are
   * never the message's fault; a retryable platform error is, once the platform delivers others.
   */
  #verdict(row: OutboxRow, err: unknown, attempts: number): 'retry' | 'refused' | 'poison' {
    if (err instanceof StoreUnavailableError) return 'retry';
    if (!(err instanceof UpstreamError)) return attempts < (this.options.maxAttempts ?? 8) ? 'retry' : 'refused';
    if (!err.retryable) return 'refused';
    if (err.retryAfterMs !== undefined || err.status === 429) return 'retry';
    const now = this.options.clock.now();
    const since = this.#failingSince.get(row.id) ?? now;
    this.#failingSince.set(row.id, since);
    const platformDelivers = (this.#deliveredAt.get(row.surface) ?? -Infinity) > since;
    return attempts >= (this.options.poisonAfterAttempts ?? POISON_AFTER_ATTEMPTS) && platformDelivers ? 'poison' : 'retry';
  }

  async #reportGiveUp(row: OutboxRow, reason: string): Promise<void> {
    try {
      await this.options.onGiveUp?.(row, reason);
    } catch (err) {
      // The report is a courtesy on top of the log line above; it must not fail the pass.
      this.options.log.error({ err, outboxId: row.id, surface: row.surface }, 'could not report an undelivered message in the console');
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

function insertSorted(rows: OutboxRow[], row: OutboxRow): void {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (urgentFirst(rows[mid]!, row) <= 0) lo = mid + 1;
    else hi = mid;
  }
  rows.splice(lo, 0, row);
}

function incidentOf(row: OutboxRow): string | undefined {
  return row.to.kind === 'thread' ? row.to.incidentId : undefined;
}

function editKey(row: OutboxRow): string {
  const scope = row.to.kind === 'thread' ? row.to.incidentId : row.to.channel;
  return `${row.surface}|${scope}|${row.key}`;
}

function backoff(attempts: number): number {
  return BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)]!;
}
