/** Realistic incident messages for the browser test and the README screenshot. */
import { ACTION, MODAL } from '../../../src/core/actions.js';
import { bold, code, escapeText, link, mention } from '../../../src/core/format.js';
import type { ChatMessage, Modal } from '../../../src/core/message.js';

export interface SampleIncident {
  id: string;
  seq: number;
  title: string;
  severity: string | null;
  status: 'investigating' | 'identified' | 'monitoring' | 'resolved';
}

const ACCENT = { SEV1: 'critical', SEV2: 'major', SEV3: 'minor', SEV4: 'info' } as const;
const DANA = mention('web:dana-kim', 'Dana Kim');

export function header(incident: SampleIncident, commander?: string): ChatMessage {
  const resolved = incident.status === 'resolved';
  const status = incident.status[0]!.toUpperCase() + incident.status.slice(1);
  return {
    text: `${incident.id} ${incident.title}`,
    accent: resolved ? 'ok' : incident.severity ? ACCENT[incident.severity as keyof typeof ACCENT] : 'info',
    blocks: [
      { type: 'text', text: `${bold(`${incident.id} · ${incident.title}`)}` },
      {
        type: 'fields',
        fields: [
          { label: 'Severity', value: incident.severity ?? '_Not triaged yet_' },
          { label: 'Status', value: status },
          { label: 'Commander', value: commander ?? '_Unassigned_' },
          { label: 'Declared', value: `by Alertmanager · ${code('HighErrorRate')}` },
        ],
      },
      resolved
        ? { type: 'actions', elements: [{ type: 'button', actionId: ACTION.reopen, label: 'Reopen', value: incident.id }] }
        : {
            type: 'actions',
            elements: [
              { type: 'button', actionId: ACTION.ack, label: "I'm on it", value: incident.id, style: 'primary' },
              {
                type: 'select',
                actionId: ACTION.setSeverity,
                placeholder: 'Set severity',
                initial: incident.severity ? `${incident.id}:${incident.severity}` : undefined,
                options: ['SEV1', 'SEV2', 'SEV3', 'SEV4'].map((s) => ({ label: s, value: `${incident.id}:${s}` })),
              },
              { type: 'button', actionId: ACTION.openUpdate, label: 'Post update', value: incident.id },
              {
                type: 'button',
                actionId: ACTION.resolveNow,
                label: 'Resolve',
                value: incident.id,
                style: 'danger',
                confirm: { title: 'Resolve this incident?', text: `${bold(incident.id)} will be marked resolved.`, confirm: 'Resolve', deny: 'Cancel' },
              },
            ],
          },
      {
        type: 'context',
        text: resolved
          ? 'Resolved · post-mortem draft ready'
          : `Next status update due in 30 min · ${link('Runbook: checkout-errors', 'https://runbooks.example.com/checkout-errors')}`,
      },
    ],
  };
}

export const threadReplies = (incident: SampleIncident): ChatMessage[] => [
  {
    text: 'Alert firing',
    accent: 'critical',
    blocks: [
      { type: 'text', text: `${bold('HighErrorRate')} firing on ${code('checkout-api')} (prod-eu-1)` },
      { type: 'code', language: 'alert', text: 'rate(http_requests_total{job="checkout",code=~"5.."}[5m])\n  / rate(http_requests_total{job="checkout"}[5m]) > 0.05\nvalue: 0.183' },
      { type: 'context', text: `Source: Alertmanager · ${link('Open in Grafana', 'https://grafana.example.com/d/checkout')}` },
    ],
  },
  {
    text: 'Dana is on it',
    blocks: [{ type: 'text', text: `${DANA} is on it and is now the incident commander.` }],
  },
  {
    text: 'Runbook step',
    blocks: [
      { type: 'text', text: `${bold('Runbook · checkout-errors')} — step 2 of 5` },
      { type: 'text', text: `Roll back the last deploy: ${code('kubectl rollout undo deploy/checkout-api')}` },
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: ACTION.runbookStep, label: 'Done', value: `${incident.id}:checkout-errors:2:done`, style: 'primary' },
          { type: 'button', actionId: ACTION.runbookStep, label: 'Skip', value: `${incident.id}:checkout-errors:2:skipped` },
          { type: 'button', actionId: ACTION.openStepFailed, label: 'It failed', value: `${incident.id}:checkout-errors:2` },
        ],
      },
    ],
  },
  {
    text: 'Status update',
    accent: 'info',
    blocks: [
      { type: 'text', text: `${bold('Status update')} from ${DANA}` },
      { type: 'text', text: escapeText('Rolled back checkout-api to v2024.06.3; error rate falling (18% → 4%). Watching for 15 min.') },
    ],
  },
];

export const statusMessage = (incident: SampleIncident, text: string): ChatMessage => ({
  text: `${incident.id}: ${text}`,
  accent: 'info',
  blocks: [
    { type: 'text', text: `${bold(`${incident.id} · ${incident.title}`)} — ${escapeText(text)}` },
    { type: 'context', text: `Posted by ${DANA} · ${incident.severity ?? 'untriaged'} · ${incident.status}` },
  ],
});

export const updateModal = (incidentId: string): Modal => ({
  id: MODAL.update,
  title: 'Post a status update',
  submitLabel: 'Post update',
  privateValue: incidentId,
  inputs: [
    { type: 'text', id: 'text', label: 'What do users see, and what are you doing?', multiline: true, maxLength: 2000 },
    {
      type: 'select',
      id: 'status',
      label: 'Status',
      optional: true,
      options: ['investigating', 'identified', 'monitoring'].map((s) => ({ label: s, value: s })),
    },
  ],
});
