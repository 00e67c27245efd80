/** Runbooks as interactive checklists: a progress message plus one message per step, edited in place. */
import { ACTION, MODAL } from './actions.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { bold, escapeText } from './format.js';
import * as life from './incident.js';
import type { Incident, Person, RunbookRun, StepOutcome } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { IncidentWork } from './incident-work.js';
import type { Reply } from './interactions.js';
import { message, type ActionElement, type Block, type ChatMessage } from './message.js';
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
  /** Done on a step with options: which option (A, B, …) was taken. */
  option?: string,
): Promise<Reply> {
  const runbook = service.deps.runbooks.get(ref.runbookId);
  if (!runbook) throw new NotFoundError(`Runbook ${ref.runbookId} is no longer loaded`);
  const step = runbook.steps[ref.index];
  if (!step) throw new ValidationError(`Runbook ${runbook.id} has no step ${ref.index + 1}`);
  await service.withIncident(ref.incidentId, (w) => {
    const run = w.incident.runbooks.find((r) => r.runbookId === runbook.id);
    if (!run) throw new ConflictError(`Runbook ${runbook.id} is not attached to ${w.incident.id}`);
    const marked = run.steps.find((s) => s.index === step.index);
    if (marked) {
      throw new ConflictError(`Step ${step.index + 1} was already marked ${marked.outcome} by ${marked.by.name} at ${formatClock(marked.at)}`, 'step_recorded');
    }
    const taken = optionTaken(step, outcome, option);
    const text = [taken && `Option ${taken.letter}: ${taken.title}`, note].filter(Boolean).join(' — ') || undefined;
    const entry = { index: step.index, outcome, by: actor, at: w.now, ...(text ? { note: text } : {}) };
    const updated: RunbookRun = { ...run, steps: [...run.steps, entry] };
    w.apply({
      incident: life.touch({ ...w.incident, runbooks: w.incident.runbooks.map((r) => (r === run ? updated : r)) }, w.now),
      events: [life.event(w.incident, w.now, actor, 'runbook_step', { text, data: { runbookId: runbook.id, step: step.index + 1, title: step.title, outcome, ...(taken ? { option: taken.letter } : {}) } })],
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
  const bar = '▰'.repeat(done) + '▹'.repeat(count('skipped')) + '✕'.repeat(count('failed')) + '▱'.repeat(Math.max(0, total - run.steps.length));
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
  const ref = `${incidentId}|${runbook.id}|${step.index}`;
  if (outcome) {
    const note = outcome.note ? ` — ${escapeText(outcome.note)}` : '';
    const line = `${OUTCOME[outcome.outcome]} by ${personText(outcome.by)} at ${formatClock(outcome.at)}${note}`;
    // Skipped reads as not done: in italics, with its own colour.
    blocks.push({ type: 'context', text: outcome.outcome === 'skipped' ? `_${line}_` : line });
    blocks.push({ type: 'actions', elements: [{ type: 'button', actionId: ACTION.undoStep, label: 'Undo', value: ref }] });
  } else {
    const done: ActionElement[] = step.options.length
      ? step.options.map((_o, i) => ({ type: 'button', actionId: ACTION.runbookStep, label: `Done: ${String.fromCharCode(65 + i)}`, value: `${ref}|done|${String.fromCharCode(65 + i)}`, style: i === 0 ? 'primary' : undefined }))
      : [{ type: 'button', actionId: ACTION.runbookStep, label: 'Done', value: `${ref}|done`, style: 'primary' }];
    blocks.push({
      type: 'actions',
      elements: [
        ...done,
        { type: 'button', actionId: ACTION.runbookStep, label: 'Skip', value: `${ref}|skipped` },
        { type: 'button', actionId: ACTION.openStepFailed, label: 'Failed…', value: ref, style: 'danger' },
      ],
    });
  }
  const accent = !outcome ? undefined : outcome.outcome === 'failed' ? 'critical' : outcome.outcome === 'skipped' ? 'minor' : 'ok';
  return { text: `${runbook.title} step ${step.index + 1}: ${step.title}${outcome ? ` (${outcome.outcome})` : ''}`, blocks, accent };
}

function optionTaken(step: RunbookStep, outcome: StepOutcome, option: string | undefined): { letter: string; title: string } | undefined {
  if (outcome !== 'done' || !option || step.options.length === 0) return undefined;
  const index = option.toUpperCase().charCodeAt(0) - 65;
  const chosen = step.options[index];
  if (!chosen) throw new ValidationError(`Step ${step.index + 1} has no option ${option}`, [{ path: 'option', message: 'unknown' }]);
  return { letter: String.fromCharCode(65 + index), title: chosen.title };
}

function runbookList(service: IncidentService): string {
  const ids = service.deps.runbooks.list().map((r) => r.id);
  return ids.length ? `Known: ${ids.join(', ')}` : 'No runbooks are loaded.';
}
