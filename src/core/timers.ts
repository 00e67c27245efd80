/** Which durable timers an incident needs, derived from its state before and after a change. */
import { nextBusinessDayAt } from './business-day.js';
import type { Incident } from './incident.js';
import { severityPolicy, type Policy } from './policy.js';
import type { StoreTx } from './ports.js';

const MINUTE = 60_000;

/** How often a status update is due: the severity's cadence, or the policy's default while untriaged. */
export function updateCadenceMs(policy: Policy, severity: string | null): number {
  return (severityPolicy(policy, severity)?.updateCadenceMinutes ?? policy.reminders.updateEveryMinutes) * MINUTE;
}

/**
 * When the next status-update reminder is due: a cadence after the last update or the last
 * reminder, whichever is later, and never before the end of a snooze. So a severity change
 * shortens the wait without nagging twice in a row, and nothing undoes what a person snoozed.
 */
export function reminderDueAt(policy: Policy, incident: Incident): number {
  const since = Math.max(incident.reopenedAt ?? 0, incident.lastUpdateAt ?? incident.declaredAt, incident.reminders?.lastAt ?? 0);
  return Math.max(since + updateCadenceMs(policy, incident.severity), incident.reminders?.snoozedUntil ?? 0);
}

/** When an unacknowledged incident escalates. Untriaged incidents use SEV2's target: err towards waking someone. */
export function responseDeadline(policy: Policy, incident: Incident): number {
  const sev = severityPolicy(policy, incident.severity) ?? severityPolicy(policy, 'SEV2') ?? policy.severities[0];
  const target = sev?.responseTarget ?? { minutes: 30 };
  if (target === 'nextBusinessDay') return nextBusinessDayAt(incident.declaredAt, policy.businessHours);
  return incident.declaredAt + target.minutes * MINUTE;
}

/** When an incident still open gets the escalation prompt; counted from its reopening, if it was reopened. */
export function openEscalationAt(policy: Policy, incident: Incident): number | undefined {
  const minutes = severityPolicy(policy, incident.severity)?.escalateAfterMinutes;
  return minutes === undefined ? undefined : (incident.reopenedAt ?? incident.declaredAt) + minutes * MINUTE;
}

/** Brings the incident's timers in line with a change, inside the change's transaction. */
export async function syncTimers(tx: StoreTx, policy: Policy, before: Incident | undefined, after: Incident, now: number): Promise<void> {
  const id = after.id;
  if (after.status === 'resolved') {
    if (before?.status !== 'resolved') {
      await tx.cancelTimers(id, ['status_reminder', 'ack_escalation', 'open_escalation']);
      if (after.postmortemDraftedAt === null) {
        await tx.setTimer({ incidentId: id, kind: 'postmortem_reminder', dueAt: now + policy.postmortem.dueHours * 3_600_000 });
      }
      await tx.setTimer({ incidentId: id, kind: 'room_close', dueAt: now + policy.rooms.closeAfterMinutes * MINUTE });
    }
    return;
  }
  const reopened = before?.status === 'resolved';
  if (reopened) await tx.cancelTimers(id, ['postmortem_reminder', 'room_close']);

  if (!before || reopened || reminderDueAt(policy, after) !== reminderDueAt(policy, before)) {
    await tx.setTimer({ incidentId: id, kind: 'status_reminder', dueAt: Math.max(now, reminderDueAt(policy, after)) });
  }

  if (after.acknowledgedAt !== null) {
    if (before?.acknowledgedAt === null) await tx.cancelTimers(id, ['ack_escalation']);
  } else if (!before || reopened || after.severity !== before.severity) {
    if (after.escalations.ackPagedAt === undefined) {
      await tx.setTimer({ incidentId: id, kind: 'ack_escalation', dueAt: Math.max(now, responseDeadline(policy, after)) });
    }
  }

  if (!before || reopened || after.severity !== before.severity) {
    const at = openEscalationAt(policy, after);
    if (at === undefined) await tx.cancelTimers(id, ['open_escalation']);
    else if (after.escalations.openPromptAt === undefined) {
      await tx.setTimer({ incidentId: id, kind: 'open_escalation', dueAt: Math.max(now, at) });
    }
  }
}
