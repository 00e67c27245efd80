/** The incident and its pure lifecycle: every change returns the new incident and its timeline events. */
import { ConflictError, ValidationError } from './errors.js';
import type { SeverityId } from './policy.js';

export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof STATUSES)[number];

export const ROLES = ['commander', 'comms', 'scribe'] as const;
export type Role = (typeof ROLES)[number];

/** A person, as a surface-qualified id (`slack:U123`, `discord:8123…`, `web:alice`) and a name. */
export interface Person {
  id: string;
  name: string;
}

export const SYSTEM: Person = { id: 'system:firebreak', name: 'Firebreak' };

export interface FollowUp {
  id: number;
  text: string;
  createdBy: Person;
  createdAt: number;
  /** Who will do it (`followup @bob …`), and by when (`… by 2026-03-10`). */
  owner?: Person;
  dueAt?: number;
  doneAt?: number;
  doneBy?: Person;
}

export type StepOutcome = 'done' | 'skipped' | 'failed';

export interface RunbookRun {
  runbookId: string;
  attachedAt: number;
  attachedBy: Person;
  steps: { index: number; outcome: StepOutcome; by: Person; at: number; note?: string }[];
}

/** Where an incident's severity triage stands: which round, which question is open, the answers so far. */
export interface TriageState {
  round: number;
  /** The question waiting for an answer; absent once the round is over. */
  questionId?: string;
  /** "question → answer" for each step taken. */
  steps: string[];
  /** How the round ended: a severity from the tree, or set by hand meanwhile. */
  outcome?: { severity: string; by: Person; manual: boolean };
}

export interface Incident {
  id: string;
  seq: number;
  title: string;
  description: string;
  /** `null` while untriaged. */
  severity: SeverityId | null;
  status: IncidentStatus;
  roles: Partial<Record<Role, Person>>;
  declaredBy: Person;
  /** Where it came from: `console`, `slack`, `api`, `alert:alertmanager`, … */
  source: string;
  declaredAt: number;
  acknowledgedAt: number | null;
  lastUpdateAt: number | null;
  resolvedAt: number | null;
  summary: string | null;
  followUps: FollowUp[];
  runbooks: RunbookRun[];
  /** Routing decided for alert-born incidents. */
  autoResolve: boolean;
  /** The status-update reminder: when it last fired, and until when a person snoozed it. */
  reminders?: { lastAt?: number; snoozedUntil?: number };
  /** When it was last reopened: escalation thresholds count from here. */
  reopenedAt?: number | null;
  /** Alerts of the group the source said it left out of its last notification (Alertmanager truncation). */
  alertsUnlisted?: number;
  /** People working the incident besides the commander (a second "I'm on it", `/incident join`). */
  responders?: Person[];
  /** Shown on the public status page since (`/incident publish`). */
  published?: { at: number; by: Person };
  /** Where severity triage stands (see `triage.ts`). */
  triage?: TriageState;
  /** When escalations fired, so each fires once. */
  escalations: { ackPagedAt?: number; openPromptAt?: number };
  postmortemDraftedAt: number | null;
  updatedAt: number;
  /** The pager's incident this one is linked to (paged from here, or born there); absent until then. */
  pager?: PagerLink;
}

/** An incident on the pager's side, as Firebreak last heard of it. */
export interface PagerLink {
  /** The pager's name (`PagerDuty`). */
  name: string;
  /** The pager's own incident id and page, once the pager has told us. */
  id?: string;
  url?: string;
  number?: number;
  /** The pager's status: `queued` until a page went out, then `triggered`, `acknowledged`, `resolved`; `failed` when paging gave up. */
  status: string;
  /** Who the pager has assigned it to now. */
  assignee?: string;
  /** What Firebreak paged (a service or `@person`); acknowledge and resolve go the same way. */
  target?: string;
  /** Firebreak paged (true) or the incident was born on the pager (false). */
  pagedHere: boolean;
  /** Acknowledge/resolve requests Firebreak itself sent, so their webhooks do not echo back into chat. */
  sent?: ('acknowledge' | 'resolve')[];
  updatedAt: number;
}

export type TimelineKind =
  | 'declared'
  | 'acknowledged'
  | 'severity_changed'
  | 'triaged'
  | 'status_changed'
  | 'role_assigned'
  | 'note'
  | 'status_update'
  | 'resolved'
  | 'reopened'
  | 'followup_added'
  | 'alert_added'
  | 'alert_resolved'
  | 'alerts_resolved'
  | 'runbook_attached'
  | 'runbook_step'
  | 'reminder_sent'
  | 'reminder_snoozed'
  | 'escalated'
  | 'paged'
  | 'page_failed'
  | 'page_queued'
  | 'pager_event'
  | 'postmortem_reminder'
  | 'postmortem_drafted'
  | 'evidence'
  | 'responder_joined'
  | 'responder_left'
  | 'followup_done'
  | 'published';

export interface TimelineEvent {
  incidentId: string;
  at: number;
  actor: Person;
  kind: TimelineKind;
  text?: string;
  before?: unknown;
  after?: unknown;
  data?: Record<string, unknown>;
}

export interface Change {
  incident: Incident;
  events: TimelineEvent[];
}

export interface DeclareInput {
  title: string;
  description?: string;
  severity?: SeverityId | null;
  declaredBy: Person;
  source: string;
  autoResolve?: boolean;
}

export function incidentId(seq: number): string {
  return `INC-${seq}`;
}

export function parseIncidentId(text: string): string | undefined {
  const m = /^inc-(\d{1,9})$/i.exec(text.trim());
  return m ? `INC-${Number(m[1])}` : undefined;
}

export function isOpen(incident: Incident): boolean {
  return incident.status !== 'resolved';
}

export function declareIncident(seq: number, input: DeclareInput, at: number): Change {
  const title = input.title.trim();
  if (!title) throw new ValidationError('An incident needs a title', [{ path: 'title', message: 'required' }]);
  const incident: Incident = {
    id: incidentId(seq),
    seq,
    title: title.slice(0, 200),
    description: (input.description ?? '').trim(),
    severity: input.severity ?? null,
    status: 'investigating',
    roles: {},
    declaredBy: input.declaredBy,
    source: input.source,
    declaredAt: at,
    acknowledgedAt: null,
    lastUpdateAt: null,
    resolvedAt: null,
    summary: null,
    followUps: [],
    runbooks: [],
    autoResolve: input.autoResolve ?? false,
    escalations: {},
    postmortemDraftedAt: null,
    updatedAt: at,
  };
  return {
    incident,
    events: [event(incident, at, input.declaredBy, 'declared', { after: { title: incident.title, severity: incident.severity }, text: incident.description || undefined })],
  };
}

/** "I'm on it": records the acknowledgement and makes the person commander when there is none. */
export function setSeverity(incident: Incident, severity: SeverityId, by: Person, at: number, via?: string[]): Change {
  if (incident.severity === severity && !via) {
    throw new ConflictError(`${incident.id} is already ${severity}`, 'unchanged');
  }
  const kind: TimelineKind = via ? 'triaged' : 'severity_changed';
  return {
    incident: touch({ ...incident, severity }, at),
    events: [event(incident, at, by, kind, { before: incident.severity, after: severity, data: via ? { path: via } : undefined })],
  };
}

const TRANSITIONS: Record<IncidentStatus, IncidentStatus[]> = {
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'resolved'],
  resolved: [],
};

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function setStatus(incident: Incident, status: IncidentStatus, by: Person, at: number): Change {
  if (status === 'resolved') return resolve(incident, by, at);
  if (incident.status === 'resolved') {
    throw new ConflictError(`${incident.id} is resolved; reopen it before changing its status`, 'illegal_transition');
  }
  if (!canTransition(incident.status, status)) {
    throw new ConflictError(`${incident.id} is already ${status}`, 'illegal_transition');
  }
  return {
    incident: touch({ ...incident, status }, at),
    events: [event(incident, at, by, 'status_changed', { before: incident.status, after: status })],
  };
}

export function resolve(incident: Incident, by: Person, at: number, summary?: string): Change {
  if (incident.status === 'resolved') {
    throw new ConflictError(`${incident.id} is already resolved`, 'illegal_transition');
  }
  const text = summary?.trim() || null;
  return {
    incident: touch({ ...incident, status: 'resolved', resolvedAt: at, summary: text ?? incident.summary }, at),
    events: [event(incident, at, by, 'resolved', { before: incident.status, after: 'resolved', text: text ?? undefined })],
  };
}

export function reopen(incident: Incident, by: Person, at: number, reason?: string): Change {
  if (incident.status !== 'resolved') {
    throw new ConflictError(`${incident.id} is not resolved`, 'illegal_transition');
  }
  return {
    // A fresh response: no stale resolution summary, and the "still open" prompt may fire again.
    incident: touch({ ...incident, status: 'investigating', resolvedAt: null, summary: null, reopenedAt: at, escalations: { ...incident.escalations, openPromptAt: undefined } }, at),
    events: [event(incident, at, by, 'reopened', { before: 'resolved', after: 'investigating', text: reason, data: incident.summary ? { summary: incident.summary } : undefined })],
  };
}

/** Postpones the status-update reminder until `until`. */
export function snoozeReminder(incident: Incident, until: number, by: Person, at: number): Change {
  assertOpen(incident);
  return {
    incident: touch({ ...incident, reminders: { ...incident.reminders, snoozedUntil: until } }, at),
    events: [event(incident, at, by, 'reminder_snoozed', { data: { until } })],
  };
}

export function addNote(incident: Incident, text: string, by: Person, at: number): Change {
  const note = requireText(text, 'note');
  return { incident: touch(incident, at), events: [event(incident, at, by, 'note', { text: note })] };
}

export function postStatusUpdate(incident: Incident, text: string, by: Person, at: number): Change {
  assertOpen(incident);
  const update = requireText(text, 'update');
  return {
    incident: touch({ ...incident, lastUpdateAt: at }, at),
    events: [event(incident, at, by, 'status_update', { text: update, data: { status: incident.status, severity: incident.severity } })],
  };
}

export function event(
  incident: Incident,
  at: number,
  actor: Person,
  kind: TimelineKind,
  extra: Partial<Pick<TimelineEvent, 'text' | 'before' | 'after' | 'data'>> = {},
): TimelineEvent {
  const e: TimelineEvent = { incidentId: incident.id, at, actor, kind };
  if (extra.text !== undefined) e.text = extra.text;
  if (extra.before !== undefined) e.before = extra.before;
  if (extra.after !== undefined) e.after = extra.after;
  if (extra.data !== undefined) e.data = extra.data;
  return e;
}

export function touch(incident: Incident, at: number): Incident {
  return { ...incident, updatedAt: at };
}

export function assertOpen(incident: Incident): void {
  if (incident.status === 'resolved') {
    throw new ConflictError(`${incident.id} is resolved`, 'incident_resolved');
  }
}

export function requireText(text: string, what: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new ValidationError(`The ${what} is empty`, [{ path: 'text', message: 'required' }]);
  return trimmed.slice(0, 4000);
}
