import { sql, type Transaction } from 'kysely';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { Resend, ResendCheck } from '../core/ports.js';
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
