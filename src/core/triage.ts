/** Severity triage: the policy's decision tree, asked as buttons, one message edited in place. */
import { ACTION } from './actions.js';
import { ValidationError } from './errors.js';
import { bold, escapeText } from './format.js';
import * as life from './incident.js';
import type { Person } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { IncidentWork } from './incident-work.js';
import type { Reply } from './interactions.js';
import type { ChatMessage } from './message.js';
import type { Policy, TriageQuestion } from './policy.js';
import { personText, responseTargetText } from './render-incident.js';
import { formatDuration } from './time-format.js';

interface Walk {
  question?: TriageQuestion;
  severity?: string;
  /** "question → answer" for each step taken. */
  steps: string[];
}

/** Follows answer indices (`"1.0"`) from the start of the tree. */
export function walkTriage(policy: Policy, path: number[]): Walk {
  const byId = new Map(policy.triage.questions.map((q) => [q.id, q]));
  let question = byId.get(policy.triage.start);
  const steps: string[] = [];
  for (const index of path) {
    const answer = question?.answers[index];
    if (!question || !answer) throw new ValidationError('That triage answer is out of date', [{ path: 'value', message: 'unknown answer' }]);
    steps.push(`${question.text} → ${answer.label}`);
    if (answer.severity) return { severity: answer.severity, steps };
    question = byId.get(answer.next!);
  }
  return { question, steps };
}

export function renderTriageQuestion(incidentId: string, policy: Policy, path: number[]): ChatMessage {
  const walk = walkTriage(policy, path);
  const question = walk.question!;
  const prefix = path.length ? `${path.join('.')}.` : '';
  return {
    text: `Triage ${incidentId}: ${question.text}`,
    blocks: [
      { type: 'text', text: `🧭 ${bold(`Triage ${incidentId}`)} — ${escapeText(question.text)}` },
      ...(walk.steps.length ? [{ type: 'context' as const, text: escapeText(walk.steps.join(' · ')) }] : []),
      {
        type: 'actions',
        elements: question.answers.map((a, i) => ({
          type: 'button' as const,
          actionId: ACTION.triageAnswer,
          label: a.label,
          value: `${incidentId}|${prefix}${i}`,
        })),
      },
    ],
    accent: 'info',
  };
}

export async function startTriage(service: IncidentService, id: string): Promise<Reply> {
  await service.withIncident(id, (w) => {
    life.assertOpen(w.incident);
    w.post(renderTriageQuestion(w.incident.id, service.policy, []), 'triage');
  });
  return {};
}

/** A click on a triage answer: the next question, or the severity with the path on the timeline. */
export async function answerTriage(service: IncidentService, id: string, pathText: string, actor: Person): Promise<Reply> {
  const path = pathText.split('.').map(Number);
  if (path.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new ValidationError('Malformed triage answer', [{ path: 'value', message: 'expected answer indices' }]);
  }
  const walk = walkTriage(service.policy, path);
  await service.withIncident(id, (w) => {
    life.assertOpen(w.incident);
    if (!walk.severity) {
      w.edit('triage', renderTriageQuestion(w.incident.id, service.policy, path));
      return;
    }
    w.apply(life.setSeverity(w.incident, walk.severity, actor, w.now, walk.steps));
    w.edit('triage', renderTriageResult(w, walk, actor, service.policy));
  });
  return {};
}

function renderTriageResult(w: IncidentWork, walk: Walk, actor: Person, policy: Policy): ChatMessage {
  const sev = policy.severities.find((s) => s.id === walk.severity)!;
  return {
    text: `${w.incident.id} triaged as ${sev.id}`,
    blocks: [
      { type: 'text', text: `🧭 ${personText(actor)} triaged ${bold(w.incident.id)} as ${bold(sev.id)} — ${escapeText(sev.description)}` },
      { type: 'context', text: escapeText(walk.steps.join(' · ')) },
      {
        type: 'context',
        text: `Respond within ${responseTargetText(policy, sev.id)} · status updates every ${formatDuration(sev.updateCadenceMinutes * 60_000)}`,
      },
    ],
    accent: 'info',
  };
}
