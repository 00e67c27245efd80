/** Alert routing rules from the policy: label/source matchers → severity, runbook, auto-resolve, ignore. */
import type { Alert } from './alert.js';
import { matchesValue } from './label-matcher.js';
import type { LabelMatcher, Policy, RoutingRule, SeverityId } from './policy.js';

export function matchesLabels(labels: Record<string, string>, matcher: LabelMatcher | undefined): boolean {
  if (!matcher) return true;
  return Object.entries(matcher).every(([name, expected]) => matchesValue(expected, labels[name]));
}


export function routeAlert(policy: Policy, alert: Pick<Alert, 'source' | 'labels'>): RoutingRule | undefined {
  return policy.alerts.routes.find(
    (r) => (!r.match.source || matchesValue(r.match.source, alert.source)) && matchesLabels(alert.labels, r.match.labels),
  );
}

const HINTS: [RegExp, SeverityId][] = [
  [/^(sev ?1|p1|1|critical|crit|fatal|disaster|emergency|page)$/, 'SEV1'],
  [/^(sev ?2|p2|2|high|major|error|err)$/, 'SEV2'],
  [/^(sev ?3|p3|3|warning|warn|medium|moderate|minor|average)$/, 'SEV3'],
  [/^(sev ?4|p4|p5|4|5|low|info|informational|none|ticket)$/, 'SEV4'],
];

/** Maps an alert's own severity label (`critical`, `P2`, `warning`…) to a policy severity, if it exists. */
export function severityFromHint(policy: Policy, hint: string | undefined): SeverityId | null {
  if (!hint) return null;
  const normal = hint.trim().toLowerCase();
  const exact = policy.severities.find((s) => s.id.toLowerCase() === normal);
  if (exact) return exact.id;
  const found = HINTS.find(([re]) => re.test(normal))?.[1];
  return found && policy.severities.some((s) => s.id === found) ? found : null;
}
