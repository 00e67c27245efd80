/**
 * Severity triage: the policy's decision tree, asked as buttons, one message edited in place.
 * Each answer button names its round and its question, not a position in today's tree, so the
 * first answer to a question wins: a second click on it, a button of an earlier round, or a click
 * after someone set the severity by hand changes nothing and says why.
 */
import { ACTION } from './actions.js';
import { ConflictError, ValidationError } from './errors.js';
import { bold, escapeText } from './format.js';
import * as life from './incident.js';
import type { Incident, Person, TriageState } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { IncidentWork } from './incident-work.js';
import type { Reply } from './interactions.js';
import type { ChatMessage } from './message.js';
import type { Policy, TriageQuestion } from './policy.js';
import { personText } from './render-incident.js';
import { respondText } from './response-target.js';
import { severityBroadcast } from './status-broadcasts.js';
import { formatDuration } from './time-format.js';

/** Posts the first question of a new round (on declaration, `/incident triage`, or the Triage button). */
export function beginTriage(work: IncidentWork, policy: Policy): void {
  const round = (work.incident.triage?.round ?? 0) + 1;
  const state: TriageState = { round, questionId: policy.triage.start, steps: [] };
  work.apply({ incident: { ...work.incident, triage: state }, events: [] });
  work.post(renderTriageQuestion(work.incident.id, policy, state), 'triage');
}

export function renderTriageQuestion(incidentId: string, policy: Policy, state: TriageState): ChatMessage {
  const question = questionOf(policy, state.questionId);
  return {
    text: `Triage ${incidentId}: ${question.text}`,
    blocks: [
      { type: 'text', text: `🧭 ${bold(`Triage ${incidentId}`)} — ${escapeText(question.text)}` },
      ...(state.steps.length ? [{ type: 'context' as const, text: escapeText(state.steps.join(' · ')) }] : []),
      {
        type: 'actions',
        elements: question.answers.map((a, i) => ({
          type: 'button' as const,
          actionId: ACTION.triageAnswer,
          label: a.label,
          // Question ids are at most 40 characters (policy schema), so this stays within 80.
          value: `${incidentId}|${state.round}|${i}|${question.id}`,
        })),
      },
    ],
    accent: 'info',
  };
}

export async function startTriage(service: IncidentService, id: string): Promise<Reply> {
  await service.withIncident(id, (w) => {
    life.assertOpen(w.incident);
    beginTriage(w, service.policy);
  });
  return {};
}

/** A click on a triage answer (`round|answer|question`): the next question, or the severity with the path on the timeline. */
export async function answerTriage(service: IncidentService, id: string, answerText: string, actor: Person): Promise<Reply> {
  const m = /^(\d+)\|(\d+)\|(.+)$/.exec(answerText);
  if (!m) throw new ValidationError('That triage button is out of date; run /incident triage to start again.', [{ path: 'value', message: 'unknown answer' }]);
  const [round, index, questionId] = [Number(m[1]), Number(m[2]), m[3]!];
  const policy = service.policy;
  await service.withIncident(id, (w) => {
    life.assertOpen(w.incident);
    const state = currentRound(w.incident, round, questionId);
    const question = questionOf(policy, questionId);
    const answer = question.answers[index];
    if (!answer) throw new ConflictError('That triage answer no longer exists; run /incident triage to start again.', 'stale');
    const steps = [...state.steps, `${question.text} → ${answer.label}`];
    if (answer.next) {
      const next: TriageState = { round, questionId: answer.next, steps };
      w.apply({ incident: { ...w.incident, triage: next }, events: [] });
      w.edit('triage', renderTriageQuestion(w.incident.id, policy, next));
      return;
    }
    const severity = answer.severity!;
    const before = w.incident.severity;
    w.apply(life.setSeverity(w.incident, severity, actor, w.now, steps));
    w.apply({ incident: { ...w.incident, triage: { round, steps, outcome: { severity, by: actor, manual: false } } }, events: [] });
    w.edit('triage', renderTriageResult(w, steps, severity, actor, policy));
    w.broadcast(severityBroadcast(policy, w.incident, before, actor));
  });
  return {};
}

/** A severity set by hand ends an open triage round: its buttons say so instead of overriding it. */
export function closeTriageByHand(work: IncidentWork, severity: string, actor: Person): void {
  const state = work.incident.triage;
  if (!state?.questionId) return;
  work.apply({ incident: { ...work.incident, triage: { round: state.round, steps: state.steps, outcome: { severity, by: actor, manual: true } } }, events: [] });
  work.edit('triage', {
    text: `Triage of ${work.incident.id} closed: severity set to ${severity}`,
    blocks: [{ type: 'text', text: `🧭 ${bold(`Triage ${work.incident.id}`)} closed: ${personText(actor)} set the severity to ${bold(severity)}.` }],
    accent: 'info',
  });
}

function currentRound(incident: Incident, round: number, questionId: string): TriageState {
  const state = incident.triage;
  const done = state?.outcome;
  if (state && state.round === round && done) {
    const how = done.manual ? `${done.by.name} set the severity to ${done.severity}` : `${done.by.name} triaged it as ${done.severity}`;
    throw new ConflictError(`Triage of ${incident.id} is already over: ${how}. Nothing was changed.`, 'stale');
  }
  if (!state || state.round !== round) throw new ConflictError('That triage question was superseded by a newer round; nothing was changed.', 'stale');
  if (state.questionId !== questionId) throw new ConflictError('Someone already answered that triage question; nothing was changed.', 'stale');
  return state;
}

function questionOf(policy: Policy, id: string | undefined): TriageQuestion {
  const question = policy.triage.questions.find((q) => q.id === id);
  if (!question) throw new ConflictError('That triage question is no longer in the policy; run /incident triage to start again.', 'stale');
  return question;
}

function renderTriageResult(w: IncidentWork, steps: string[], severity: string, actor: Person, policy: Policy): ChatMessage {
  const sev = policy.severities.find((s) => s.id === severity)!;
  return {
    text: `${w.incident.id} triaged as ${sev.id}`,
    blocks: [
      { type: 'text', text: `🧭 ${personText(actor)} triaged ${bold(w.incident.id)} as ${bold(sev.id)} — ${escapeText(sev.description)}` },
      { type: 'context', text: escapeText(steps.join(' · ')) },
      {
        type: 'context',
        text: `Respond ${respondText(sev)} · status updates every ${formatDuration(sev.updateCadenceMinutes * 60_000)}`,
      },
    ],
    accent: 'info',
  };
}
