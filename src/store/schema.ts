import type { Generated } from 'kysely';

/** Tables, as Kysely sees them. JSON is stored as text so SQLite and Postgres read it alike. */
export interface Database {
  counters: { name: string; value: number };
  incidents: {
    id: string;
    seq: number;
    title: string;
    severity: string | null;
    status: string;
    declared_at: number;
    resolved_at: number | null;
    updated_at: number;
    data: string;
  };
  timeline: {
    id: Generated<number>;
    incident_id: string;
    at: number;
    kind: string;
    actor: string;
    event: string;
  };
  alert_groups: { source: string; group_key: string; incident_id: string; digest: string | null; dedup_keys: string | null };
  queued_deliveries: {
    id: Generated<number>;
    source: string;
    request: string;
    delivery_source: string | null;
    delivery_id: string | null;
    digest: string | null;
    received_at: number;
  };
  alerts: {
    source: string;
    dedup_key: string;
    group_key: string;
    incident_id: string;
    status: string;
    first_seen_at: number;
    last_seen_at: number;
    data: string;
  };
  outbox: {
    id: Generated<number>;
    surface: string;
    lane: string;
    incident_id: string | null;
    destination: string;
    op: string;
    msg_key: string | null;
    message: string;
    attempts: number;
    due_at: number;
    lease_until: number | null;
    created_at: number;
    delivered_at: number | null;
    last_error: string | null;
    tries: Generated<number>;
    progress: string | null;
  };
  inbox: {
    id: Generated<number>;
    surface: string;
    delivery_id: string;
    inbound: string;
    ctx: string;
    reply_to: string;
    received_at: number;
    due_at: number;
    lease_until: number | null;
    attempts: Generated<number>;
    completed_at: number | null;
    last_error: string | null;
  };
  chat_threads: { surface: string; channel_id: string; thread_id: string; incident_id: string };
  message_refs: {
    surface: string;
    scope: string;
    msg_key: string;
    channel_id: string;
    message_id: string;
    thread_id: string | null;
  };
  timers: {
    incident_id: string;
    kind: string;
    due_at: number;
    lease_until: number | null;
  };
  deliveries: { source: string; delivery_id: string; received_at: number };
  dead_letters: {
    id: Generated<number>;
    source: string;
    reason: string;
    headers: string;
    body: string;
    received_at: number;
  };
  web_messages: {
    id: Generated<number>;
    channel: string;
    thread_id: string | null;
    incident_id: string | null;
    message: string;
    created_at: number;
    updated_at: number;
    delivery_key: string | null;
  };
  pages: {
    id: Generated<number>;
    incident_id: string;
    action: string;
    request: string;
    reason: string;
    actor: string;
    attempts: number;
    due_at: number;
    lease_until: number | null;
    created_at: number;
    sent_at: number | null;
    failed_at: number | null;
    reference: string | null;
    last_error: string | null;
  };
  leases: {
    name: string;
    holder: string;
    token: number;
    expires_at: number;
  };
}
