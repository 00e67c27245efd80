import { randomUUID } from 'node:crypto';
import { Migrator, sql, type Kysely, type Transaction } from 'kysely';
import { AppError, StoreUnavailableError } from '../core/errors.js';
import type { Incident, TimelineEvent } from '../core/incident.js';
import type { ResponseTimes } from '../core/incident-stats.js';
import type {
  DeadLetter,
  IncidentQuery,
  IncidentStore,
  StoreTx,
  StoredAlert,
  Timer,
  TimerKind,
  TimerStore,
} from '../core/ports.js';
import type { Resend, ResendCheck } from '../core/intake-ports.js';
import { migrationProvider, type Dialect } from './migrations.js';
import { toIncident, toStoredAlert, toTimelineEvent } from './rows.js';
import type { Database } from './schema.js';
import { GroupCommit, type Savepoints } from './group-commit.js';
import { PooledTransactions } from './pooled-transactions.js';
import type { TransactionRunner } from './transaction-runner.js';
import { KyselyTx } from './kysely-tx.js';
import { InboxTable } from './inbox-table.js';
import { OutboxTable } from './outbox-table.js';
import { WebMessageTable } from './web-message-table.js';
import { RetentionTable } from './retention-table.js';
import { acceptResendIn, SqliteResends, type SqliteResendReader } from './resend-check.js';
import { QueuedDeliveryTable } from './queued-delivery-table.js';

export interface StoreOptions {
  dialect: Dialect;
  /** Chat surfaces every outgoing message is queued for (`web`, `slack`, `discord`). */
  surfaces: readonly string[];
  now: () => number;
  /** Releases the driver's resources. */
  onClose?: () => Promise<void> | void;
  /** Resolves once the last commit is on disk; callers hear of a commit only then. */
  durable?: () => Promise<void>;
  /** Savepoints straight on the connection, for the group commit (SQLite). */
  savepoints?: Savepoints;
  /** Told of every commit of the group commit (SQLite: the WAL checkpointer counts them). */
  committed?: () => void;
  /** How long a group commit's units run before it commits with those (SQLite; default 4 ms). */
  batchMs?: number;
  /** Runs before the database closes (SQLite: the last WAL flush finishes). */
  beforeClose?: () => Promise<void>;
  /** The resend check straight on the connection (SQLite), skipping the query builder and the group commit. */
  resendReader?: SqliteResendReader;
  /** Queues a delivery straight on the connection (SQLite), inside a unit of the group commit. */
  insertQueued?: ConstructorParameters<typeof QueuedDeliveryTable>[2];
}

export type CommitListener = () => void;

/** The Postgres channel a commit of work is announced on; its payload is the announcing store's `instanceId`. */
export const WORK_CHANNEL = 'firebreak_work';

/** The store over Kysely: SQLite (better-sqlite3) and Postgres share this code. */
/** Dead letters kept: the newest 1,000, for 7 days. */
export const DEAD_LETTERS_KEPT = 1000;
export const DEAD_LETTERS_MAX_AGE_MS = 7 * 24 * 60 * 60_000;

export class KyselyStore implements IncidentStore, TimerStore {
  readonly webMessages: WebMessageTable;
  readonly outbox: OutboxTable;
  readonly inbox: InboxTable;
  readonly retention: RetentionTable;
  /** Alert deliveries queued during a burst. */
  readonly deliveries: QueuedDeliveryTable;
  #closed = false;
  #onCommit: CommitListener[] = [];
  readonly #runner: TransactionRunner;
  readonly #groupCommit: GroupCommit | undefined;
  readonly #resends: SqliteResends | undefined;
  /** Tells this store's own announcements apart from other processes'. */
  readonly instanceId = randomUUID();

  constructor(
    readonly db: Kysely<Database>,
    private readonly options: StoreOptions,
  ) {
    this.webMessages = new WebMessageTable(db, (work) => this.#record(work));
    this.outbox = new OutboxTable(db, (work) => this.#write(work), (work) => this.#record(work));
    this.inbox = new InboxTable(db, (work) => this.#write(work));
    this.retention = new RetentionTable(db, (work) => this.#write(work));
    this.deliveries = new QueuedDeliveryTable(db, (work) => this.#write(work), options.insertQueued);
    const onError = (err: unknown) => this.#asUnavailable(err);
    const onCommit = () => this.wake();
    // Postgres: one transaction per unit (no locks held across unrelated units), announced to other processes.
    this.#groupCommit = options.dialect === 'postgres' ? undefined : new GroupCommit(db, onError, onCommit, { durable: options.durable, savepoints: options.savepoints, committed: options.committed, batchMs: options.batchMs });
    const groupCommit = this.#groupCommit;
    this.#resends =
      options.resendReader && groupCommit && new SqliteResends(options.resendReader, (work) => this.#record(work), () => groupCommit.settled(), () => this.#closed);
    this.#runner =
      this.#groupCommit ??
      new PooledTransactions(db, { onError, onCommit, announce: async (trx) => void (await sql`select pg_notify(${WORK_CHANNEL}, ${this.instanceId})`.execute(trx)) });
  }

  async migrate(): Promise<string[]> {
    // A database of a release that had 0005 but not yet 0004 gets 0004 added (neither depends on the other).
    const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.options.dialect), allowUnorderedMigrations: true });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  /** A single write (SQLite: committed together with the other writes of this event-loop turn); answered once on disk. */
  #write<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.#runner.run(work);
  }

  /**
   * Bookkeeping of something already done outside (a message delivered, its reference): answered
   * once committed (SQLite: made durable by the next flush). Lost to a power cut, the delivery is
   * repeated, and the platforms' delivery keys make the repeat harmless.
   */
  #record<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.#runner.run(work, false, false);
  }

  /** Runs `work` in a transaction (SQLite: works arriving in the same event-loop turn share one commit). */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    const forget = this.#resends?.forget;
    return this.#runner.run((trx) => work(new KyselyTx(trx, this.options.surfaces, this.options.now, this.options.dialect === 'postgres', forget)), true);
  }

  /** A resend (see `ResendCheck`): SQLite between commits straight on the connection, otherwise a unit of its own. */
  acceptResend(check: ResendCheck): Promise<Resend | undefined> {
    const resends = this.#resends;
    if (resends?.ready) return resends.accept(check);
    return this.#runner.run((trx) => acceptResendIn(trx, check));
  }

  /** Store trouble (closed, locked, read-only, full…) becomes StoreUnavailableError, which HTTP answers with 503. */
  #asUnavailable(err: unknown): unknown {
    if (err instanceof AppError) return err;
    return this.#closed || isUnavailable(err) ? new StoreUnavailableError(err) : err;
  }

  /** Called after a commit that included a `transaction()` (the scheduler wakes to deliver what it queued). */
  onCommit(listener: CommitListener): void {
    this.#onCommit.push(listener);
  }

  /** Calls the `onCommit` listeners: after this store's commit, or when another process announced one. */
  wake(): void {
    this.#onCommit.forEach((listener) => listener());
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.options.beforeClose?.();
    await this.db.destroy();
    await this.options.onClose?.();
  }

  async getIncident(id: string): Promise<Incident | undefined> {
    const row = await this.db.selectFrom('incidents').select('data').where('id', '=', id).executeTakeFirst();
    return row ? toIncident(row) : undefined;
  }

  async listIncidents(query: IncidentQuery = {}): Promise<Incident[]> {
    let q = this.db.selectFrom('incidents').select('data').orderBy('seq', 'desc').limit(query.limit ?? 200);
    if (query.status === 'open') q = q.where('status', '!=', 'resolved');
    if (query.status === 'resolved') q = q.where('status', '=', 'resolved');
    return (await q.execute()).map(toIncident);
  }

  async countOpenBySeverity(): Promise<{ severity: string | null; count: number }[]> {
    const rows = await this.db
      .selectFrom('incidents')
      .select(['severity', (eb) => eb.fn.countAll<number>().as('count')])
      .where('status', '!=', 'resolved')
      .groupBy('severity')
      .execute();
    return rows.map((r) => ({ severity: r.severity, count: Number(r.count) }));
  }

  /** Every incident's severity and response times (declared → acknowledged, declared → resolved), for the histograms. */
  async responseTimes(): Promise<ResponseTimes[]> {
    const rows = await this.db.selectFrom('incidents').select(['severity', 'data']).execute();
    return rows.map((row) => {
      const i = toIncident(row);
      return { severity: i.severity, declaredAt: i.declaredAt, acknowledgedAt: i.acknowledgedAt, resolvedAt: i.resolvedAt };
    });
  }

  async countIncidents(): Promise<{ declared: number; resolved: number }> {
    const row = await this.db
      .selectFrom('incidents')
      .select([
        (eb) => eb.fn.countAll<number>().as('declared'),
        (eb) => eb.fn.sum<number>(eb.case().when('status', '=', 'resolved').then(1).else(0).end()).as('resolved'),
      ])
      .executeTakeFirst();
    return { declared: Number(row?.declared ?? 0), resolved: Number(row?.resolved ?? 0) };
  }

  async timeline(incidentId: string): Promise<TimelineEvent[]> {
    const rows = await this.db.selectFrom('timeline').select('event').where('incident_id', '=', incidentId).orderBy('id').execute();
    return rows.map(toTimelineEvent);
  }

  async alertsOf(incidentId: string): Promise<StoredAlert[]> {
    const rows = await this.db.selectFrom('alerts').select(['data', 'last_seen_at']).where('incident_id', '=', incidentId).orderBy('first_seen_at').execute();
    return rows.map(toStoredAlert);
  }

  /** Stores a refused body; the table keeps the newest DEAD_LETTERS_KEPT, none older than DEAD_LETTERS_MAX_AGE_MS. */
  async addDeadLetter(letter: DeadLetter): Promise<number> {
    try {
      const row = await this.#write(async (db) => {
        const added = await db
          .insertInto('dead_letters')
          .values({
            source: letter.source,
            reason: letter.reason,
            headers: JSON.stringify(letter.headers),
            body: letter.body,
            received_at: letter.receivedAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .deleteFrom('dead_letters')
          .where((eb) => eb.or([eb('id', '<=', Number(added.id) - DEAD_LETTERS_KEPT), eb('received_at', '<', letter.receivedAt - DEAD_LETTERS_MAX_AGE_MS)]))
          .execute();
        return added;
      });
      return Number(row.id);
    } catch (err) {
      // the body could not be kept: 503 so the sender retries, rather than a 400 that drops it
      throw this.#asUnavailable(err);
    }
  }

  /** Newest first; `beforeId` pages on to older letters. */
  async listDeadLetters(limit = 100, beforeId?: number): Promise<(DeadLetter & { id: number })[]> {
    let query = this.db.selectFrom('dead_letters').selectAll().orderBy('id', 'desc').limit(limit);
    if (beforeId !== undefined) query = query.where('id', '<', beforeId);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: Number(r.id),
      source: r.source,
      reason: r.reason,
      headers: JSON.parse(r.headers),
      body: r.body,
      receivedAt: Number(r.received_at),
    }));
  }

  // ── Timers ────────────────────────────────────────────────────────────────

  async claimDueTimers(now: number, limit: number, leaseMs: number): Promise<Timer[]> {
    return this.#write(async (trx) => {
      let due = trx
        .selectFrom('timers')
        .select(['incident_id', 'kind', 'due_at'])
        .where('due_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('due_at')
        .limit(limit);
      if (this.options.dialect === 'postgres') due = due.forUpdate().skipLocked();
      const rows = await due.execute();
      for (const r of rows) {
        await trx
          .updateTable('timers')
          .set({ lease_until: now + leaseMs })
          .where('incident_id', '=', r.incident_id)
          .where('kind', '=', r.kind)
          .execute();
      }
      return rows.map((r) => ({ incidentId: r.incident_id, kind: r.kind as TimerKind, dueAt: Number(r.due_at) }));
    });
  }

  /** The next time a timer can be claimed: a leased timer (its handler running or failed) counts from its lease's end. */
  async nextTimerDueAt(): Promise<number | undefined> {
    const free = await this.db.selectFrom('timers').select((eb) => eb.fn.min('due_at').as('due')).where('lease_until', 'is', null).executeTakeFirst();
    const leased = await this.db
      .selectFrom('timers')
      .select((eb) => eb.fn.min(eb.case().when('lease_until', '>', eb.ref('due_at')).then(eb.ref('lease_until')).else(eb.ref('due_at')).end()).as('due'))
      .where('lease_until', 'is not', null)
      .executeTakeFirst();
    const times = [free?.due, leased?.due].filter((t) => t != null).map(Number);
    return times.length ? Math.min(...times) : undefined;
  }
}

function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string') return /closed|not open|connection|connect|terminated|not queryable/i.test(String((err as Error)?.message));
  // Postgres: 08 connection exception, 53 insufficient resources (53300 too many connections), 57P operator intervention (57P01 admin shutdown)
  return (
    /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL|NOTADB|CORRUPT)/.test(code) ||
    /^(08|53|57P)/.test(code) ||
    /^E(CONN|PIPE|TIMEDOUT|NOTFOUND|AI_AGAIN|HOSTUNREACH|NETUNREACH)/.test(code)
  );
}
