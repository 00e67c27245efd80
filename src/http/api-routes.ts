/** `/api/*`: incidents as JSON and Markdown for scripts, and declaring from a pipeline. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import type { IncidentService } from '../core/incident-service.js';
import { parseIncidentId } from '../core/incident.js';
import { slug } from '../core/person-ref.js';
import { postmortemMarkdown } from '../core/postmortem-flow.js';
import { requireSeverity } from '../core/respond.js';
import { toAlertJson, toIncidentJson, toTimelineJson } from './incident-json.js';

/** At most this many dead letters per answer (each keeps ≤ 4 KiB of body). */
export const MAX_DEAD_LETTERS_PAGE = 100;

const declareBody = z.object({
  title: z.string().trim().min(1, 'required').max(200),
  severity: z.string().regex(/^SEV[1-9]$/, 'expected SEV1…SEV4').nullish(),
  description: z.string().max(4000).optional(),
  declaredBy: z.string().trim().min(1).max(80).optional(),
});

const listQuery = z.object({
  status: z.enum(['open', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const deadLetterQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_DEAD_LETTERS_PAGE).optional(),
  before: z.coerce.number().int().min(1).optional(),
});

/** Paging dead letters: newest first, `?before=<id>` for the next page. */
export interface DeadLetterPages {
  listDeadLetters(limit?: number, beforeId?: number): ReturnType<IncidentService['deps']['store']['listDeadLetters']>;
}

export async function registerApiRoutes(app: FastifyInstance, service: IncidentService, deadLetters: DeadLetterPages = service.deps.store): Promise<void> {
  const { store } = service.deps;
  const json = (incident: Parameters<typeof toIncidentJson>[0]) => toIncidentJson(incident, service.deps.publicUrl);

  app.get('/api/incidents', async (request) => {
    const query = parseWith(listQuery, request.query);
    const incidents = await store.listIncidents(query);
    return { incidents: incidents.map(json) };
  });

  app.get<{ Params: { id: string } }>('/api/incidents/:id', async (request) => {
    const incident = await service.get(idParam(request.params.id));
    const [timeline, alerts] = await Promise.all([store.timeline(incident.id), store.alertsOf(incident.id)]);
    return { ...json(incident), timeline: timeline.map(toTimelineJson), alerts: alerts.map(toAlertJson) };
  });

  app.get<{ Params: { id: string } }>('/api/incidents/:id/postmortem.md', async (request, reply) => {
    const markdown = await postmortemMarkdown(service, idParam(request.params.id));
    return reply.type('text/markdown; charset=utf-8').send(markdown);
  });

  app.post('/api/incidents', async (request, reply) => {
    const body = parseWith(declareBody, request.body ?? {});
    const severity = body.severity ?? null;
    if (severity) requireSeverity(service, severity);
    const name = body.declaredBy ?? 'API';
    const incident = await service.declare(
      { title: body.title, description: body.description, severity, declaredBy: { id: `api:${slug(name) || 'api'}`, name }, source: 'api' },
    );
    return reply.code(201).header('location', `/api/incidents/${incident.id}`).send(json(incident));
  });

  app.get('/api/dead-letters', async (request) => {
    const { limit = 20, before } = parseWith(deadLetterQuery, request.query);
    const letters = await deadLetters.listDeadLetters(limit, before);
    const last = letters.length === limit ? letters.at(-1)?.id : undefined;
    return {
      deadLetters: letters.map((l) => ({ ...l, receivedAt: new Date(l.receivedAt).toISOString() })),
      ...(last !== undefined ? { next: `/api/dead-letters?limit=${limit}&before=${last}` } : {}),
    };
  });
}

function idParam(raw: string): string {
  const id = parseIncidentId(raw);
  if (!id) throw new ValidationError(`"${raw}" is not an incident id`, [{ path: 'id', message: 'expected INC-<n>' }]);
  return id;
}

function parseWith<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
  throw new ValidationError(`Invalid request: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
}
