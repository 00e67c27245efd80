/**
 * `kill -9` in the middle of a burst of alert deliveries and console commands, then a restart on
 * the same SQLite file: every alert that got a 202 is stored, no alert group has a second incident
 * or thread, every queued message is delivered exactly once, and reminders that came due while the
 * process was down fire once each, marked late.
 */
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reminderWorkspace, startFirebreak } from './firebreak-process.js';
import { client, eventually } from './http-client.js';

const GROUPS = 10;
const RESENDS = 3;

function amGroup(group: number) {
  const name = `Crash${group}`;
  return {
    receiver: 'firebreak',
    status: 'firing',
    alerts: [0, 1].map((i) => ({
      status: 'firing',
      labels: { alertname: name, instance: `${name}-${i}` },
      annotations: { summary: `${name} on host ${i}` },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph',
      fingerprint: `${name}-f${i}`,
    })),
    groupLabels: { alertname: name },
    commonLabels: { alertname: name },
    commonAnnotations: {},
    externalURL: 'http://am.example:9093',
    version: '4',
    groupKey: `{}:{alertname="${name}"}`,
    truncatedAlerts: 0,
  };
}

describe('kill -9 during a burst', () => {
  const { dbFile, env } = reminderWorkspace();

  it('loses no accepted alert, doubles no incident, thread or message, and fires due reminders once, late', async () => {
    // Arrange: incidents to click on, their threads delivered.
    let fb = await startFirebreak(env);
    let api = client(fb.url);
    const declared = [(await api.declare('Payments API latency', 'SEV2')).id, (await api.declare('Search index stale', 'SEV3')).id];
    for (const id of declared) await eventually(async () => ((await api.thread(id)).length > 0 ? true : undefined), 10_000, `thread of ${id}`);

    // Act: a burst of alert deliveries and commands; the process is killed while they are in flight.
    const accepted = new Set<number>();
    const notesOk: string[] = [];
    const notesSent: string[] = [];
    let answered = 0;
    const url = fb.url;
    const burst: Promise<void>[] = [];
    for (let r = 0; r < RESENDS; r++) {
      for (let g = 0; g < GROUPS; g++) {
        burst.push(
          fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(amGroup(g)) })
            .then((res) => {
              answered++;
              if (res.status === 202) accepted.add(g);
            })
            .catch(() => undefined),
        );
        const text = `burst ${r}-${g}`;
        notesSent.push(text);
        burst.push(
          api.command(`note ${text}`, declared[g % declared.length]).then(
            () => {
              answered++;
              notesOk.push(text);
            },
            () => undefined,
          ),
        );
      }
    }
    await eventually(async () => (answered >= 15 && accepted.size > 0 ? true : undefined), 10_000, 'the first answers, an accepted alert among them');
    const killed = await fb.stop('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    await Promise.all(burst);
    expect(accepted.size, `accepted ${accepted.size}, notes ${notesOk.length}, answered ${answered}`).toBeGreaterThan(0);

    // While it is down, the status reminders come due.
    const dueAt = Date.now() - 10 * 60_000;
    let db = new SQLite(dbFile);
    const moved = db.prepare("update timers set due_at = ? where kind = 'status_reminder' and incident_id in (?, ?)").run(dueAt, ...declared);
    // …and stays down past the leases the dead process held (60 s), as if that much time went by.
    for (const table of ['outbox', 'inbox', 'timers']) db.prepare(`update ${table} set lease_until = ? where lease_until is not null`).run(Date.now() - 1);
    db.close();
    expect(moved.changes).toBe(declared.length);

    // Restart on the same file and let it catch up.
    fb = await startFirebreak(env);
    api = client(fb.url);
    db = new SQLite(dbFile, { readonly: true });
    try {
      const pending = () => (db.prepare('select count(*) as n from outbox where delivered_at is null').get() as { n: number }).n;
      await eventually(async () => (pending() === 0 ? true : undefined), 15_000, 'the outbox to drain');

      // Every alert that got a 202 is stored, in one incident per group.
      for (const g of accepted) {
        const rows = db.prepare('select distinct incident_id from alerts where group_key = ?').all(`{}:{alertname="Crash${g}"}`) as { incident_id: string }[];
        expect(rows, `group Crash${g}`).toHaveLength(1);
        const fingerprints = db.prepare('select dedup_key from alerts where incident_id = ? order by dedup_key').all(rows[0]!.incident_id) as { dedup_key: string }[];
        expect(fingerprints.map((f) => f.dedup_key)).toEqual([`Crash${g}-f0`, `Crash${g}-f1`]);
      }
      const incidents = db.prepare('select id from incidents').all() as { id: string }[];
      const groups = db.prepare('select count(*) as n from alert_groups').get() as { n: number };
      expect(incidents).toHaveLength(declared.length + groups.n);

      // One thread per incident; every accepted note once, no note twice.
      const roots = await api.roots();
      for (const { id } of incidents) expect(roots.filter((m) => m.incidentId === id), `roots of ${id}`).toHaveLength(1);
      const refs = db.prepare("select scope, count(*) as n from message_refs where msg_key = 'thread' group by scope").all() as { n: number }[];
      expect(refs.every((r) => r.n === 1)).toBe(true);
      const texts = (await Promise.all(declared.map((id) => api.thread(id)))).flat().map((m) => m.message.text);
      for (const note of notesSent) {
        const count = texts.filter((t) => t === `Note: ${note}`).length;
        expect(count, note).toBeLessThanOrEqual(1);
        if (notesOk.includes(note)) expect(count, note).toBe(1);
      }

      // Reminders due while it was down: once each, marked late.
      for (const id of declared) {
        const sent = await eventually(async () => {
          const found = (await api.incident(id)).timeline.filter((e) => e.kind === 'reminder_sent');
          return found.length > 0 ? found : undefined;
        }, 10_000, `the reminder of ${id}`);
        expect(sent).toHaveLength(1);
        expect(sent[0]!.data).toMatchObject({ late: true, dueAt });
      }
    } finally {
      db.close();
    }
    const exit = await fb.stop();
    expect(exit).toMatchObject({ code: 0, timedOut: false });
  }, 60_000);
});
