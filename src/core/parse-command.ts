/** The `/incident …` grammar of DESIGN.md, parsed once for every surface. */
import { SUBCOMMANDS, type Subcommand } from './actions.js';
import { ValidationError } from './errors.js';
import { parseIncidentId, ROLES, STATUSES, type IncidentStatus, type Role } from './incident.js';
import { parseDuration } from './time-format.js';

export type Command =
  | { name: 'declare'; title?: string }
  | { name: 'triage' }
  | { name: 'sev'; severity: string }
  | { name: 'status'; status: IncidentStatus }
  | { name: 'ack' }
  | { name: 'update'; text?: string }
  | { name: 'assign'; role: Role; person: string }
  | { name: 'note'; text: string }
  | { name: 'runbook'; query?: string }
  | { name: 'page'; target?: string }
  | { name: 'oncall'; schedule?: string }
  | { name: 'snooze'; durationMs: number }
  | { name: 'resolve'; summary?: string }
  | { name: 'followup'; text: string }
  | { name: 'postmortem' }
  | { name: 'list' }
  | { name: 'help' };

export interface ParsedCommand {
  command: Command;
  /** An incident named in the command (`INC-42`); inside a thread the thread's incident is implied. */
  incidentId?: string;
}

const ALIASES: Record<string, Subcommand> = {
  new: 'declare',
  open: 'declare',
  severity: 'sev',
  ack: 'ack',
  acknowledge: 'ack',
  'follow-up': 'followup',
  'on-call': 'oncall',
  pm: 'postmortem',
  close: 'resolve',
  ls: 'list',
};

export const USAGE: Record<Subcommand, string> = {
  declare: 'declare [title] — open an incident (a form asks for the rest)',
  triage: 'triage — answer a few questions to set the severity',
  sev: 'sev 1-4 — set the severity',
  status: 'status investigating|identified|monitoring|resolved',
  ack: "ack — \"I'm on it\": become commander if there is none",
  update: 'update <text> — post a status update (thread + status channel)',
  assign: 'assign commander|comms|scribe @user',
  note: 'note <text> — add a note to the timeline',
  runbook: 'runbook [name] — attach a runbook as a checklist',
  page: 'page [service|@user] — page the on-call',
  oncall: 'oncall [schedule] — who is on call',
  snooze: 'snooze <30m|1h|…> — postpone the status-update reminder',
  resolve: 'resolve [summary]',
  followup: 'followup <text> — add a follow-up item',
  postmortem: 'postmortem — draft the post-mortem',
  list: 'list — open incidents',
  help: 'help — this list',
};

export function parseCommand(input: string): ParsedCommand {
  const words = input.trim().replace(/^\/incident\b/i, '').trim().split(/\s+/).filter(Boolean);
  const first = (words.shift() ?? 'help').toLowerCase();
  const name = (SUBCOMMANDS as readonly string[]).includes(first) ? (first as Subcommand) : ALIASES[first];
  if (!name) throw usageError(`Unknown command "${first}"`, undefined);

  let incidentId: string | undefined;
  const leading = words[0] && parseIncidentId(words[0]);
  if (leading) {
    incidentId = leading;
    words.shift();
  } else if (!FREE_TEXT.has(name)) {
    const trailing = words.length > 0 ? parseIncidentId(words[words.length - 1]!) : undefined;
    if (trailing) {
      incidentId = trailing;
      words.pop();
    }
  }
  const rest = words.join(' ');
  const command = toCommand(name, words, rest);
  return incidentId ? { command, incidentId } : { command };
}

const FREE_TEXT = new Set<Subcommand>(['declare', 'update', 'note', 'resolve', 'followup']);

function toCommand(name: Subcommand, words: string[], rest: string): Command {
  switch (name) {
    case 'declare':
      return rest ? { name, title: rest } : { name };
    case 'sev': {
      const m = /^(?:sev)?([1-9])$/i.exec(words[0] ?? '');
      if (!m) throw usageError('Which severity?', name);
      return { name, severity: `SEV${m[1]}` };
    }
    case 'status': {
      const status = STATUSES.find((s) => s.startsWith((words[0] ?? '').toLowerCase()) && words[0]);
      if (!status) throw usageError('Which status?', name);
      return { name, status };
    }
    case 'update':
      return rest ? { name, text: rest } : { name };
    case 'assign': {
      const role = ROLES.find((r) => r === (words[0] ?? '').toLowerCase() || (r === 'commander' && words[0]?.toLowerCase() === 'ic'));
      const person = words.slice(1).join(' ');
      if (!role || !person) throw usageError('Assign which role to whom?', name);
      return { name, role, person };
    }
    case 'note':
    case 'followup':
      if (!rest) throw usageError('The text is missing.', name);
      return { name, text: rest };
    case 'runbook':
      return rest ? { name, query: rest } : { name };
    case 'page':
      return rest ? { name, target: rest } : { name };
    case 'oncall':
      return rest ? { name, schedule: rest } : { name };
    case 'snooze': {
      const durationMs = parseDuration(rest || '30m');
      if (!durationMs) throw usageError(`"${rest}" is not a duration.`, name);
      return { name, durationMs };
    }
    case 'resolve':
      return rest ? { name, summary: rest } : { name };
    default:
      return { name } as Command;
  }
}

function usageError(problem: string, name: Subcommand | undefined): ValidationError {
  const usage = name ? `Usage: /incident ${USAGE[name]}` : 'Try /incident help';
  return new ValidationError(`${problem} ${usage}`, [{ path: 'command', message: problem }]);
}

export function helpText(): string {
  return SUBCOMMANDS.map((s) => `\`/incident ${USAGE[s].split(' — ')[0]}\`${USAGE[s].includes(' — ') ? ` — ${USAGE[s].split(' — ')[1]}` : ''}`).join('\n');
}
