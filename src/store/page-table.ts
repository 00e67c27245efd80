import type { Kysely, Selectable, Transaction } from 'kysely';
import type { PageAction, PageStore, QueuedPage } from '../core/ports.js';
import type { Database } from './schema.js';

type PageRow = Selectable<Database['pages']>;

/** A page as a row: written by `StoreTx.enqueuePage` in the deciding transaction. */
export function toPageRow(page: Omit<QueuedPage, 'id' | 'attempts' | 'dueAt' | 'createdAt'>, at: number) {
  const action: PageAction = page.request.action ?? 'trigger';
  return {
    incident_id: page.incidentId,
    action,
    request: JSON.stringify(page.request),
    reason: page.reason,
    actor: JSON.stringify(page.actor),
    attempts: 0,
    due_at: at,
    lease_until: null,
    created_at: at,
    sent_at: null,
    failed_at: null,
    reference: null,
    last_error: null,
  };
}

function toQueuedPage(row: PageRow): QueuedPage {
  return {
    id: Number(row.id),
    incidentId: row.incident_id,
    request: JSON.parse(row.request),
    reason: row.reason,
    actor: JSON.parse(row.actor),
    attempts: Number(row.attempts),
    dueAt: Number(row.due_at),
    createdAt: Number(row.created_at),
  };
}

/** The page queue as the page sender uses it: per incident in id order, leased while in flight. */
export class PageTable implements PageStore {
  constructor(
    private readonly db: Kysely<Database>,
    /** Runs a write in its own transaction. */
    private readonly write: <T>(work: (trx: Transaction<Database> | Kysely<Database>) => Promise<T>) => Promise<T>,
  ) {}

  async pendingPages(now: number, limit: number): Promise<QueuedPage[]> {
    // Only the oldest waiting page of each incident can go next: a resolve never overtakes its trigger.
    const rows = await this.db
      .selectFrom('pages')
      .selectAll()
      .where('id', 'in', (eb) =>
        eb.selectFrom('pages').select((e) => e.fn.min('id').as('id')).where('sent_at', 'is', null).where('failed_at', 'is', null).groupBy('incident_id'),
      )
      .where('due_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toQueuedPage);
  }

  async leasePage(id: number, now: number, leaseMs: number): Promise<QueuedPage | undefined> {
    const row = await this.write((db) =>
      db
        .updateTable('pages')
        .set({ lease_until: now + leaseMs })
        .where('id', '=', id)
        .where('sent_at', 'is', null)
        .where('failed_at', 'is', null)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .returningAll()
        .executeTakeFirst(),
    );
    return row ? toQueuedPage(row) : undefined;
  }

  async completePage(id: number, at: number, reference: string): Promise<void> {
    await this.write((db) =>
      db.updateTable('pages').set((eb) => ({ sent_at: at, lease_until: null, reference, attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute(),
    );
  }

  async retryPage(id: number, dueAt: number, error: string): Promise<void> {
    await this.write((db) =>
      db
        .updateTable('pages')
        .set((eb) => ({ due_at: dueAt, lease_until: null, last_error: error.slice(0, 500), attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .execute(),
    );
  }

  async failPage(id: number, at: number, error: string): Promise<void> {
    await this.write((db) =>
      db
        .updateTable('pages')
        .set((eb) => ({ failed_at: at, lease_until: null, last_error: error.slice(0, 500), attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .execute(),
    );
  }

  async nextPageDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('pages')
      .select((eb) => eb.fn.min('due_at').as('due'))
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .executeTakeFirst();
    return row?.due == null ? undefined : Number(row.due);
  }

  /** Every page of an incident, oldest first (tests and inspection). */
  async pagesOf(incidentId: string): Promise<(QueuedPage & { sentAt: number | null; failedAt: number | null; lastError: string | null })[]> {
    const rows = await this.db.selectFrom('pages').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute();
    return rows.map((r) => ({ ...toQueuedPage(r), sentAt: r.sent_at === null ? null : Number(r.sent_at), failedAt: r.failed_at === null ? null : Number(r.failed_at), lastError: r.last_error }));
  }
}
