import { sql, type Transaction } from 'kysely';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { StoreUnavailableError } from '../core/errors.js';
import type { Resend, ResendCheck } from '../core/intake-ports.js';
import type { Database } from './schema.js';

/** Two rows would mean the digest is not one group's alone: no resend then. */
const GROUP_SQL = 'select source, group_key, incident_id, dedup_keys from alert_groups where source = ? and digest = ? limit 2';
const TOUCH_SQL = 'update alerts set last_seen_at = ? where source = ? and dedup_key = ? and incident_id = ?';

type GroupRow = Pick<Database['alert_groups'], 'source' | 'group_key' | 'incident_id' | 'dedup_keys'>;

/** The group a delivery is a resend of, with the alerts to touch. */
export interface ResendGroup extends Resend {
  source: string;
  dedupKeys: string[];
}

function resendGroup(rows: GroupRow[]): ResendGroup | undefined {
  const [row, other] = rows;
  if (!row || other || row.dedup_keys === null) return undefined;
  const dedupKeys = JSON.parse(row.dedup_keys) as string[];
  return { incidentId: row.incident_id, accepted: dedupKeys.length, source: row.source, dedupKeys };
}

/** SQLite: the resend check straight on the connection, with statements prepared once. */
export class SqliteResendReader {
  #statements: { group: Statement; touch: Statement } | undefined;

  constructor(private readonly sqlite: SqliteDatabase) {}

  /** A transaction of the group commit is open on the connection: what it has written is not committed. */
  get busy(): boolean {
    return this.sqlite.inTransaction;
  }

  /** Reads committed state, synchronously: no transaction of the group commit can begin meanwhile. */
  find(check: ResendCheck): ResendGroup | undefined {
    return resendGroup(this.#prepared().group.all(check.source, check.digest) as GroupRow[]);
  }

  /** Moves `last_seen_at`; runs inside a unit of the group commit. */
  touch(group: ResendGroup, at: number): void {
    const touch = this.#prepared().touch;
    for (const dedupKey of group.dedupKeys) touch.run(at, group.source, dedupKey, group.incidentId);
  }

  // Prepared on first use: the tables exist only once the store has migrated.
  #prepared() {
    return (this.#statements ??= { group: this.sqlite.prepare(GROUP_SQL), touch: this.sqlite.prepare(TOUCH_SQL) });
  }
}

/** How often a resend moves its alerts' `last_seen_at`, at most. */
const TOUCH_EVERY_MS = 1000;
/** Entries the resend cache and the touch times keep at most (then they start over). */
const KEPT = 10_000;

/**
 * SQLite resends, this process being the only writer: the resend cache (any change to the alert
 * groups empties it, inside the transaction making the change, so it never outlives what it read)
 * or one indexed read straight on the connection, answered once every earlier durable commit is on
 * disk; `last_seen_at` moves with the next commit, as bookkeeping (a power cut loses only when an
 * unchanged alert was last seen), at most once a second per delivery.
 */
export class SqliteResends {
  #found = new Map<string, ResendGroup>();
  #lastTouched = new Map<string, number>();
  /** Resends seen since the last commit, whose `last_seen_at` the next one moves. */
  #touches: { group: ResendGroup; at: number }[] = [];

  constructor(
    private readonly reader: SqliteResendReader,
    /** Runs bookkeeping in the group commit, not waiting for the disk. */
    private readonly record: (work: () => Promise<void>) => Promise<void>,
    /** Resolves once every durable commit so far is on disk. */
    private readonly settled: () => Promise<void>,
    private readonly closed: () => boolean,
  ) {}

  /** Between commits only: what a transaction under way has written is not committed. */
  get ready(): boolean {
    return !this.reader.busy;
  }

  /** Forgets every resend found (the alert groups are changing). */
  readonly forget = (): void => this.#found.clear();

  async accept(check: ResendCheck): Promise<Resend | undefined> {
    if (this.closed()) throw new StoreUnavailableError(new Error('the store is closed'));
    const key = `${check.source}\u0000${check.digest}`;
    let group = this.#found.get(key);
    if (!group) {
      group = this.reader.find(check);
      if (!group) return undefined;
      if (this.#found.size >= KEPT) this.#found.clear();
      this.#found.set(key, group);
    }
    if (!this.#seenRecently(check) && this.#touches.push({ group, at: check.now }) === 1) {
      // Bookkeeping: a failed write loses a "last seen" time and nothing else, so its failure is dropped.
      this.record(async () => {
        const touches = this.#touches;
        this.#touches = [];
        for (const t of touches) this.reader.touch(t.group, t.at);
      }).catch(() => undefined);
    }
    await this.settled();
    return { incidentId: group.incidentId, accepted: group.accepted };
  }

  #seenRecently(check: ResendCheck): boolean {
    const last = this.#lastTouched.get(check.digest);
    if (last !== undefined && check.now - last < TOUCH_EVERY_MS) return true;
    if (this.#lastTouched.size >= KEPT) this.#lastTouched.clear();
    this.#lastTouched.set(check.digest, check.now);
    return false;
  }
}

/** Any dialect, inside the unit's transaction: the check, and on a resend `last_seen_at` moved. */
export async function acceptResendIn(trx: Transaction<Database>, check: ResendCheck): Promise<Resend | undefined> {
  const rows = await trx
    .selectFrom('alert_groups')
    .select(['source', 'group_key', 'incident_id', 'dedup_keys'])
    .where('source', '=', check.source)
    .where('digest', '=', check.digest)
    .limit(2)
    .execute();
  const group = resendGroup(rows);
  if (!group) return undefined;
  for (const dedupKey of group.dedupKeys) {
    await sql`update alerts set last_seen_at = ${check.now} where source = ${group.source} and dedup_key = ${dedupKey} and incident_id = ${group.incidentId}`.execute(trx);
  }
  return { incidentId: group.incidentId, accepted: group.accepted };
}
