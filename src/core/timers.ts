/** Which durable timers an incident needs, derived from its state before and after a change. */
import { nextBusinessDayAt } from './business-day.js';
import type { Incident } from './incident.js';
import { severityPolicy, type Policy } from './policy.js';
import type { StoreTx } from './ports.js';

const MINUTE = 60_000;

export function updateCadenceMs(policy: Policy, severity: string | null): number {
  return (severityPolicy(policy, severity)?.updateCadenceMinutes ?? 30) * MINUTE;
}

/** When an unacknowledged incident escalates. Untriaged incidents use SEV2's target: err towards waking someone. */
export function responseDeadline(policy: Policy, incident: Incident): number {
  const sev = severityPolicy(policy, incident.severity) ?? severityPolicy(policy, 'SEV2') ?? policy.severities[0];
  const target = sev?.responseTarget ?? { minutes: 30 };
  if (target === 'nextBusinessDay') return nextBusinessDayAt(incident.declaredAt, policy.businessHours);
  return incident.declaredAt + target.minutes * MINUTE;
}

export function openEscalationAt(policy: Policy, incident: Incident): number | undefined {
  const minutes = severityPolicy(policy, incident.severity)?.escalateAfterMinutes;
  return minutes === undefined ? undefined : incident.declaredAt + minutes * MINUTE;
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

  const cadence = updateCadenceMs(policy, after.severity);
  if (!before || reopened || after.lastUpdateAt !== before.lastUpdateAt) {
    await tx.setTimer({ incidentId: id, kind: 'status_reminder', dueAt: now + cadence });
  } else if (after.severity !== before.severity) {
    const base = after.lastUpdateAt ?? after.declaredAt;
    await tx.setTimer({ incidentId: id, kind: 'status_reminder', dueAt: Math.max(now, base + cadence) });
  }

  if (after.acknowledgedAt !== null) {
    if (before?.acknowledgedAt === null) await tx.cancelTimers(id, ['ack_escalation']);
  } else if (!before || reopened || after.severity !== before.severity) {
    if (after.escalations.ackPagedAt === undefined) {
      await tx.setTimer({ incidentId: id, kind: 'ack_escalation', dueAt: Math.max(now, responseDeadline(policy, after)) });
    }
  }

  if (!before || after.severity !== before.severity) {
    const at = openEscalationAt(policy, after);
    if (at === undefined) await tx.cancelTimers(id, ['open_escalation']);
    else if (after.escalations.openPromptAt === undefined) {
      await tx.setTimer({ incidentId: id, kind: 'open_escalation', dueAt: Math.max(now, at) });
    }
  }
}
