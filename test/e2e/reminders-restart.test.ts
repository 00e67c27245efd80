/**
 * Reminders are durable timers: reminders that came due while the process was down fire once,
 * marked late, after a restart. The process runs on the system clock, so the test moves the due
 * times into the past in the SQLite file while the process is stopped instead of waiting.
 */
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reminderWorkspace, startFirebreak } from './firebreak-process.js';
import { client, eventually, type WebMessage } from './http-client.js';

const isReminder = (m: WebMessage) => m.message.text.includes('no status update for');
const isLate = (m: WebMessage) => JSON.stringify(m.message).includes('late: was due ');

describe('reminders due while the process was down', () => {
  const { dbFile, env } = reminderWorkspace();

  it('fire once each, marked late, after a restart', async () => {
    // Arrange: two incidents with their threads delivered, then a clean stop.
    let fb = await startFirebreak(env);
    let api = client(fb.url);
    const ids = [(await api.declare('Payments API latency', 'SEV2')).id, (await api.declare('Search index stale', 'SEV3')).id];
    for (const id of ids) await eventually(async () => ((await api.thread(id)).length > 0 ? true : undefined), 10_000, `thread of ${id}`);
    expect((await fb.stop()).code).toBe(0);

    // The process is down while the reminders come due: move them 10 minutes into the past.
    const dueAt = Date.now() - 10 * 60_000;
    const db = new SQLite(dbFile);
    const moved = db.prepare("update timers set due_at = ? where kind = 'status_reminder'").run(dueAt);
    db.close();
    expect(moved.changes).toBe(ids.length);

    // Act: start again.
    fb = await startFirebreak(env);
    api = client(fb.url);

    // Assert: one late reminder per thread, and still one a little later.
    const reminders = async (id: string) => (await api.thread(id)).filter(isReminder);
    for (const id of ids) {
      const [first] = await eventually(async () => {
        const found = await reminders(id);
        return found.length > 0 ? found : undefined;
      }, 10_000, `the reminder of ${id}`);
      expect(isLate(first!), JSON.stringify(first!.message)).toBe(true);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const id of ids) {
      expect(await reminders(id)).toHaveLength(1);
      const sent = (await api.incident(id)).timeline.filter((e) => e.kind === 'reminder_sent');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.data).toMatchObject({ late: true, dueAt });
    }

    const exit = await fb.stop();
    expect(exit).toMatchObject({ code: 0, timedOut: false });
  });
});
