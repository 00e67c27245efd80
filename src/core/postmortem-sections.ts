/** The parts of the post-mortem draft that read more than they copy: impact, detection, runbook log, status updates, follow-ups. */
import type { Incident, TimelineEvent } from './incident.js';
import { mdText as md } from './markdown-text.js';
import type { StoredAlert } from './ports.js';
import { formatDuration, formatTime } from './time-format.js';

const clock = (at: number) => formatTime(at).slice(11, 16);

/** When users started to feel it: the first alert's own start, or the declaration. */
export function impactStart(i: Incident, alerts: StoredAlert[]): number {
  return Math.min(i.declaredAt, ...alerts.map((a) => a.startedAt ?? a.firstSeenAt));
}

export function impactLines(i: Incident, alerts: StoredAlert[]): string[] {
  const start = impactStart(i, alerts);
  const triage = i.triage?.steps ?? [];
  return [
    `- **Users affected:** ${i.description ? md(i.description) : '_who, how many, which regions or plans?_'}`,
    ...(triage.length ? [`- **Triage answers:** ${triage.map(md).join('; ')}`] : []),
    `- **Duration:** ${i.resolvedAt === null ? `ongoing since ${formatTime(start)}` : `${formatDuration(i.resolvedAt - start)} (${clock(start)} → ${clock(i.resolvedAt)} UTC)`}`,
    '- **User-visible symptoms and business impact:** _errors, failed orders, support tickets…_',
  ];
}

export function detectionLines(i: Incident, alerts: StoredAlert[], timeline: TimelineEvent[]): string[] {
  const first = [...alerts].sort((a, b) => (a.startedAt ?? a.firstSeenAt) - (b.startedAt ?? b.firstSeenAt))[0];
  const ack = timeline.find((e) => e.kind === 'acknowledged');
  const firstAlert = first
    ? `**${md(first.title)}** from ${md(first.source)} at ${formatTime(first.startedAt ?? first.firstSeenAt)}`
    : 'none: declared by hand';
  const acknowledged = i.acknowledgedAt === null
    ? 'never acknowledged'
    : `${formatDuration(i.acknowledgedAt - i.declaredAt)} (at ${formatTime(i.acknowledgedAt)}${ack ? ` by ${md(ack.actor.name)}` : ''})`;
  return [
    `- **First alert:** ${firstAlert}`,
    `- **Who noticed:** ${md(i.declaredBy.name)} declared it (${md(i.source)}) at ${formatTime(i.declaredAt)}`,
    `- **Time to acknowledge:** ${acknowledged}`,
    '- _Did the alert fire early enough? Would a person have noticed first?_',
  ];
}

/** Every runbook step marked, in order, with who and when. */
export function runbookLogLines(i: Incident, runbookTitles: Record<string, string>): string[] {
  if (i.runbooks.length === 0) return ['_No runbook was attached._'];
  return i.runbooks.flatMap((run) => {
    const title = md(runbookTitles[run.runbookId] ?? run.runbookId);
    const steps = [...run.steps].sort((a, b) => a.at - b.at);
    return [
      `- **${title}** — attached ${clock(run.attachedAt)} by ${md(run.attachedBy.name)}`,
      ...(steps.length ? steps.map((s) => `  - ${clock(s.at)} step ${s.index + 1} ${s.outcome} by ${md(s.by.name)}${s.note ? `: ${md(s.note)}` : ''}`) : ['  - _no steps recorded_']),
    ];
  });
}

export function statusUpdateLines(timeline: TimelineEvent[]): string[] {
  const updates = timeline.filter((e) => e.kind === 'status_update');
  if (updates.length === 0) return ['_No status update was posted._'];
  return updates.map((e) => `- ${clock(e.at)} UTC, ${md(e.actor.name)}: ${md(e.text ?? '')}`);
}

/** Follow-ups as a Markdown checklist: done ones ticked, each with its owner and due date. */
export function followUpLines(i: Incident): string[] {
  if (i.followUps.length === 0) return ['- [ ] _Add follow-ups with `/incident followup @owner <text>`._'];
  return i.followUps.map((f) => {
    const owner = f.owner ? `owner ${md(f.owner.name)}` : 'owner _unassigned_';
    const due = f.dueAt ? `, due ${formatTime(f.dueAt).slice(0, 10)}` : '';
    const done = f.doneAt ? `, done ${formatTime(f.doneAt).slice(0, 10)}${f.doneBy ? ` by ${md(f.doneBy.name)}` : ''}` : '';
    return `- [${f.doneAt ? 'x' : ' '}] #${f.id} ${md(f.text)} — ${owner}${due}${done} (added by ${md(f.createdBy.name)})`;
  });
}

/** Evidence people kept and links alerts brought (panels, issues, graphs), for the reader to open. */
export function evidenceLines(timeline: TimelineEvent[], safeUrl: (url: string) => string | undefined): string[] {
  const lines: string[] = [];
  for (const e of timeline) {
    if (e.kind === 'evidence') {
      const author = (e.data?.author as { name?: string } | undefined)?.name ?? '?';
      const url = typeof e.data?.link === 'string' ? safeUrl(e.data.link) : undefined;
      lines.push(`- ${clock(e.at)} ${md(author)}: ${md(e.text ?? '')}${url ? ` — <${url}>` : ''}`);
    }
    for (const l of alertLinks(e)) {
      const url = safeUrl(l.url);
      if (url) lines.push(`- ${clock(e.at)} ${md(e.text ?? 'alert')} — ${md(l.label)}: <${url}>`);
    }
  }
  return lines;
}

export function alertLinks(e: TimelineEvent): { label: string; url: string; image?: boolean }[] {
  const links = e.data?.links;
  return Array.isArray(links) ? links.filter((l): l is { label: string; url: string; image?: boolean } => typeof l?.url === 'string' && typeof l?.label === 'string') : [];
}
