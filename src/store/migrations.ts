import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** Migrations in order. Never edit one that has shipped; add the next. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  const autoId = (db: Kysely<unknown>, table: string) =>
    db.schema
      .createTable(table)
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      );
  const time = 'bigint';
  return {
    '0001-initial': {
      async up(db: Kysely<unknown>) {
        await db.schema.createTable('counters').addColumn('name', 'text', (c) => c.primaryKey()).addColumn('value', 'bigint', (c) => c.notNull()).execute();
        await db.schema
          .createTable('incidents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('seq', 'bigint', (c) => c.notNull().unique())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('severity', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('declared_at', time, (c) => c.notNull())
          .addColumn('resolved_at', time)
          .addColumn('updated_at', time, (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('incidents_status').on('incidents').columns(['status', 'seq']).execute();
        await autoId(db, 'timeline')
          .addColumn('incident_id', 'text', (c) => c.notNull())
          .addColumn('at', time, (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('event', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('timeline_incident').on('timeline').columns(['incident_id', 'id']).execute();
        await db.schema
          .createTable('alert_groups')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('group_key', 'text', (c) => c.notNull())
          .addColumn('incident_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('alert_groups_pk', ['source', 'group_key'])
          .execute();
        await db.schema
          .createTable('alerts')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('dedup_key', 'text', (c) => c.notNull())
          .addColumn('group_key', 'text', (c) => c.notNull())
          .addColumn('incident_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('first_seen_at', time, (c) => c.notNull())
          .addColumn('last_seen_at', time, (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('alerts_pk', ['source', 'dedup_key'])
          .execute();
        await db.schema.createIndex('alerts_incident').on('alerts').column('incident_id').execute();
        await autoId(db, 'outbox')
          .addColumn('surface', 'text', (c) => c.notNull())
          .addColumn('lane', 'text', (c) => c.notNull())
          .addColumn('incident_id', 'text')
          .addColumn('destination', 'text', (c) => c.notNull())
          .addColumn('op', 'text', (c) => c.notNull())
          .addColumn('msg_key', 'text')
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('due_at', time, (c) => c.notNull())
          .addColumn('lease_until', time)
          .addColumn('created_at', time, (c) => c.notNull())
          .addColumn('delivered_at', time)
          .addColumn('last_error', 'text')
          .execute();
        await sql`create index outbox_pending on outbox (id) where delivered_at is null`.execute(db);
        await sql`create index outbox_key on outbox (surface, incident_id, msg_key) where delivered_at is null`.execute(db);
        await db.schema
          .createTable('message_refs')
          .addColumn('surface', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('msg_key', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('message_id', 'text', (c) => c.notNull())
          .addColumn('thread_id', 'text')
          .addPrimaryKeyConstraint('message_refs_pk', ['surface', 'scope', 'msg_key'])
          .execute();
        await db.schema
          .createTable('timers')
          .addColumn('incident_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('due_at', time, (c) => c.notNull())
          .addColumn('lease_until', time)
          .addPrimaryKeyConstraint('timers_pk', ['incident_id', 'kind'])
          .execute();
        await db.schema.createIndex('timers_due').on('timers').column('due_at').execute();
        await db.schema
          .createTable('deliveries')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('delivery_id', 'text', (c) => c.notNull())
          .addColumn('received_at', time, (c) => c.notNull())
          .addPrimaryKeyConstraint('deliveries_pk', ['source', 'delivery_id'])
          .execute();
        await autoId(db, 'dead_letters')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('headers', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('received_at', time, (c) => c.notNull())
          .execute();
        await autoId(db, 'web_messages')
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('thread_id', 'text')
          .addColumn('incident_id', 'text')
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('created_at', time, (c) => c.notNull())
          .addColumn('updated_at', time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('web_messages_thread').on('web_messages').columns(['channel', 'thread_id', 'id']).execute();
      },
    },
    '0002-outbox-lane-heads': {
      async up(db: Kysely<unknown>) {
        // The sender reads only the oldest undelivered row of each lane.
        await sql`create index outbox_lane_pending on outbox (lane, id) where delivered_at is null`.execute(db);
        await sql`create index outbox_delivered on outbox (delivered_at) where delivered_at is not null`.execute(db);
      },
    },
    '0003-alerts-per-incident': {
      async up(db: Kysely<unknown>) {
        // An alert that fires again after the reopen window opens a new incident; the old incident
        // keeps its own row for the alert, so its header and post-mortem still list it.
        await db.schema
          .createTable('alerts_v3')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('dedup_key', 'text', (c) => c.notNull())
          .addColumn('group_key', 'text', (c) => c.notNull())
          .addColumn('incident_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('first_seen_at', time, (c) => c.notNull())
          .addColumn('last_seen_at', time, (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('alerts_v3_pk', ['source', 'dedup_key', 'incident_id'])
          .execute();
        await sql`insert into alerts_v3 select source, dedup_key, group_key, incident_id, status, first_seen_at, last_seen_at, data from alerts`.execute(db);
        await db.schema.dropTable('alerts').execute();
        await sql`alter table alerts_v3 rename to alerts`.execute(db);
        await db.schema.createIndex('alerts_by_incident').on('alerts').column('incident_id').execute();
        await db.schema.createIndex('alerts_latest').on('alerts').columns(['source', 'dedup_key', 'last_seen_at']).execute();
      },
    },
    '0004-chat-contract': {
      async up(db: Kysely<unknown>) {
        // Two-phase interactions: a command or click is stored before the platform is acknowledged,
        // once per delivery id, and processed from here (again after a crash, never twice).
        await autoId(db, 'inbox')
          .addColumn('surface', 'text', (c) => c.notNull())
          .addColumn('delivery_id', 'text', (c) => c.notNull())
          .addColumn('inbound', 'text', (c) => c.notNull())
          .addColumn('ctx', 'text', (c) => c.notNull())
          .addColumn('reply_to', 'text', (c) => c.notNull())
          .addColumn('received_at', time, (c) => c.notNull())
          .addColumn('due_at', time, (c) => c.notNull())
          .addColumn('lease_until', time)
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('completed_at', time)
          .addColumn('last_error', 'text')
          .addUniqueConstraint('inbox_delivery', ['surface', 'delivery_id'])
          .execute();
        await sql`create index inbox_pending on inbox (due_at) where completed_at is null`.execute(db);
        await sql`create index inbox_completed on inbox (completed_at) where completed_at is not null`.execute(db);
        // Which incident a platform thread (or per-incident channel) belongs to.
        await db.schema
          .createTable('chat_threads')
          .addColumn('surface', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('thread_id', 'text', (c) => c.notNull())
          .addColumn('incident_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('chat_threads_pk', ['surface', 'channel_id', 'thread_id'])
          .execute();
        // Idempotent delivery: how often a row was handed to the platform, and what a multi-step
        // delivery (post the header, then open its thread) already did.
        await db.schema.alterTable('outbox').addColumn('tries', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.alterTable('outbox').addColumn('progress', 'text').execute();
      },
    },
    '0005-pages': {
      async up(db: Kysely<unknown>) {
        // Pages (and acknowledge/resolve for the pager) are durable work, like the chat outbox.
        await autoId(db, 'pages')
          .addColumn('incident_id', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('request', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('due_at', time, (c) => c.notNull())
          .addColumn('lease_until', time)
          .addColumn('created_at', time, (c) => c.notNull())
          .addColumn('sent_at', time)
          .addColumn('failed_at', time)
          .addColumn('reference', 'text')
          .addColumn('last_error', 'text')
          .execute();
        await sql`create index pages_pending on pages (incident_id, id) where sent_at is null and failed_at is null`.execute(db);
      },
    },
    '0006-leases': {
      async up(db: Kysely<unknown>) {
        // Leader leases: one holder at a time per name; the token grows on every takeover (fencing).
        await db.schema
          .createTable('leases')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('holder', 'text', (c) => c.notNull())
          .addColumn('token', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', time, (c) => c.notNull())
          .execute();
      },
    },
    '0007-web-delivery-key': {
      async up(db: Kysely<unknown>) {
        // The console's delivery key (as Slack's metadata, Discord's nonce): a repeated delivery finds its message.
        await db.schema.alterTable('web_messages').addColumn('delivery_key', 'text').execute();
        await sql`create unique index web_messages_delivery on web_messages (delivery_key) where delivery_key is not null`.execute(db);
      },
    },
    '0008-alert-group-digest': {
      async up(db: Kysely<unknown>) {
        // The digest of the group's last delivery and the alerts it told: the same digest again is a resend.
        await db.schema.alterTable('alert_groups').addColumn('digest', 'text').execute();
        await db.schema.alterTable('alert_groups').addColumn('dedup_keys', 'text').execute();
        await sql`create index alert_groups_digest on alert_groups (source, digest) where digest is not null`.execute(db);
      },
    },
    '0009-queued-deliveries': {
      async up(db: Kysely<unknown>) {
        // Alert deliveries taken during a burst: stored as they came before their 202, ingested in order after.
        await autoId(db, 'queued_deliveries')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('request', 'text', (c) => c.notNull())
          .addColumn('delivery_source', 'text')
          .addColumn('delivery_id', 'text')
          .addColumn('digest', 'text')
          .addColumn('received_at', time, (c) => c.notNull())
          .execute();
      },
    },
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
