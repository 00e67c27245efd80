import type { Policy } from '../core/policy.js';
import { compileTemplates } from '../core/status-templates.js';

/** The policy Firebreak runs with when no YAML file is given. */
export const DEFAULT_POLICY: Policy = {
  severities: [
    {
      id: 'SEV1',
      description: 'Critical: the service is down or unusable for all users, or data is at risk.',
      responseTarget: { minutes: 15 },
      updateCadenceMinutes: 30,
      affectedUsers: 'All users',
      escalateAfterMinutes: 30,
    },
    {
      id: 'SEV2',
      description: 'Major: a core feature is broken or degraded for more than half of users.',
      responseTarget: { minutes: 30 },
      updateCadenceMinutes: 30,
      affectedUsers: 'More than half of users',
      escalateAfterMinutes: 60,
    },
    {
      id: 'SEV3',
      description: 'Minor: some users see degraded behaviour; a workaround exists.',
      responseTarget: { minutes: 120 },
      updateCadenceMinutes: 30,
      affectedUsers: 'Fewer than half of users',
    },
    {
      id: 'SEV4',
      description: 'Low: no user impact yet; a risk to fix during business hours.',
      responseTarget: 'nextBusinessDay',
      updateCadenceMinutes: 30,
      affectedUsers: 'No users yet',
    },
  ],
  triage: {
    start: 'all-users',
    questions: [
      {
        id: 'all-users',
        text: 'Are all users affected?',
        answers: [
          { label: 'Yes, all users', severity: 'SEV1' },
          { label: 'No', next: 'more-than-half' },
        ],
      },
      {
        id: 'more-than-half',
        text: 'Are more than half of users affected?',
        answers: [
          { label: 'Yes, more than half', severity: 'SEV2' },
          { label: 'No', next: 'some-users' },
        ],
      },
      {
        id: 'some-users',
        text: 'Are fewer than half of users affected, or is there no user impact?',
        answers: [
          { label: 'Fewer than half', severity: 'SEV3' },
          { label: 'No user impact', severity: 'SEV4' },
        ],
      },
    ],
  },
  businessHours: { timeZone: 'UTC', startHour: 9 },
  escalation: { contacts: [] },
  alerts: { reopenWindowMinutes: 30, routes: [] },
  postmortem: { dueHours: 24 },
  reminders: { updateEveryMinutes: 30 },
  rooms: { closeAfterMinutes: 24 * 60 },
  status: { public: true },
  updates: { templates: compileTemplates().templates },
};
