/** Picks the runbook for an alert, and finds one by name for `/incident runbook <name>`. */
import type { Alert } from '../core/alert.js';
import type { Runbook, RunbookMatch } from '../core/runbook.js';
import { matchesValue } from '../core/label-matcher.js';

type AlertKey = Pick<Alert, 'source' | 'labels'>;

/** Every field the entry gives must match; an entry with no field matches nothing. */
function entryMatches(entry: RunbookMatch, alert: AlertKey): boolean {
  const labels = Object.entries(entry.labels ?? {});
  if (entry.source === undefined && entry.alertname === undefined && labels.length === 0) return false;
  if (entry.source !== undefined && entry.source !== alert.source) return false;
  if (entry.alertname !== undefined && !matchesValue(entry.alertname, alert.labels.alertname)) return false;
  return labels.every(([name, pattern]) => matchesValue(pattern, alert.labels[name]));
}

/** The first runbook (in the given order) with a match entry the alert satisfies. */
export function matchRunbook(runbooks: Runbook[], alert: AlertKey): Runbook | undefined {
  return runbooks.find((runbook) => runbook.match.some((entry) => entryMatches(entry, alert)));
}

/** Exact id, then case-insensitive id prefix (spaces count as hyphens), then title substring. */
export function findRunbook(runbooks: Runbook[], idOrTitleQuery: string): Runbook | undefined {
  const query = idOrTitleQuery.trim();
  if (!query) return undefined;
  const lower = query.toLowerCase();
  const asId = lower.replace(/\s+/g, '-');
  return (
    runbooks.find((r) => r.id === query) ??
    runbooks.find((r) => r.id.toLowerCase().startsWith(asId)) ??
    runbooks.find((r) => r.title.toLowerCase().includes(lower))
  );
}
