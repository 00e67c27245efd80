/** Undoing a runbook step: only whoever marked it, with the undo on the timeline. */
import { ConflictError, NotFoundError } from './errors.js';
import { bold, escapeText } from './format.js';
import * as life from './incident.js';
import type { Person, RunbookRun } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { personText } from './render-incident.js';
import { progressKey, renderProgress, renderStep, stepKey } from './runbook-flow.js';

export async function undoStep(service: IncidentService, ref: { incidentId: string; runbookId: string; index: number }, actor: Person): Promise<Reply> {
  const runbook = service.deps.runbooks.get(ref.runbookId);
  const step = runbook?.steps[ref.index];
  if (!runbook || !step) throw new NotFoundError(`Runbook ${ref.runbookId} has no step ${ref.index + 1}`);
  await service.withIncident(ref.incidentId, (w) => {
    life.assertOpen(w.incident);
    const run = w.incident.runbooks.find((r) => r.runbookId === runbook.id);
    const marked = run?.steps.find((s) => s.index === step.index);
    if (!run || !marked) throw new ConflictError(`Step ${step.index + 1} is not marked; nothing to undo.`, 'step_unmarked');
    if (marked.by.id !== actor.id) throw new ConflictError(`Only ${marked.by.name}, who marked step ${step.index + 1} ${marked.outcome}, can undo it.`, 'step_not_yours');
    const updated: RunbookRun = { ...run, steps: run.steps.filter((s) => s !== marked) };
    w.apply({
      incident: life.touch({ ...w.incident, runbooks: w.incident.runbooks.map((r) => (r === run ? updated : r)) }, w.now),
      events: [life.event(w.incident, w.now, actor, 'note', { text: `Undid runbook step ${step.index + 1} "${step.title}" (was ${marked.outcome})`, data: { runbookId: runbook.id, step: step.index + 1, undone: marked.outcome } })],
    });
    w.edit(stepKey(runbook.id, step.index), renderStep(w.incident.id, runbook, step, updated));
    w.edit(progressKey(runbook.id), renderProgress(w.incident, runbook, updated));
    w.say(`${personText(actor)} undid step ${step.index + 1} ${bold(step.title)} of ${escapeText(runbook.title)} (was ${marked.outcome}).`);
  });
  return {};
}
