/** The forms the core asks a chat to open. */
import { MODAL } from './actions.js';
import type { Modal } from './message.js';
import type { Policy } from './policy.js';

export function declareModal(policy: Policy, title?: string): Modal {
  return {
    id: MODAL.declare,
    title: 'Declare an incident',
    submitLabel: 'Declare',
    privateValue: '',
    inputs: [
      { type: 'text', id: 'title', label: 'Title', initial: title, placeholder: 'Checkout returns 500s', maxLength: 200 },
      {
        type: 'select',
        id: 'severity',
        label: 'Severity',
        initial: 'triage',
        options: [
          { label: 'Triage me', value: 'triage', description: 'Answer a few questions in the thread' },
          ...policy.severities.map((s) => ({ label: s.id, value: s.id, description: s.description.slice(0, 90) })),
        ],
      },
      { type: 'text', id: 'description', label: 'What do users see?', multiline: true, optional: true, maxLength: 3000 },
    ],
  };
}

/**
 * The status update form: five fields, Discord's most. Only the current status is required; the
 * impact, when left empty, stays what the last update said.
 */
export function updateModal(incidentId: string): Modal {
  return {
    id: MODAL.update,
    title: `Status update · ${incidentId}`,
    submitLabel: 'Post update',
    privateValue: incidentId,
    inputs: [
      { type: 'text', id: 'impact', label: 'Impact: what do users see?', multiline: true, optional: true, maxLength: 500, placeholder: 'Orders fail for about 60% of users.' },
      { type: 'text', id: 'done', label: 'What was done (one per line)', multiline: true, optional: true, maxLength: 1000, placeholder: 'Rolled back to v142' },
      { type: 'text', id: 'current', label: 'Current status', multiline: true, maxLength: 1000, placeholder: 'Error rate is falling; monitoring recovery.' },
      { type: 'text', id: 'next', label: 'Next step (one per line)', multiline: true, optional: true, maxLength: 1000, placeholder: 'Watch the error rate for 15 min' },
      { type: 'text', id: 'eta', label: 'ETA (optional)', optional: true, maxLength: 100, placeholder: '~15 min' },
    ],
  };
}

export function resolveModal(incidentId: string): Modal {
  return {
    id: MODAL.resolve,
    title: `Resolve ${incidentId}`,
    submitLabel: 'Resolve',
    privateValue: incidentId,
    inputs: [
      { type: 'text', id: 'summary', label: 'Summary: cause and fix', multiline: true, optional: true, maxLength: 3000 },
      { type: 'text', id: 'cause', label: 'Root cause', multiline: true, optional: true, maxLength: 1000 },
      { type: 'text', id: 'steps', label: 'Resolution steps (one per line)', multiline: true, optional: true, maxLength: 1000 },
    ],
  };
}
