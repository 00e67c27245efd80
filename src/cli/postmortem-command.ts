import type { Config } from '../config/load-config.js';
import { IncidentService } from '../core/incident-service.js';
import { parseIncidentId } from '../core/incident.js';
import { silentLogger } from '../core/logger.js';
import { postmortemMarkdown } from '../core/postmortem-flow.js';
import { SystemClock } from '../clock/system-clock.js';
import { loadRunbooks } from '../runbooks/load-runbooks.js';
import { createRunbookCatalog } from '../runbooks/runbook-catalog.js';
import { openStore } from '../store/open-store.js';

/** `firebreak postmortem INC-n`: the draft on standard output, for a file or a docs pipeline. */
export async function runPostmortem(config: Config, rawId: string): Promise<number> {
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
    const service = new IncidentService({
      store,
      clock,
      policy: config.policy,
      publicUrl: config.http.publicUrl,
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
