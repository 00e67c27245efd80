/** The core's answer to every command, click and form, whichever chat it came from. */
import { ACTION, MODAL } from './actions.js';
import { NotFoundError, ValidationError } from './errors.js';
import { parseIncidentId, STATUSES, type IncidentStatus, type Person, type StepOutcome } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { Inbound, InteractionContext, Interactions, Reply } from './interactions.js';
import { message, type Modal } from './message.js';
import { declareModal, resolveModal, updateModal } from './modals.js';
import { pageOnCall, whoIsOnCall } from './paging.js';
import { helpText, parseCommand, type Command } from './parse-command.js';
import { parsePersonRef } from './person-ref.js';
import { draftPostmortem } from './postmortem-flow.js';
import * as respond from './respond.js';
import { attachByQuery, pickRunbook, recordStep, stepFailedModal } from './runbook-flow.js';
import { undoStep } from './runbook-undo.js';
import { handOver } from './hand-over.js';
import { answerTriage, startTriage } from './triage.js';
import { completeFollowUp, listOpenFollowUps } from './follow-up-flow.js';
import { showStats } from './incident-stats.js';
import { publish } from './publish-flow.js';
import { join, leave } from './team-flow.js';
import { showTimeline } from './timeline-view.js';
import { postUpdate, toUpdateFields } from './update-flow.js';

export function createInteractions(service: IncidentService): Interactions {
  const interactions: Interactions = {
    async command(text, ctx) {
      const parsed = parseCommand(text);
      return runCommand(service, parsed.command, ctx, parsed.incidentId ?? ctx.incidentId);
    },
    action: (actionId, value, ctx) => runAction(service, actionId, value, ctx),
    submit: (modalId, privateValue, values, ctx) => runSubmit(service, modalId, privateValue, values, ctx),
    run(inbound, ctx) {
      switch (inbound.kind) {
        case 'command':
          return interactions.command(inbound.text, ctx);
        case 'action':
          return interactions.action(inbound.actionId, inbound.value, ctx);
        case 'submit':
          return interactions.submit(inbound.modalId, inbound.privateValue, inbound.values, ctx);
        case 'evidence':
          return respond.addEvidence(service, requireIncident(ctx.incidentId, 'add to timeline'), inbound.evidence, ctx.actor);
      }
    },
    modalFor: (inbound, ctx) => modalFor(service, inbound, ctx),
  };
  return interactions;
}

/** The forms that open without any change to the store (so a platform can show them within its 3 s). */
function modalFor(service: IncidentService, inbound: Inbound, ctx: InteractionContext): Modal | undefined {
  if (inbound.kind === 'command') {
    let parsed;
    try {
      parsed = parseCommand(inbound.text);
    } catch {
      // A command that does not parse opens no form; running it answers with the usage.
      return undefined;
    }
    const id = parsed.incidentId ?? ctx.incidentId;
    const cmd = parsed.command;
    if (cmd.name === 'declare') return declareModal(service.policy, cmd.title);
    if (cmd.name === 'update' && !cmd.text && id) return updateModal(id);
    if (cmd.name === 'resolve' && !cmd.summary && id) return resolveModal(id);
    if (cmd.name === 'status' && cmd.status === 'resolved' && id) return resolveModal(id);
    return undefined;
  }
  if (inbound.kind !== 'action') return undefined;
  const [rawId, ...rest] = inbound.value.split('|');
  const id = parseIncidentId(rawId ?? '') ?? ctx.incidentId;
  if (!id) return undefined;
  switch (inbound.actionId) {
    case ACTION.openUpdate:
      return updateModal(id);
    case ACTION.openResolve:
      return resolveModal(id);
    case ACTION.setStatus:
      return rest[0] === 'resolved' ? resolveModal(id) : undefined;
    case ACTION.openStepFailed: {
      const runbookId = rest[0];
      const index = Number(rest[1]);
      if (!runbookId || !Number.isInteger(index) || index < 0) return undefined;
      return stepFailedModal(`${id}|${runbookId}|${index}`, service.deps.runbooks.get(runbookId)?.steps[index]);
    }
    default:
      return undefined;
  }
}

async function runCommand(service: IncidentService, cmd: Command, ctx: InteractionContext, named: string | undefined): Promise<Reply> {
  const actor = ctx.actor;
  switch (cmd.name) {
    case 'help':
      return { message: message(helpText()) };
    case 'list':
      return cmd.filter === 'followups' ? listOpenFollowUps(service) : respond.listIncidents(service, cmd.filter, actor);
    case 'stats':
      return showStats(service, cmd.days);
    case 'oncall':
      return whoIsOnCall(service, cmd.schedule);
    case 'declare':
      return { modal: declareModal(service.policy, cmd.title) };
  }
  const id = requireIncident(named, cmd.name);
  switch (cmd.name) {
    case 'triage':
      return startTriage(service, id);
    case 'sev':
      return respond.setSeverity(service, id, cmd.severity, actor);
    case 'status':
      return respond.setStatus(service, id, cmd.status, actor);
    case 'ack':
      return respond.acknowledge(service, id, actor);
    case 'update':
      return cmd.text ? postUpdate(service, id, toUpdateFields({ text: cmd.text }), actor) : { modal: updateModal(id) };
    case 'assign':
      return respond.assign(service, id, cmd.role, parsePersonRef(cmd.person, ctx.surface), actor);
    case 'note':
      return respond.addNote(service, id, cmd.text, actor);
    case 'runbook':
      return cmd.query ? attachByQuery(service, id, cmd.query, actor) : pickRunbook(service, id);
    case 'page':
      return pageOnCall(service, id, actor, cmd.target);
    case 'snooze':
      return respond.snooze(service, id, cmd.durationMs, actor);
    case 'resolve':
      return cmd.summary ? respond.resolve(service, id, actor, cmd.summary) : { modal: resolveModal(id) };
    case 'followup':
      return respond.addFollowUp(service, id, cmd.text, actor, cmd.owner ? parsePersonRef(cmd.owner, ctx.surface) : undefined);
    case 'followup_done':
      return completeFollowUp(service, id, cmd.n, actor);
    case 'join':
      return join(service, id, actor);
    case 'leave':
      return leave(service, id, actor);
    case 'timeline':
      return showTimeline(service, id);
    case 'publish':
      return publish(service, id, actor);
    case 'postmortem':
      return draftPostmortem(service, id, actor);
  }
}

async function runAction(service: IncidentService, actionId: string, value: string, ctx: InteractionContext): Promise<Reply> {
  const [rawId, ...rest] = value.split('|');
  const id = requireIncident(parseIncidentId(rawId ?? '') ?? ctx.incidentId, 'action');
  const actor = ctx.actor;
  switch (actionId) {
    case ACTION.ack:
      return respond.acknowledge(service, id, actor);
    case ACTION.triageStart:
      return startTriage(service, id);
    case ACTION.triageAnswer:
      return answerTriage(service, id, rest.join('|'), actor);
    case ACTION.setSeverity:
      return respond.setSeverity(service, id, part(rest, 0), actor);
    case ACTION.setStatus:
      return respond.setStatus(service, id, toStatus(part(rest, 0)), actor);
    case ACTION.openUpdate:
      return { modal: updateModal(id) };
    case ACTION.openResolve:
      return { modal: resolveModal(id) };
    case ACTION.resolveNow:
      return respond.resolve(service, id, actor, 'All alerts resolved.');
    case ACTION.reopen:
      return respond.reopen(service, id, actor);
    case ACTION.openRunbook:
      return rest.length ? attachByQuery(service, id, part(rest, 0), actor) : pickRunbook(service, id);
    case ACTION.runbookStep:
      return recordStep(service, stepRef(id, rest), toOutcome(part(rest, 2)), actor, undefined, rest[3]);
    case ACTION.undoStep:
      return undoStep(service, stepRef(id, rest), actor);
    case ACTION.handOver:
      return handOver(service, id, part(rest, 0), actor);
    case ACTION.openStepFailed: {
      const ref = stepRef(id, rest);
      return { modal: stepFailedModal(`${id}|${ref.runbookId}|${ref.index}`, service.deps.runbooks.get(ref.runbookId)?.steps[ref.index]) };
    }
    case ACTION.page:
      return pageOnCall(service, id, actor);
    case ACTION.snooze:
      return respond.snooze(service, id, Number(part(rest, 0)) * 60_000, actor);
    case ACTION.postmortem:
      return draftPostmortem(service, id, actor);
    default:
      throw new ValidationError(`Unknown action ${actionId}`, [{ path: 'actionId', message: 'unknown' }]);
  }
}

async function runSubmit(
  service: IncidentService,
  modalId: string,
  privateValue: string,
  values: Record<string, string>,
  ctx: InteractionContext,
): Promise<Reply> {
  const actor: Person = ctx.actor;
  switch (modalId) {
    case MODAL.declare: {
      const severity = values.severity && values.severity !== 'triage' ? values.severity : null;
      if (severity) respond.requireSeverity(service, severity);
      const incident = await service.declare({ title: values.title ?? '', description: values.description, severity, declaredBy: actor, source: ctx.surface });
      return { message: message(`Declared ${incident.id}. Its thread is open in the incidents channel.`) };
    }
    case MODAL.update:
      return postUpdate(service, requireIncident(parseIncidentId(privateValue), 'update'), toUpdateFields(values), actor);
    case MODAL.resolve:
      return respond.resolve(service, requireIncident(parseIncidentId(privateValue), 'resolve'), actor, values.summary, { rootCause: values.cause, steps: values.steps });
    case MODAL.stepFailed: {
      const [rawId, ...rest] = privateValue.split('|');
      const id = requireIncident(parseIncidentId(rawId ?? ''), 'step');
      return recordStep(service, stepRef(id, rest), 'failed', actor, values.note?.trim() || undefined);
    }
    default:
      throw new ValidationError(`Unknown form ${modalId}`, [{ path: 'modalId', message: 'unknown' }]);
  }
}

function requireIncident(id: string | undefined, what: string): string {
  if (!id) {
    throw new ValidationError(`Which incident? Run ${what} inside the incident's thread, or name it (e.g. INC-42).`, [
      { path: 'incident', message: 'required' },
    ]);
  }
  return id;
}

function part(parts: string[], index: number): string {
  const value = parts[index];
  if (value === undefined || value === '') throw new ValidationError('Malformed action value', [{ path: 'value', message: 'missing part' }]);
  return value;
}

function stepRef(incidentId: string, parts: string[]) {
  const index = Number(part(parts, 1));
  if (!Number.isInteger(index) || index < 0) throw new NotFoundError('No such runbook step');
  return { incidentId, runbookId: part(parts, 0), index };
}

function toStatus(value: string): IncidentStatus {
  const status = STATUSES.find((s) => s === value);
  if (!status) throw new ValidationError(`Unknown status ${value}`, [{ path: 'status', message: 'unknown' }]);
  return status;
}

function toOutcome(value: string): StepOutcome {
  if (value === 'done' || value === 'skipped' || value === 'failed') return value;
  throw new ValidationError(`Unknown step outcome ${value}`, [{ path: 'outcome', message: 'unknown' }]);
}
