/** Command names, action ids and modal ids: defined once here, shared by every chat adapter. */

export const COMMAND = '/incident';

export const SUBCOMMANDS = [
  'declare',
  'triage',
  'sev',
  'status',
  'ack',
  'update',
  'assign',
  'note',
  'runbook',
  'page',
  'oncall',
  'snooze',
  'resolve',
  'followup',
  'join',
  'leave',
  'timeline',
  'publish',
  'postmortem',
  'stats',
  'list',
  'help',
] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

/** Every clickable or selectable element carries one of these ids. */
export const ACTION = {
  ack: 'fb.ack',
  triageStart: 'fb.triage.start',
  triageAnswer: 'fb.triage.answer',
  setSeverity: 'fb.sev.set',
  setStatus: 'fb.status.set',
  openUpdate: 'fb.update.open',
  openResolve: 'fb.resolve.open',
  resolveNow: 'fb.resolve.now',
  reopen: 'fb.reopen',
  openRunbook: 'fb.runbook.pick',
  runbookStep: 'fb.runbook.step',
  openStepFailed: 'fb.runbook.failed',
  page: 'fb.page',
  snooze: 'fb.snooze',
  postmortem: 'fb.postmortem',
  undoStep: 'fb.runbook.undo',
  handOver: 'fb.commander.handover',
} as const;
export type ActionId = (typeof ACTION)[keyof typeof ACTION];

export const MODAL = {
  declare: 'fb.modal.declare',
  update: 'fb.modal.update',
  resolve: 'fb.modal.resolve',
  stepFailed: 'fb.modal.step-failed',
} as const;
export type ModalId = (typeof MODAL)[keyof typeof MODAL];

export function isActionId(value: string): value is ActionId {
  return (Object.values(ACTION) as string[]).includes(value);
}

export function isModalId(value: string): value is ModalId {
  return (Object.values(MODAL) as string[]).includes(value);
}
