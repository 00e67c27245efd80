/** The incident policy: severities, triage, cadences, escalation and alert routing. Built by config/. */
import type { StatusTemplates } from './status-templates.js';

export type SeverityId = string;

export interface SeverityPolicy {
  id: SeverityId;
  /** Plain-language description shown during triage and in the header. */
  description: string;
  /** Response target: an incident must be acknowledged within this. `nextBusinessDay` uses business hours. */
  responseTarget: { minutes: number } | 'nextBusinessDay';
  /** How long without a status update before the commander is reminded. */
  updateCadenceMinutes: number;
  /** An incident still open this long after declaration posts an escalation prompt. */
  escalateAfterMinutes?: number;
  /** Who is affected at this severity, in stakeholders' words ("More than half of users"): the status messages say it. */
  affectedUsers?: string;
}

export interface TriageAnswer {
  label: string;
  /** Either a severity (a leaf) or the id of the next question. */
  severity?: SeverityId;
  next?: string;
}

export interface TriageQuestion {
  id: string;
  text: string;
  answers: TriageAnswer[];
}

export interface TriageTree {
  start: string;
  questions: TriageQuestion[];
}

export interface LabelMatcher {
  /** Exact value, or a regular expression written as `/…/`. */
  [label: string]: string;
}

export interface RoutingRule {
  name: string;
  match: { source?: string; labels?: LabelMatcher };
  severity?: SeverityId;
  runbook?: string;
  channel?: string;
  autoResolve?: boolean;
  ignore?: boolean;
}

export interface BusinessHours {
  /** IANA time zone the business day is counted in. */
  timeZone: string;
  /** Hour of day (0–23) the next business day starts. */
  startHour: number;
}

export interface Policy {
  severities: SeverityPolicy[];
  triage: TriageTree;
  businessHours: BusinessHours;
  escalation: {
    /** People or groups mentioned when an incident escalates (chat handles or user ids). */
    contacts: string[];
    /** Who the pager pages when nobody acknowledges in time (a service or schedule name; empty = default). */
    pageTarget?: string;
  };
  alerts: {
    /** An alert re-firing within this window of resolution reopens the incident. */
    reopenWindowMinutes: number;
    routes: RoutingRule[];
  };
  postmortem: { dueHours: number };
  /** The status-update cadence of untriaged incidents (severities carry their own). */
  reminders: { updateEveryMinutes: number };
  /** An incident's room (a Slack channel of its own, a Discord thread) is archived this long after resolution. */
  rooms: { closeAfterMinutes: number };
  /** `/status` and its feed answer anyone (true), or only those who may open the console. */
  status: { public: boolean };
  /** The status messages (initial notification, update, resolution), parsed at start-up. */
  updates: { templates: StatusTemplates };
}

export function severityPolicy(policy: Policy, id: SeverityId | null): SeverityPolicy | undefined {
  return id === null ? undefined : policy.severities.find((s) => s.id === id);
}
