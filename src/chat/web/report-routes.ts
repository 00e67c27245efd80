/** The console's server-rendered pages: metrics, open follow-ups, an incident's full timeline. */
import type { FastifyInstance } from 'fastify';
import { parseIncidentId } from '../../core/incident.js';
import type { IncidentStore } from '../../core/ports.js';
import { renderFollowUpsPage } from './follow-ups-page.js';
import { METRIC_WINDOWS, renderMetricsPage, type MetricWindow } from './metrics-page.js';
import { sendReportPage } from './report-layout.js';
import { renderTimelinePage } from './timeline-page.js';

export interface ReportDeps {
  store: IncidentStore;
  now: () => number;
  /** The policy's severities, most severe first. */
  severities: string[];
}

/** Enough incidents for 30 days of a busy team; older ones are outside every window anyway. */
const LISTED = 5_000;

export async function registerReportPages(app: FastifyInstance, deps: ReportDeps): Promise<void> {
  app.get<{ Querystring: { window?: string } }>('/console/metrics', async (request, reply) => {
    const asked = request.query.window;
    const window: MetricWindow = asked && Object.hasOwn(METRIC_WINDOWS, asked) ? (asked as MetricWindow) : '7d';
    const incidents = await deps.store.listIncidents({ limit: LISTED });
    return sendReportPage(reply, renderMetricsPage(incidents, window, deps.now(), deps.severities));
  });

  app.get('/console/follow-ups', async (_request, reply) => {
    const incidents = await deps.store.listIncidents({ limit: LISTED });
    return sendReportPage(reply, renderFollowUpsPage(incidents, deps.now()));
  });

  app.get<{ Params: { id: string } }>('/incidents/:id/timeline', async (request, reply) => {
    const id = parseIncidentId(request.params.id);
    const incident = id ? await deps.store.getIncident(id) : undefined;
    if (!incident) return reply.code(404).type('text/plain; charset=utf-8').send('No such incident');
    return sendReportPage(reply, renderTimelinePage(incident, await deps.store.timeline(incident.id)), { images: true });
  });
}
