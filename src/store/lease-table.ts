import { sql, type Kysely, type Selectable } from 'kysely';
import type { Lease, LeaseStore } from '../core/leases.js';
import type { Database } from './schema.js';

type LeaseRow = Selectable<Database['leases']>;

function toLease(row: LeaseRow): Lease {
  return { name: row.name, holder: row.holder, token: Number(row.token), expiresAt: Number(row.expires_at) };
}

/**
 * Leases as rows, each change one conditional statement (SQLite and Postgres alike), so two replicas
 * racing for a lease cannot both win: there is no read before the write.
 */
export class LeaseTable implements LeaseStore {
  constructor(private readonly db: Kysely<Database>) {}

  async acquireLease(name: string, holder: string, now: number, ttlMs: number): Promise<Lease | undefined> {
    const expiresAt = now + ttlMs;
    const row = await this.db
      .insertInto('leases')
      .values({ name, holder, token: 1, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({
            // The same holder within its term keeps the token; anyone after an expiry starts a new term.
            token: sql<number>`case when leases.holder = excluded.holder and leases.expires_at > ${now} then leases.token else leases.token + 1 end`,
            holder: sql<string>`excluded.holder`,
            expires_at: sql<number>`excluded.expires_at`,
          })
          .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<=', now)])),
      )
      .returningAll()
      .executeTakeFirst();
    return row ? toLease(row) : undefined;
  }

  async renewLease(name: string, holder: string, token: number, now: number, ttlMs: number): Promise<Lease | undefined> {
    const row = await this.db
      .updateTable('leases')
      .set({ expires_at: now + ttlMs })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .where('token', '=', token)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    return row ? toLease(row) : undefined;
  }

  async releaseLease(name: string, holder: string, token: number): Promise<void> {
    await this.db.updateTable('leases').set({ expires_at: 0 }).where('name', '=', name).where('holder', '=', holder).where('token', '=', token).execute();
  }
}
