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
  | { name: 'followup'; text: string; owner?: string }
  | { name: 'followup_done'; n: number }
  | { name: 'join' }
  | { name: 'leave' }
  | { name: 'timeline' }
  | { name: 'publish' }
  | { name: 'stats'; days: number }
  | { name: 'postmortem' }
  | { name: 'list'; filter: 'open' | 'resolved' | 'mine' | 'followups' }
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
  update: 'update [text] — post a status update (thread + status channel); without text, a form',
  assign: 'assign commander|comms|scribe @user',
  note: 'note <text> — add a note to the timeline',
  runbook: 'runbook [name] — attach a runbook as a checklist',
  page: 'page [service|@user] — page the on-call',
  oncall: 'oncall [schedule] — who is on call',
  snooze: 'snooze <30m|1h|…> — postpone the status-update reminder',
  resolve: 'resolve [summary]',
  followup: 'followup [@owner] <text> | followup done <n> — add a follow-up item, or close one',
  join: 'join — join the response',
  leave: 'leave — leave the response',
  timeline: 'timeline — the latest of the timeline',
  publish: 'publish — show the incident on the public status page',
  postmortem: 'postmortem — draft the post-mortem',
  stats: 'stats [7d|30d] — incidents, MTTA and MTTR per severity',
  list: 'list [resolved|mine|followups] — open incidents (or resolved ones, yours, open follow-ups)',
  help: 'help — this list',
};

export function parseCommand(input: string): ParsedCommand {
  const words = input.trim().replace(/^\/?incident\b/i, '').trim().split(/\s+/).filter(Boolean);
  const first = (words.shift() ?? 'help').toLowerCase();
  const name = (SUBCOMMANDS as readonly string[]).includes(first) ? (first as Subcommand) : ALIASES[first];
  if (!name) {
    const near = nearest(first);
    throw usageError(`Unknown command "${first}".${near ? ` Did you mean ${near}?` : ''}`, undefined);
  }

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
      if (!rest) throw usageError('The text is missing.', name);
      return { name, text: rest };
    case 'followup': {
      if (words[0]?.toLowerCase() === 'done') {
        const n = Number(/^#?(\d{1,4})$/.exec(words[1] ?? '')?.[1]);
        if (!n) throw usageError('Which follow-up? Give its number, e.g. `followup done 2`.', name);
        return { name: 'followup_done', n };
      }
      // A mention may hold spaces (`<@U1|Ann Lee>`, as Slack's command text is normalized).
      const mentioned = /^(<@[^>]+>)\s*([\s\S]*)$/.exec(rest);
      const owner = mentioned?.[1];
      const text = mentioned ? mentioned[2]!.trim() : rest;
      if (!text) throw usageError('The text is missing.', name);
      return owner ? { name, text, owner } : { name, text };
    }
    case 'stats': {
      const m = /^(\d{1,2})d?$/i.exec(words[0] ?? '7d');
      const days = m ? Number(m[1]) : NaN;
      if (!(days >= 1 && days <= 90)) throw usageError('Give a window of 1 to 90 days, e.g. `stats 30d`.', name);
      return { name, days };
    }
    case 'list': {
      const filter = (words[0] ?? 'open').toLowerCase();
      if (filter !== 'open' && filter !== 'resolved' && filter !== 'mine' && filter !== 'followups') throw usageError(`"${words[0]}" is not a list.`, name);
      return { name, filter };
    }
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

/** The subcommand a typo most likely meant (at most two letters off), for "did you mean". */
function nearest(word: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of [...SUBCOMMANDS, ...Object.keys(ALIASES)]) {
    const distance = editDistance(word, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: ALIASES[name] ?? name, distance };
  }
  return best?.name;
}

/** Edits between two words, a swap of neighbours counting as one ("stauts" is one from "status"). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

function usageError(problem: string, name: Subcommand | undefined): ValidationError {
  const usage = name ? `Usage: /incident ${USAGE[name]}` : 'Try /incident help';
  return new ValidationError(`${problem} ${usage}`, [{ path: 'command', message: problem }]);
}

export function helpText(): string {
  return SUBCOMMANDS.map((s) => `\`/incident ${USAGE[s].split(' — ')[0]}\`${USAGE[s].includes(' — ') ? ` — ${USAGE[s].split(' — ')[1]}` : ''}`).join('\n');
}
