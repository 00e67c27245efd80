import type { Config } from '../config/load-config.js';
import { IncidentService } from '../core/incident-service.js';
import { parseIncidentId, type TimelineEvent } from '../core/incident.js';
import { silentLogger } from '../core/logger.js';
import { postmortemMarkdown } from '../core/postmortem-flow.js';
import { SystemClock } from '../clock/system-clock.js';
import { loadRunbooks } from '../runbooks/load-runbooks.js';
import { createRunbookCatalog } from '../runbooks/runbook-catalog.js';
import { openStore } from '../store/open-store.js';

/** `firebreak postmortem INC-n`: the draft on standard output, for a file or a docs pipeline. */
export async function runPostmortem(config: Config, rawId: string, options: { publicUrlSet: boolean } = { publicUrlSet: true }): Promise<number> {
  const id = parseIncidentId(rawId);
  if (!id) {
    console.error(`"${rawId}" is not an incident id (expected INC-<n>)`);
    return 2;
  }
  const clock = new SystemClock();
  const store = await openStore(config.database, { surfaces: ['web'], now: () => clock.now() });
  try {
    await store.migrate();
    const { runbooks } = await loadRunbooks(config.runbooksDir);
    const publicUrl = options.publicUrlSet ? config.http.publicUrl : await recordedPublicUrl(store, id, config.http.publicUrl);
    const service = new IncidentService({
      store,
      clock,
      policy: config.policy,
      publicUrl,
      runbooks: createRunbookCatalog(runbooks),
      log: silentLogger,
    });
    process.stdout.write(await postmortemMarkdown(service, id));
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    await store.close();
  }
}

/**
 * Without FIREBREAK_PUBLIC_URL the CLI's own HOST and PORT may not be the server's: the links use
 * the address the server recorded on the incident's timeline, or the default with a warning.
 */
async function recordedPublicUrl(store: { timeline(id: string): Promise<TimelineEvent[]> }, id: string, fallback: string): Promise<string> {
  for (const e of [...(await store.timeline(id))].reverse()) {
    const url = e.data?.url;
    if (typeof url !== 'string') continue;
    const at = url.search(/\/(api\/)?incidents\//);
    if (at > 0) return url.slice(0, at);
  }
  console.error(`FIREBREAK_PUBLIC_URL is not set: the draft links to ${fallback}; set it to the address people open the console at.`);
  return fallback;
}
