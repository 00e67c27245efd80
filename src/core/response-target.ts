/** How a response target reads, for the header, the triage result and the escalation. */
import { severityPolicy, type Policy, type SeverityPolicy } from './policy.js';
import { formatDuration } from './time-format.js';

/** `within 15 min` or `by the next business day`: reads after "respond". */
export function respondText(sev: SeverityPolicy): string {
  return sev.responseTarget === 'nextBusinessDay' ? 'by the next business day' : `within ${formatDuration(sev.responseTarget.minutes * 60_000)}`;
}

/** The severity whose target an escalation uses: the incident's own, or SEV2's while untriaged (as `responseDeadline`). */
export function escalationSeverity(policy: Policy, severity: string | null): SeverityPolicy | undefined {
  return severityPolicy(policy, severity) ?? severityPolicy(policy, 'SEV2') ?? policy.severities[0];
}

/**
 * `within 30 min (SEV2's response target)`, or for an untriaged incident
 * `within 30 min, SEV2's target, used while untriaged`.
 */
export function escalationTargetText(policy: Policy, severity: string | null): string {
  const sev = escalationSeverity(policy, severity);
  if (!sev) return 'within 30 min, the default target';
  if (severityPolicy(policy, severity)) return `${respondText(sev)} (${sev.id}'s response target)`;
  return `${respondText(sev)}, ${sev.id}'s target, used while untriaged`;
}
