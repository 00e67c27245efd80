import type { RunbookCatalog } from '../core/incident-service.js';
import type { Runbook } from '../core/runbook.js';
import { findRunbook, matchRunbook } from './match-runbook.js';

/** The loaded runbooks, as the core asks for them. */
export function createRunbookCatalog(runbooks: Runbook[]): RunbookCatalog {
  const byId = new Map(runbooks.map((r) => [r.id, r]));
  return {
    list: () => runbooks,
    get: (id) => byId.get(id),
    find: (query) => findRunbook(runbooks, query),
    forAlert: (alert) => matchRunbook(runbooks, alert),
  };
}
