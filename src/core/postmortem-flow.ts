import { bold, link } from './format.js';
import * as life from './incident.js';
import type { Person } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { MESSAGE_LIMITS, type Attachment, type ChatMessage } from './message.js';
import { renderPostmortem } from './postmortem.js';

/** Builds the post-mortem draft of an incident from the store. */
export async function postmortemMarkdown(service: IncidentService, id: string): Promise<string> {
  const { store, publicUrl, runbooks } = service.deps;
  const incident = await service.get(id);
  const [timeline, alerts] = await Promise.all([store.timeline(id), store.alertsOf(id)]);
  const runbookTitles = Object.fromEntries(runbooks.list().map((r) => [r.id, r.title]));
  return renderPostmortem({ incident, timeline, alerts, publicUrl, runbookTitles, severityOrder: service.policy.severities.map((s) => s.id) });
}

/**
 * `/incident postmortem`: records that the draft exists, stops the nudge, and posts the draft in the
 * thread as a file (`INC-n-postmortem.md`), or only its link when it is too large to attach.
 */
export async function draftPostmortem(service: IncidentService, id: string, actor: Person): Promise<Reply> {
  const url = `${service.deps.publicUrl}/api/incidents/${id}/postmortem.md`;
  const markdown = await postmortemMarkdown(service, id);
  await service.withIncident(id, async (w) => {
    const first = w.incident.postmortemDraftedAt === null;
    if (first) {
      w.apply({
        incident: life.touch({ ...w.incident, postmortemDraftedAt: w.now }, w.now),
        events: [life.event(w.incident, w.now, actor, 'postmortem_drafted', { data: { url } })],
      });
      await w.tx.cancelTimers(id, ['postmortem_reminder']);
    }
    w.post(postmortemMessage(id, url, markdown));
  });
  return {};
}

export function postmortemMessage(id: string, url: string, markdown: string): ChatMessage {
  const attachment: Attachment = { filename: `${id}-postmortem.md`, contentType: 'text/markdown; charset=utf-8', body: markdown };
  const fits = new TextEncoder().encode(markdown).length <= MESSAGE_LIMITS.attachmentBytes;
  const what = fits ? `attached as ${bold(attachment.filename)}, or ${link('open the Markdown', url)}` : `too large to attach: ${link('open the Markdown', url)}`;
  return {
    text: `Post-mortem draft for ${id}: ${url}`,
    blocks: [
      { type: 'text', text: `📝 ${bold('Post-mortem draft')} for ${bold(id)} — ${what}. Timeline, alerts, runbook steps, status updates and follow-ups are filled in; add the root cause and what you learned.` },
    ],
    ...(fits ? { attachment } : {}),
  };
}
