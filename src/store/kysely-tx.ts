import type { Kysely, Transaction } from 'kysely';
import type { AlertSource } from '../core/alert.js';
import type { Incident, TimelineEvent } from '../core/incident.js';
import type { AlertGroup, OutgoingMessage, QueuedPage, StoreTx, StoredAlert, Timer, TimerKind } from '../core/ports.js';
import { toPageRow } from './page-table.js';
import { laneOf, toAlertRow, toIncident, toIncidentRow, toStoredAlert, toTimelineRow } from './rows.js';
import type { Database } from './schema.js';

/** One transaction's view of the store. `surfaces` are the chat surfaces every message fans out to. */
export class KyselyTx implements StoreTx {
  constructor(
    private readonly db: Transaction<Database> | Kysely<Database>,
    private readonly surfaces: readonly string[],
    private readonly now: () => number,
    private readonly forUpdate: boolean,
    /** Told before the alert groups change (the store's resend cache forgets what it knew). */
    private readonly groupsChanging: () => void = () => undefined,
  ) {}

  async nextIncidentSeq(): Promise<number> {
    const row = await this.db
      .insertInto('counters')
      .values({ name: 'incident', value: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }

  async lockIncident(id: string): Promise<Incident | undefined> {
    let query = this.db.selectFrom('incidents').select('data').where('id', '=', id);
    if (this.forUpdate) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row ? toIncident(row) : undefined;
  }

  async insertIncident(incident: Incident): Promise<void> {
    await this.db.insertInto('incidents').values(toIncidentRow(incident)).execute();
  }

  async updateIncident(incident: Incident): Promise<void> {
    const { id, ...rest } = toIncidentRow(incident);
    await this.db.updateTable('incidents').set(rest).where('id', '=', id).execute();
  }

  async appendTimeline(events: TimelineEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.insertInto('timeline').values(events.map(toTimelineRow)).execute();
  }

  async enqueue(messages: OutgoingMessage[]): Promise<void> {
    const at = this.now();
    for (const m of messages) {
      for (const surface of this.surfaces) {
        if (m.op === 'update' && m.key && (await this.coalesce(surface, m))) continue;
        await this.db
          .insertInto('outbox')
          .values({
            surface,
            lane: laneOf(surface, m.to),
            incident_id: m.to.kind === 'thread' ? m.to.incidentId : null,
            destination: JSON.stringify(m.to),
            op: m.op,
            msg_key: m.key ?? null,
            message: JSON.stringify(m.message),
            attempts: 0,
            due_at: at,
            lease_until: null,
            created_at: at,
            delivered_at: null,
            last_error: null,
          })
          .execute();
      }
    }
  }

  /** An edit replaces the content of a queued post or edit of the same message. */
  private async coalesce(surface: string, m: OutgoingMessage): Promise<boolean> {
    const incidentId = m.to.kind === 'thread' ? m.to.incidentId : null;
    let query = this.db
      .selectFrom('outbox')
      .select(['id'])
      .where('surface', '=', surface)
      .where('msg_key', '=', m.key!)
      .where('delivered_at', 'is', null)
      .where('lease_until', 'is', null)
      .orderBy('id', 'desc')
      .limit(1);
    query = incidentId === null ? query.where('incident_id', 'is', null) : query.where('incident_id', '=', incidentId);
    const queued = await query.executeTakeFirst();
    if (!queued) return false;
    await this.db.updateTable('outbox').set({ message: JSON.stringify(m.message) }).where('id', '=', queued.id).execute();
    return true;
  }

  async setTimer(timer: Timer): Promise<void> {
    await this.db
      .insertInto('timers')
      .values({ incident_id: timer.incidentId, kind: timer.kind, due_at: timer.dueAt, lease_until: null })
      .onConflict((oc) => oc.columns(['incident_id', 'kind']).doUpdateSet({ due_at: timer.dueAt, lease_until: null }))
      .execute();
  }

  async cancelTimers(incidentId: string, kinds?: TimerKind[]): Promise<void> {
    let query = this.db.deleteFrom('timers').where('incident_id', '=', incidentId);
    if (kinds) query = query.where('kind', 'in', kinds);
    await query.execute();
  }

  async getTimer(incidentId: string, kind: TimerKind): Promise<Timer | undefined> {
    const row = await this.db
      .selectFrom('timers')
      .select(['due_at'])
      .where('incident_id', '=', incidentId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row ? { incidentId, kind, dueAt: Number(row.due_at) } : undefined;
  }

  async claimAlertGroup(group: AlertGroup): Promise<string> {
    this.groupsChanging();
    await this.db
      .insertInto('alert_groups')
      .values({ source: group.source, group_key: group.groupKey, incident_id: group.incidentId })
      .onConflict((oc) => oc.columns(['source', 'group_key']).doNothing())
      .execute();
    const owner = await this.findAlertGroup(group.source, group.groupKey);
    return owner!.incidentId;
  }

  async findAlertGroup(source: AlertSource, groupKey: string): Promise<AlertGroup | undefined> {
    const row = await this.db
      .selectFrom('alert_groups')
      .selectAll()
      .where('source', '=', source)
      .where('group_key', '=', groupKey)
      .executeTakeFirst();
    return row ? { source: row.source as AlertSource, groupKey: row.group_key, incidentId: row.incident_id } : undefined;
  }

  async moveAlertGroup(group: AlertGroup): Promise<void> {
    this.groupsChanging();
    await this.db
      .updateTable('alert_groups')
      .set({ incident_id: group.incidentId })
      .where('source', '=', group.source)
      .where('group_key', '=', group.groupKey)
      .execute();
  }

  async setGroupDigest(source: AlertSource, groupKey: string, told: { digest: string; dedupKeys: string[] } | null): Promise<void> {
    this.groupsChanging();
    await this.db
      .updateTable('alert_groups')
      .set({ digest: told?.digest ?? null, dedup_keys: told ? JSON.stringify(told.dedupKeys) : null })
      .where('source', '=', source)
      .where('group_key', '=', groupKey)
      .execute();
  }

  async getAlert(source: AlertSource, dedupKey: string): Promise<StoredAlert | undefined> {
    const row = await this.db
      .selectFrom('alerts')
      .select(['data', 'last_seen_at'])
      .where('source', '=', source)
      .where('dedup_key', '=', dedupKey)
      .orderBy('last_seen_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toStoredAlert(row) : undefined;
  }

  async saveAlert(alert: StoredAlert): Promise<void> {
    const row = toAlertRow(alert);
    await this.db
      .insertInto('alerts')
      .values(row)
      .onConflict((oc) => oc.columns(['source', 'dedup_key', 'incident_id']).doUpdateSet({ ...row }))
      .execute();
  }

  async alertsOf(incidentId: string): Promise<StoredAlert[]> {
    const rows = await this.db.selectFrom('alerts').select(['data', 'last_seen_at']).where('incident_id', '=', incidentId).orderBy('first_seen_at').execute();
    return rows.map(toStoredAlert);
  }

  async markDelivery(source: string, deliveryId: string, at: number): Promise<boolean> {
    const result = await this.db
      .insertInto('deliveries')
      .values({ source, delivery_id: deliveryId, received_at: at })
      .onConflict((oc) => oc.columns(['source', 'delivery_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async takeQueuedDelivery(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('queued_deliveries').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async enqueuePage(page: Omit<QueuedPage, 'id' | 'attempts' | 'dueAt' | 'createdAt'>): Promise<void> {
    await this.db.insertInto('pages').values(toPageRow(page, this.now())).execute();
  }
}
