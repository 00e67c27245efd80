/** Autocomplete answers (callback type 8): open incident ids and runbook names, at most 25. */
import type { IncidentService } from '../../core/incident-service.js';

export interface Choice {
  name: string;
  value: string;
}

const MAX = 25;

export async function autocomplete(service: IncidentService, option: { name: string; value: string }): Promise<Choice[]> {
  const typed = option.value.trim().toLowerCase();
  const matches = (...texts: string[]) => !typed || texts.some((t) => t.toLowerCase().includes(typed));
  if (option.name === 'incident') {
    const open = await service.deps.store.listIncidents({ status: 'open' });
    return open
      .filter((i) => matches(i.id, i.title))
      .slice(0, MAX)
      .map((i) => ({ name: cut(`${i.id} · ${i.severity ?? 'untriaged'} · ${i.title}`), value: i.id }));
  }
  if (option.name === 'name') {
    return service.deps.runbooks
      .list()
      .filter((r) => matches(r.id, r.title))
      .slice(0, MAX)
      .map((r) => ({ name: cut(`${r.title} (${r.id})`), value: r.id.slice(0, 100) }));
  }
  return [];
}

function cut(text: string): string {
  return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}
