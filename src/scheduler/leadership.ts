/**
 * Which replica leads: the one holding the store's leader lease. The lease is renewed every few
 * seconds; a leader that has not renewed by shortly before its lease ends steps down on its own
 * (`onDeposed` first, so its sockets close before another replica may take over), and a follower
 * takes the lease once it has expired. Callbacks run one at a time, in order, off the renewal loop.
 */
import type { Clock } from '../core/clock.js';
import type { Lease, LeaseStore } from '../core/leases.js';
import type { Logger } from '../core/logger.js';

export interface LeadershipState {
  /** True while this replica holds the lease (a single SQLite process always does). */
  readonly leading: boolean;
}

export interface LeadershipOptions {
  leases: LeaseStore;
  /** The lease's name, e.g. `chat-connections`. */
  name: string;
  /** This replica's id: unique per process. */
  holder: string;
  clock: Clock;
  log: Logger;
  /** How long a lease lasts without renewal; another replica takes over within about this long. */
  leaseMs: number;
  /** Default: a third of the lease. */
  renewEveryMs?: number;
  /** Stepped down this long before the lease ends (clock skew between replicas, closing sockets). Default: a fifth of the lease. */
  marginMs?: number;
  onElected: () => Promise<void>;
  onDeposed: () => Promise<void>;
}

/** One process on SQLite: always the leader. */
export const SOLE_LEADER: LeadershipState = { leading: true };

export class Leadership implements LeadershipState {
  #lease: Lease | undefined;
  /** Local time by which the lease must have been renewed, or this replica steps down. */
  #validUntil = 0;
  #stopping = false;
  #wake = new AbortController();
  #running: Promise<void> | undefined;
  #callbacks: Promise<void> = Promise.resolve();

  constructor(private readonly options: LeadershipOptions) {}

  get leading(): boolean {
    return this.#lease !== undefined;
  }

  /** The fencing token of the current term, while leading. */
  get token(): number | undefined {
    return this.#lease?.token;
  }

  start(): void {
    if (!this.#running) this.#running = this.#loop();
  }

  /** Stops renewing; a leader closes its connections first, then lets the lease go so another replica takes over at once. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake.abort();
    await this.#running;
    const lease = this.#lease;
    if (lease) this.#stepDown('stopping');
    await this.#callbacks;
    if (lease) {
      await this.options.leases.releaseLease(lease.name, lease.holder, lease.token).catch((err: unknown) => this.options.log.warn({ err }, 'could not release the leader lease; it expires on its own'));
    }
  }

  /** One round: renew while leading, else try to take the lease. Tests call this after moving the clock. */
  async tick(): Promise<void> {
    const { leases, name, holder, clock, leaseMs, log } = this.options;
    this.#expireIfDue();
    const sentAt = clock.now();
    const held = this.#lease;
    let lease: Lease | undefined | 'late';
    try {
      const attempt = held ? leases.renewLease(name, holder, held.token, sentAt, leaseMs) : leases.acquireLease(name, holder, sentAt, leaseMs);
      lease = held ? await this.#beforeDeadline(attempt) : await attempt;
    } catch (err) {
      log.warn({ err, leading: this.leading }, 'leader lease: the store did not answer');
      this.#expireIfDue();
      return;
    }
    if (lease === 'late') return this.#stepDown('renewal too late');
    if (held && !lease) return this.#stepDown('lease lost');
    if (!lease) return;
    this.#validUntil = sentAt + leaseMs - this.#margin();
    if (!held) {
      this.#lease = lease;
      log.info({ token: lease.token, leaseMs }, 'leading: this replica holds the chat connections');
      this.#enqueue(this.options.onElected);
    } else {
      this.#lease = lease;
    }
  }

  async #loop(): Promise<void> {
    const every = this.options.renewEveryMs ?? Math.floor(this.options.leaseMs / 3);
    while (!this.#stopping) {
      await this.tick();
      if (this.#stopping) break;
      const untilDeadline = this.leading ? Math.max(0, this.#validUntil - this.options.clock.now()) : Infinity;
      await this.options.clock.sleep(Math.min(every, untilDeadline), this.#wake.signal);
    }
  }

  /** A renewal that has not come back by the deadline counts as lost: the leader must not outlive its lease. */
  async #beforeDeadline(attempt: Promise<Lease | undefined>): Promise<Lease | undefined | 'late'> {
    const wait = new AbortController();
    const deadline = this.options.clock.sleep(Math.max(0, this.#validUntil - this.options.clock.now()), wait.signal).then(() => 'late' as const);
    try {
      return await Promise.race([attempt, deadline]);
    } finally {
      wait.abort();
    }
  }

  #expireIfDue(): void {
    if (this.leading && this.options.clock.now() >= this.#validUntil) this.#stepDown('lease not renewed in time');
  }

  #stepDown(reason: string): void {
    if (!this.#lease) return;
    const log = this.#stopping ? this.options.log.info.bind(this.options.log) : this.options.log.warn.bind(this.options.log);
    log({ reason, token: this.#lease.token }, 'no longer leading: closing the chat connections');
    this.#lease = undefined;
    this.#enqueue(this.options.onDeposed);
  }

  #enqueue(callback: () => Promise<void>): void {
    this.#callbacks = this.#callbacks.then(callback).catch((err: unknown) => this.options.log.error({ err }, 'leadership change failed'));
  }

  #margin(): number {
    return this.options.marginMs ?? Math.floor(this.options.leaseMs / 5);
  }
}
