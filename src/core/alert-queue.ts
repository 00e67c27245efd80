/**
 * Where an alert delivery goes. Normally straight in: parsed, ingested (`ingestAlerts`), answered
 * with its incidents. During a burst (more deliveries in flight than `maxInFlight`, or some already
 * queued) it is stored as it came instead, once authenticated, and answered 202 `queued: true`
 * once on disk; `drain` then parses and ingests the queued deliveries in arrival order, yielding to
 * the deliveries still arriving. A storm of new alert groups is taken at the cost of one insert per
 * delivery, and its senders never wait behind the incidents it opens. Once the queue is empty,
 * deliveries go straight in again.
 */
import type { AlertBatch } from './alert.js';
import { ingestAlerts, type IngestOptions, type IntakeResult } from './alert-intake.js';
import { StoreUnavailableError, ValidationError } from './errors.js';
import type { IncidentService } from './incident-service.js';
import type { DeliveryQueue, QueuedDelivery } from './intake-ports.js';

export interface AlertQueueOptions {
  /** Parses a queued delivery as its source does; throws ValidationError for a body it refuses. */
  read: (queued: QueuedDelivery) => AlertBatch;
  /** A queued delivery whose body was refused (it becomes a dead letter). */
  refused: (queued: QueuedDelivery, err: ValidationError) => Promise<void>;
  /** Deliveries ingested at once before the next one is queued (default 16). */
  maxInFlight?: number;
  /** Deliveries held at most (about 1.5 KB each on disk); beyond, a delivery is refused (503, Retry-After) (default 100,000). */
  maxQueued?: number;
  /** Called when a delivery was queued (the drain loop wakes). */
  wake?: () => void;
  /**
   * The pace of the drain, apart from the incidents' clock: milliseconds of a monotonic clock
   * (`performance.now`), and a pause that lets requests in (0: the next turn of the event loop).
   */
  pacing: { now(): number; pause(ms: number): Promise<void> };
}

/** Deliveries ingested together in one step while others still arrive, and once the burst is over. */
const WHILE_ARRIVING = 1;
const AFTERWARDS = 16;
/** Deliveries arriving within this long of each other are a burst still going on. */
const ARRIVING_MS = 250;
/** The share of the time ingesting queued deliveries takes while others still arrive. */
const ARRIVING_SHARE = 0.1;

type Parsed = { queued: QueuedDelivery & { id: number }; batch: AlertBatch };

export class AlertQueue {
  #inFlight = 0;
  /** Queued deliveries not yet ingested, as counted here (read from the store at start). */
  #queued = 0;
  /** Deliveries queued so far: a drain that found the queue empty trusts that only if none came meanwhile. */
  #enqueued = 0;
  #lastArrival = -Infinity;
  #burstStartedAt: number | undefined;
  #ingestedInBurst = 0;

  constructor(
    private readonly service: IncidentService,
    /** Absent (Postgres replicas): every delivery goes straight in. */
    private readonly queue: DeliveryQueue | undefined,
    private readonly options: AlertQueueOptions,
  ) {}

  /** Deliveries waiting to be ingested. */
  get queued(): number {
    return this.#queued;
  }

  /** Whether the next delivery is to be queued rather than ingested at once. */
  get bursting(): boolean {
    return this.queue !== undefined && (this.#queued > 0 || this.#inFlight >= (this.options.maxInFlight ?? 16));
  }

  /** Counts what an earlier run left queued; the drain then ingests it. */
  async start(): Promise<void> {
    if (this.queue) this.#queued = await this.queue.countQueuedDeliveries();
  }

  /** A parsed delivery, straight in. */
  async ingest(batch: AlertBatch, options: Omit<IngestOptions, 'queuedId'> = {}): Promise<IntakeResult> {
    this.#lastArrival = this.#monotonic();
    this.#inFlight++;
    try {
      return await ingestAlerts(this.service, batch, options);
    } finally {
      this.#inFlight--;
    }
  }

  /** Stores a delivery for the drain; false when the queue is full. */
  async enqueue(delivery: QueuedDelivery): Promise<boolean> {
    const now = this.#monotonic();
    this.#lastArrival = now;
    if (!this.queue) throw new Error('no delivery queue: deliveries go straight in');
    if (this.#queued >= (this.options.maxQueued ?? 100_000)) return false;
    if (this.#queued === 0) this.#startBurst(now);
    this.#queued++;
    this.#enqueued++;
    try {
      await this.queue.queueDelivery(delivery);
    } catch (err) {
      this.#queued--;
      throw err;
    }
    this.options.wake?.();
    return true;
  }

  /** Now when deliveries are queued, else nothing to do. */
  nextDueAt(): number | undefined {
    return this.#queued > 0 ? this.service.deps.clock.now() : undefined;
  }

  /**
   * Parses and ingests queued deliveries in arrival order until none are left (or `stopping`
   * aborts: the rest stays queued for the next start). Deliveries of different groups are ingested
   * together; while others still arrive, one at a time and at most a tenth of the time.
   */
  async drain(stopping?: AbortSignal): Promise<void> {
    if (!this.queue || this.#queued === 0) return;
    while (!stopping?.aborted) {
      const seen = this.#enqueued;
      const rows = await this.queue.queuedDeliveries(AFTERWARDS * 4);
      if (rows.length === 0) {
        if (seen === this.#enqueued) this.#endBurst();
        return;
      }
      // Each delivery is parsed as its turn comes, so no step parses more than it ingests.
      let i = 0;
      while (i < rows.length && !stopping?.aborted) {
        const run: Parsed[] = [];
        const groups = new Set<string>();
        const limit = this.#arriving() ? WHILE_ARRIVING : AFTERWARDS;
        const started = this.#monotonic();
        while (i < rows.length && run.length < limit) {
          const queued = rows[i]!;
          const batch = await this.#read(queued);
          if (!batch) {
            this.#ingested(1);
            i++;
            continue;
          }
          const keys = batch.alerts.map((a) => `${a.source}\u0000${a.groupKey}`);
          // Deliveries of different alert groups go together, each group in order; a pager event (it may touch any incident) goes alone.
          if (run.length > 0 && (batch.pagerEvent || run[0]!.batch.pagerEvent || keys.some((k) => groups.has(k)))) break;
          keys.forEach((k) => groups.add(k));
          run.push({ queued, batch });
          i++;
        }
        await Promise.all(run.map((p) => this.#ingest(p)));
        this.#ingested(run.length);
        // Deliveries still arriving come first: requests are answered between steps.
        const took = this.#monotonic() - started;
        await this.options.pacing.pause(this.#arriving() ? Math.min(took * (1 / ARRIVING_SHARE - 1), ARRIVING_MS) : 0);
      }
    }
    this.service.deps.log.info({ queued: this.#queued }, 'queued alert deliveries left for the next start');
  }

  /** The delivery's batch; a refused body becomes a dead letter and is taken off the queue. */
  async #read(queued: QueuedDelivery & { id: number }): Promise<AlertBatch | undefined> {
    try {
      return this.options.read(queued);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await this.#setAside(queued, err);
      return undefined;
    }
  }

  async #ingest({ queued, batch }: Parsed): Promise<void> {
    try {
      await ingestAlerts(this.service, batch, { delivery: queued.delivery, digest: queued.digest, queuedId: queued.id });
    } catch (err) {
      // The store's trouble stops the pass (the delivery stays queued); anything else is this
      // delivery's own, and it must not hold up the deliveries behind it.
      if (err instanceof StoreUnavailableError) throw err;
      await this.#setAside(queued, new ValidationError(`queued delivery could not be ingested: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  /** A delivery that cannot be ingested becomes a dead letter and leaves the queue. */
  async #setAside(queued: QueuedDelivery & { id: number }, err: ValidationError): Promise<void> {
    await this.options.refused(queued, err);
    await this.service.deps.store.transaction((tx) => tx.takeQueuedDelivery(queued.id));
  }

  #ingested(count: number): void {
    this.#queued = Math.max(0, this.#queued - count);
    this.#ingestedInBurst += count;
  }

  #startBurst(now: number): void {
    this.#burstStartedAt = now;
    this.#ingestedInBurst = 0;
    this.service.deps.log.warn({ inFlight: this.#inFlight }, 'alert burst: deliveries are queued on disk and ingested in arrival order');
  }

  #endBurst(): void {
    if (this.#burstStartedAt !== undefined) {
      const ms = Math.round(this.#monotonic() - this.#burstStartedAt);
      this.service.deps.log.info({ ingested: this.#ingestedInBurst, ms }, 'alert burst over: every queued delivery is ingested');
    }
    this.#burstStartedAt = undefined;
    this.#queued = 0;
  }

  #arriving(): boolean {
    return this.#monotonic() - this.#lastArrival < ARRIVING_MS;
  }

  #monotonic(): number {
    return this.options.pacing.now();
  }
}
