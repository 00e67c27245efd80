/**
 * The `/incident` application command (one subcommand per command of the grammar, typed options)
 * and the message command "Add to incident timeline". Pure: what `register-commands` uploads.
 */
import { COMMAND, type Subcommand } from '../../core/actions.js';
import { ROLES, STATUSES } from '../../core/incident.js';
import { USAGE } from '../../core/parse-command.js';

export const OPTION = { subcommand: 1, string: 3, integer: 4, user: 6 } as const;
export const TIMELINE_COMMAND = 'Add to incident timeline';

export interface OptionDefinition {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  max_length?: number;
  options?: OptionDefinition[];
}

export interface CommandDefinition {
  type: 1 | 3;
  name: string;
  description: string;
  options?: OptionDefinition[];
  contexts?: number[];
}

const incident: OptionDefinition = { type: OPTION.string, name: 'incident', description: 'The incident (implied inside its thread)', autocomplete: true };
const text = (name: string, description: string, required = false): OptionDefinition => ({ type: OPTION.string, name, description, ...(required ? { required } : {}), max_length: 3000 });

/** Options after the subcommand, in the order the command text is rebuilt from. */
function optionsOf(sub: Subcommand, severities: string[]): OptionDefinition[] {
  switch (sub) {
    case 'declare':
      return [{ ...text('title', 'What is wrong (a form asks for the rest)'), max_length: 200 }];
    case 'sev':
      return [
        {
          type: OPTION.integer,
          name: 'level',
          description: 'The severity',
          required: true,
          choices: severities.map((s) => ({ name: s, value: Number(s.replace(/\D/g, '')) })).filter((c) => c.value > 0),
        },
        incident,
      ];
    case 'status':
      return [{ type: OPTION.string, name: 'status', description: 'The new status', required: true, choices: STATUSES.map((s) => ({ name: s, value: s })) }, incident];
    case 'update':
      return [text('text', 'The status update (a form opens without it)'), incident];
    case 'assign':
      return [
        { type: OPTION.string, name: 'role', description: 'The role', required: true, choices: ROLES.map((r) => ({ name: r, value: r })) },
        { type: OPTION.user, name: 'user', description: 'Who takes it', required: true },
        incident,
      ];
    case 'note':
      return [text('text', 'The note for the timeline', true), incident];
    case 'followup':
      return [
        { type: OPTION.user, name: 'owner', description: 'Who will do it' },
        text('text', 'The follow-up item'),
        { type: OPTION.integer, name: 'done', description: 'Close the follow-up with this number instead' },
        incident,
      ];
    case 'stats':
      return [{ type: OPTION.string, name: 'window', description: 'How far back', choices: ['7d', '30d'].map((w) => ({ name: w, value: w })) }];
    case 'resolve':
      return [text('summary', 'Cause and fix (a form opens without it)'), incident];
    case 'runbook':
      return [{ type: OPTION.string, name: 'name', description: 'The runbook (a picker without it)', autocomplete: true }, incident];
    case 'page':
      return [
        { type: OPTION.user, name: 'user', description: 'A person to page' },
        { type: OPTION.string, name: 'service', description: 'A service to page (default: the on-call)' },
        incident,
      ];
    case 'oncall':
      return [{ type: OPTION.string, name: 'schedule', description: 'A schedule' }];
    case 'snooze':
      return [{ type: OPTION.string, name: 'for', description: 'How long: 30m, 1h, …', required: true }, incident];
    case 'list':
      return [{ type: OPTION.string, name: 'which', description: 'Which incidents', choices: ['open', 'resolved', 'mine', 'followups'].map((w) => ({ name: w, value: w })) }];
    case 'help':
      return [];
    default:
      return [incident];
  }
}

export function commandDefinitions(subcommands: readonly Subcommand[], severities: string[]): CommandDefinition[] {
  return [
    {
      type: 1,
      name: COMMAND.replace(/^\//, ''),
      description: 'Run an incident: declare, triage, ack, update, resolve…',
      contexts: [0],
      options: subcommands.map((sub) => ({
        type: OPTION.subcommand,
        name: sub,
        description: describe(sub),
        options: optionsOf(sub, severities),
      })),
    },
    { type: 3, name: TIMELINE_COMMAND, description: '', contexts: [0] },
  ];
}

/** The usage line's explanation, within Discord's 100 characters. */
function describe(sub: Subcommand): string {
  const usage = USAGE[sub];
  const text = usage.includes(' — ') ? usage.split(' — ')[1]! : usage;
  return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}
