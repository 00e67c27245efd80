/** Runbooks as interactive checklists: a progress message plus one message per step, edited in place. */
import { ACTION, MODAL } from './actions.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { bold, escapeText } from './format.js';
import * as life from './incident.js';
import type { Incident, Person, RunbookRun, StepOutcome } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { IncidentWork } from './incident-work.js';
import type { Reply } from './interactions.js';
import { message, type Block, type ChatMessage } from './message.js';
import { personText } from './render-incident.js';
import type { Runbook, RunbookStep } from './runbook.js';
import { formatClock } from './time-format.js';

const OUTCOME: Record<StepOutcome, string> = { done: '✅ Done', skipped: '⏭️ Skipped', failed: '❌ Failed' };

export const progressKey = (runbookId: string) => `runbook:${runbookId}`;
export const stepKey = (runbookId: string, index: number) => `runbook:${runbookId}:${index}`;

/** Attaches a runbook inside the caller's work: timeline event, progress header, one message per step. */
export function attachRunbook(w: IncidentWork, runbook: Runbook, by: Person): void {
  life.assertOpen(w.incident);
  if (w.incident.runbooks.some((r) => r.runbookId === runbook.id)) {
    throw new ConflictError(`Runbook ${runbook.id} is already attached to ${w.incident.id}`, 'runbook_attached');
  }
  const run: RunbookRun = { runbookId: runbook.id, attachedAt: w.now, attachedBy: by, steps: [] };
  w.apply({
    incident: life.touch({ ...w.incident, runbooks: [...w.incident.runbooks, run] }, w.now),
    events: [life.event(w.incident, w.now, by, 'runbook_attached', { data: { runbookId: runbook.id, title: runbook.title } })],
  });
  w.post(renderProgress(w.incident, runbook, run), progressKey(runbook.id));
  for (const step of runbook.steps) w.post(renderStep(w.incident.id, runbook, step, run), stepKey(runbook.id, step.index));
}

export async function attachByQuery(service: IncidentService, id: string, query: string, actor: Person): Promise<Reply> {
  const runbook = service.deps.runbooks.get(query) ?? service.deps.runbooks.find(query);
  if (!runbook) throw new NotFoundError(`No runbook matches "${query}". ${runbookList(service)}`);
  await service.withIncident(id, (w) => {
    attachRunbook(w, runbook, actor);
    w.say(`${personText(actor)} attached runbook ${bold(runbook.title)}.`);
  });
  return {};
}

/** `/incident runbook` with no name: a select of every runbook. */
export function pickRunbook(service: IncidentService, id: string): Reply {
  const runbooks = service.deps.runbooks.list();
  if (runbooks.length === 0) return { message: message('No runbooks are loaded. Add Markdown files to runbooks/.') };
  return {
    message: {
      text: 'Pick a runbook',
      blocks: [
        { type: 'text', text: `Which runbook should ${bold(id)} follow?` },
        {
          type: 'actions',
          elements: [
            {
              type: 'select',
              actionId: ACTION.openRunbook,
              placeholder: 'Choose a runbook',
              options: runbooks.slice(0, 25).map((r) => ({ label: r.title.slice(0, 75), value: `${id}|${r.id}`, description: r.summary.slice(0, 90) })),
            },
          ],
        },
      ],
    },
  };
}

/** A Done / Skip / Failed click. The first outcome recorded wins; a second click is told who was first. */
export async function recordStep(
  service: IncidentService,
  ref: { incidentId: string; runbookId: string; index: number },
  outcome: StepOutcome,
  actor: Person,
  note?: string,
): Promise<Reply> {
  const runbook = service.deps.runbooks.get(ref.runbookId);
  if (!runbook) throw new NotFoundError(`Runbook ${ref.runbookId} is no longer loaded`);
  const step = runbook.steps[ref.index];
  if (!step) throw new ValidationError(`Runbook ${runbook.id} has no step ${ref.index + 1}`);
  await service.withIncident(ref.incidentId, (w) => {
    const run = w.incident.runbooks.find((r) => r.runbookId === runbook.id);
    if (!run) throw new ConflictError(`Runbook ${runbook.id} is not attached to ${w.incident.id}`);
    const taken = run.steps.find((s) => s.index === step.index);
    if (taken) {
      throw new ConflictError(`Step ${step.index + 1} was already marked ${taken.outcome} by ${taken.by.name} at ${formatClock(taken.at)}`, 'step_recorded');
    }
    const entry = { index: step.index, outcome, by: actor, at: w.now, ...(note ? { note } : {}) };
    const updated: RunbookRun = { ...run, steps: [...run.steps, entry] };
    w.apply({
      incident: life.touch({ ...w.incident, runbooks: w.incident.runbooks.map((r) => (r === run ? updated : r)) }, w.now),
      events: [life.event(w.incident, w.now, actor, 'runbook_step', { text: note, data: { runbookId: runbook.id, step: step.index + 1, title: step.title, outcome } })],
    });
    w.edit(stepKey(runbook.id, step.index), renderStep(w.incident.id, runbook, step, updated));
    w.edit(progressKey(runbook.id), renderProgress(w.incident, runbook, updated));
  });
  return {};
}

export function stepFailedModal(ref: string, step: RunbookStep | undefined) {
  return {
    id: MODAL.stepFailed,
    title: 'Step failed',
    submitLabel: 'Record failure',
    privateValue: ref,
    inputs: [{ type: 'text' as const, id: 'note', label: `What happened${step ? ` at "${step.title.slice(0, 60)}"` : ''}?`, multiline: true, maxLength: 1000 }],
  };
}

export function renderProgress(incident: Incident, runbook: Runbook, run: RunbookRun): ChatMessage {
  const count = (o: StepOutcome) => run.steps.filter((s) => s.outcome === o).length;
  const total = runbook.steps.length;
  const done = count('done');
  const bar = '▰'.repeat(run.steps.length) + '▱'.repeat(Math.max(0, total - run.steps.length));
  const blocks: Block[] = [
    { type: 'text', text: `📋 ${bold(`Runbook: ${runbook.title}`)}\n${bar} ${done}/${total} done · ${count('skipped')} skipped · ${count('failed')} failed` },
  ];
  if (runbook.summary) blocks.push({ type: 'context', text: runbook.summary });
  blocks.push({ type: 'context', text: `attached to ${incident.id} by ${escapeText(run.attachedBy.name)} at ${formatClock(run.attachedAt)}` });
  return { text: `Runbook ${runbook.title}: ${run.steps.length}/${total} steps`, blocks, accent: run.steps.length === total ? 'ok' : 'info' };
}

export function renderStep(incidentId: string, runbook: Runbook, step: RunbookStep, run: RunbookRun): ChatMessage {
  const outcome = run.steps.find((s) => s.index === step.index);
  const kind = step.kind[0]!.toUpperCase() + step.kind.slice(1);
  const blocks: Block[] = [{ type: 'text', text: `${bold(`${step.index + 1}. ${kind}: ${step.title}`)}${step.text ? `\n${step.text}` : ''}` }];
  for (const c of step.commands) blocks.push({ type: 'code', text: c.code, language: c.language });
  step.options.forEach((o, i) => {
    blocks.push({ type: 'text', text: `${bold(`Option ${String.fromCharCode(65 + i)}: ${o.title}`)}${o.text ? `\n${o.text}` : ''}` });
    for (const c of o.commands) blocks.push({ type: 'code', text: c.code, language: c.language });
  });
  if (outcome) {
    const note = outcome.note ? ` — ${escapeText(outcome.note)}` : '';
    blocks.push({ type: 'context', text: `${OUTCOME[outcome.outcome]} by ${personText(outcome.by)} at ${formatClock(outcome.at)}${note}` });
  } else {
    const ref = `${incidentId}|${runbook.id}|${step.index}`;
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', actionId: ACTION.runbookStep, label: 'Done', value: `${ref}|done`, style: 'primary' },
        { type: 'button', actionId: ACTION.runbookStep, label: 'Skip', value: `${ref}|skipped` },
        { type: 'button', actionId: ACTION.openStepFailed, label: 'Failed…', value: ref, style: 'danger' },
      ],
    });
  }
  return { text: `${runbook.title} step ${step.index + 1}: ${step.title}`, blocks, accent: outcome ? (outcome.outcome === 'failed' ? 'critical' : 'ok') : undefined };
}

function runbookList(service: IncidentService): string {
  const ids = service.deps.runbooks.list().map((r) => r.id);
  return ids.length ? `Known: ${ids.join(', ')}` : 'No runbooks are loaded.';
}
