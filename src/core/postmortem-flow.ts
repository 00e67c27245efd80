import { bold, link } from './format.js';
import * as life from './incident.js';
import type { Person } from './incident.js';
import type { IncidentService } from './incident-service.js';
import type { Reply } from './interactions.js';
import { renderPostmortem } from './postmortem.js';

/** Builds the post-mortem draft of an incident from the store. */
export async function postmortemMarkdown(service: IncidentService, id: string): Promise<string> {
  const { store, publicUrl, runbooks } = service.deps;
  const incident = await service.get(id);
  const [timeline, alerts] = await Promise.all([store.timeline(id), store.alertsOf(id)]);
  const runbookTitles = Object.fromEntries(runbooks.list().map((r) => [r.id, r.title]));
  return renderPostmortem({ incident, timeline, alerts, publicUrl, runbookTitles, severityOrder: service.policy.severities.map((s) => s.id) });
}

/** `/incident postmortem`: records that the draft exists, links it in the thread, stops the nudge. */
export async function draftPostmortem(service: IncidentService, id: string, actor: Person): Promise<Reply> {
  const url = `${service.deps.publicUrl}/api/incidents/${id}/postmortem.md`;
  await service.withIncident(id, async (w) => {
    const first = w.incident.postmortemDraftedAt === null;
    if (first) {
      w.apply({
        incident: life.touch({ ...w.incident, postmortemDraftedAt: w.now }, w.now),
        events: [life.event(w.incident, w.now, actor, 'postmortem_drafted', { data: { url } })],
      });
      await w.tx.cancelTimers(id, ['postmortem_reminder']);
    }
    w.post({
      text: `Post-mortem draft for ${id}: ${url}`,
      blocks: [
        { type: 'text', text: `📝 ${bold('Post-mortem draft')} for ${bold(id)}: ${link('open the Markdown', url)} — timeline, alerts, runbook steps and follow-ups are filled in; add the root cause and what you learned.` },
      ],
    });
  });
  return {};
}
