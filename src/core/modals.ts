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

export function updateModal(incidentId: string): Modal {
  return {
    id: MODAL.update,
    title: `Status update · ${incidentId}`,
    submitLabel: 'Post update',
    privateValue: incidentId,
    inputs: [
      {
        type: 'text',
        id: 'text',
        label: 'What is the current state, and what happens next?',
        multiline: true,
        maxLength: 3000,
        placeholder: 'Rolled back to v142; error rate is falling. Next update in 30 min.',
      },
    ],
  };
}

export function resolveModal(incidentId: string): Modal {
  return {
    id: MODAL.resolve,
    title: `Resolve ${incidentId}`,
    submitLabel: 'Resolve',
    privateValue: incidentId,
    inputs: [{ type: 'text', id: 'summary', label: 'Summary: cause and fix', multiline: true, optional: true, maxLength: 3000 }],
  };
}
