/** The composition root: the only place that knows every adapter. */
import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import type { AlertSourceSecrets } from './alerts/index.js';
import { registerConsole } from './chat/web/console-routes.js';
import { registerReportPages } from './chat/web/report-routes.js';
import { WebChat } from './chat/web/web-chat.js';
import { SystemClock } from './clock/system-clock.js';
import type { Config } from './config/load-config.js';
import type { Clock } from './core/clock.js';
import { IncidentService } from './core/incident-service.js';
import { createInteractions } from './core/interaction-handler.js';
import type { Interactions } from './core/interactions.js';
import type { ChatPort, Pager } from './core/ports.js';
import { createServer, type ServerOptions } from './http/create-server.js';
import { holdForInteractiveRoutes, InteractionsFirst } from './http/interactions-first.js';
import { registerApiRoutes } from './http/api-routes.js';
import { registerStatusPage } from './http/status-page.js';
import { installConsoleGuard } from './http/console-guard.js';
import { toAccessSettings } from './http/access-settings.js';
import { setPublicOrigin } from './http/origin-settings.js';
import { registerHealthRoutes, type ReadinessCheck } from './http/health-routes.js';
import { addLeaderGauge, addQueuedDeliveriesGauge, createMetrics } from './http/metrics.js';
import { AlertQueue, type AlertQueueOptions } from './core/alert-queue.js';
import { queuedDeliveryReader, registerWebhookRoutes } from './http/webhook-routes.js';
import { createLogger } from './logger.js';
import { loadRunbooks } from './runbooks/load-runbooks.js';
import { createRunbookCatalog } from './runbooks/runbook-catalog.js';
import type { ChatAdapter, ChatAdapterDeps } from './chat/chat-adapter.js';
import { InteractionInbox } from './scheduler/interaction-inbox.js';
import { OutboxSender } from './scheduler/outbox-sender.js';
import { createUndeliveredNotice } from './scheduler/undelivered-notice.js';
import { Scheduler } from './scheduler/scheduler.js';
import { RetentionPass } from './scheduler/retention-pass.js';
import type { KyselyStore } from './store/kysely-store.js';
import { openStore } from './store/open-store.js';
import { handleTimer } from './core/timer-handler.js';
import { recordPageOutcome } from './core/paging.js';
import { createPagerDutyPager } from './pager/create-pager.js';
import { PageSender } from './scheduler/page-sender.js';
import { PageTable } from './store/page-table.js';
import { sampleAlert } from './http/sample-alert.js';
import { reportChannelProblems } from './chat/report-channel-problems.js';
import { ChatConnections } from './chat/chat-connections.js';
import { Leadership, SOLE_LEADER, type LeadershipState } from './scheduler/leadership.js';
import { LeaseTable } from './store/lease-table.js';
import { replicaId } from './replica-id.js';

export interface AppOptions {
  logger?: PinoLogger;
  clock?: Clock;
  /** Chat adapters besides the built-in console. */
  chats?: ChatPort[];
  pager?: Pager;
  /** HTTP timeouts and the cap on unauthenticated webhook bodies (defaults suit production). */
  http?: Omit<ServerOptions, 'trustProxy'> & { maxUnauthenticatedBodies?: number };
  /** Run the scheduler loop (default). Tests that drive time call `scheduler.tick()` instead. */
  autoSchedule?: boolean;
  /** When alert deliveries are queued rather than ingested at once (defaults suit production). */
  intake?: Pick<AlertQueueOptions, 'maxInFlight' | 'maxQueued'>;
  /** Who tells the intake to yield to a person waiting for an answer (tests watch it). */
  interactionsFirst?: InteractionsFirst;
  /** How long a SQLite group commit's units run before it commits with those (default 4 ms; tests of batching lift it). */
  batchMs?: number;
}

export interface FirebreakApp {
  config: Config;
  log: PinoLogger;
  clock: Clock;
  store: KyselyStore;
  service: IncidentService;
  /** Alert deliveries straight in, or queued during a burst (the scheduler's intake loop ingests those). */
  intake: AlertQueue;
  interactions: Interactions;
  scheduler: Scheduler;
  /** Delivers queued pages in its own loop; absent without a pager. Tests call `pageSender.tick()`. */
  pageSender?: PageSender;
  pageTable: PageTable;
  /** Delivers the chat outbox (the scheduler's outbox loop runs it). */
  sender: OutboxSender;
  /** Deletes what is kept only for a while (its own scheduler loop). Tests call `retention.run(true)`. */
  retention: RetentionPass;
  /** Where chat adapters store interactions before acknowledging them. */
  inbox: InteractionInbox;
  /** Slack, Discord: the configured platform adapters. */
  adapters: ChatAdapter[];
  /** Whether this replica leads (holds Socket Mode and the gateway); on SQLite always. */
  leadership: LeadershipState;
  server: FastifyInstance;
  webChat: WebChat;
  /** Misconfigured chat channels found at start (each logged once and said in the console's #incidents). */
  channelProblems: string[];
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  /** Stops accepting, finishes in-flight work, closes the store. */
  stop(): Promise<void>;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<FirebreakApp> {
  const log = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? new SystemClock();
  const extraChats = options.chats ?? [];
  // Slack and Discord, when configured: each adds one entry (surface + factory). Their SDKs are
  // loaded only then: evaluating discord.js and Bolt is most of a start-up that needs neither.
  const platforms: { surface: string; create: (deps: ChatAdapterDeps) => Promise<ChatAdapter> }[] = [];
  if (config.slack) {
    const slack = config.slack;
    platforms.push({ surface: 'slack', create: async (deps) => (await import('./chat/slack/create-slack-adapter.js')).createSlackAdapter(slack, deps) });
  }
  if (config.discord) {
    const discord = config.discord;
    platforms.push({ surface: 'discord', create: async (deps) => (await import('./chat/discord/create-discord-adapter.js')).createDiscordAdapter(discord, deps) });
  }
  const surfaces = ['web', ...extraChats.map((c) => c.surface), ...platforms.map((p) => p.surface)];

  const store = await openStore(config.database, { surfaces, now: () => clock.now(), log: log.child({ component: 'store' }), batchMs: options.batchMs });
  const applied = await store.migrate();
  if (applied.length) log.info({ migrations: applied }, 'database migrated');

  const loaded = await loadRunbooks(config.runbooksDir);
  for (const p of loaded.problems) log.warn({ file: p.file, line: p.line }, `runbook problem: ${p.message}`);
  log.info({ count: loaded.runbooks.length, dir: config.runbooksDir }, 'runbooks loaded');

  const pager = options.pager ?? createPagerDutyPager(config.pagerduty, { clock, publicUrl: config.http.publicUrl });
  const service = new IncidentService({
    store,
    clock,
    policy: config.policy,
    publicUrl: config.http.publicUrl,
    runbooks: createRunbookCatalog(loaded.runbooks),
    pager,
    log: log.child({ component: 'core' }),
  });
  if (!pager) log.warn({}, 'no pager configured: escalations are posted in the thread but nobody is paged');
  const interactions = createInteractions(service);
  // SQLite (one process): a burst of alert deliveries is queued on disk and ingested in order.
  // Postgres replicas take every delivery straight in (their order across replicas is the database's).
  const secretValues = [...Object.values(config.secrets).flat(), config.slack?.botToken, config.slack?.signingSecret, config.slack?.appToken, config.discord?.botToken, config.pagerduty?.apiToken, config.pagerduty?.routingKey].filter(
    (v): v is string => typeof v === 'string',
  );
  const interactionsFirst = options.interactionsFirst ?? new InteractionsFirst();
  const intake = new AlertQueue(service, config.database.kind === 'sqlite' ? store.deliveries : undefined, {
    ...queuedDeliveryReader({ store, secretValues, log: log.child({ component: 'intake' }) }),
    wake: () => scheduler.wakeLoop('intake'),
    pacing: { now: () => performance.now(), pause: (ms) => pause(ms, interactionsFirst) },
    ...options.intake,
  });
  await intake.start();
  const metrics = createMetrics(store);
  addQueuedDeliveriesGauge(metrics, () => intake.queued);
  const { claimMs, pollMs } = config.replicas;
  const inbox = new InteractionInbox({ store: store.inbox, service, clock, log: log.child({ component: 'inbox' }), leaseMs: Math.min(claimMs, 30_000) });
  const adapterDeps: ChatAdapterDeps = {
    inbox,
    interactions,
    threads: store.outbox,
    service,
    clock,
    log,
    metrics: metrics.registry,
    publicUrl: () => service.deps.publicUrl,
    interactionsFirst,
  };
  const adapters: ChatAdapter[] = [];
  for (const platform of platforms) adapters.push(await platform.create(adapterDeps));
  for (const adapter of adapters) inbox.register(adapter.responder);

  const webChat = new WebChat({ log: store.webMessages, now: () => clock.now(), logger: log.child({ component: 'web' }) });
  const chats: ChatPort[] = [webChat, ...extraChats, ...adapters.map((a) => a.chat)];
  const outboxLog = log.child({ component: 'outbox' });
  const onGiveUp = createUndeliveredNotice({ console: webChat, refs: store.outbox, log: outboxLog });
  const sender = new OutboxSender({ store: store.outbox, chats, clock, log: outboxLog, onGiveUp, leaseMs: claimMs });
  const retention = new RetentionPass({ table: store.retention, clock, log: log.child({ component: 'retention' }) });
  const scheduler = new Scheduler({
    timers: store,
    outbox: sender,
    inbox,
    intake,
    retention,
    clock,
    log: log.child({ component: 'scheduler' }),
    onTimer: (timer) => handleTimer(service, timer),
    leaseMs: claimMs,
    maxIdleMs: pollMs,
  });
  store.onCommit(() => scheduler.wake());
  // Pages have a loop of their own: a slow pager never delays timers or chat delivery.
  const pageTable = new PageTable(store.db, (work) => store.db.transaction().execute(work));
  const pageSender = pager
    ? new PageSender({ store: pageTable, pager, clock, log: log.child({ component: 'pager' }), onOutcome: (page, outcome) => recordPageOutcome(service, page, outcome), leaseMs: claimMs, maxIdleMs: pollMs })
    : undefined;
  if (pageSender) store.onCommit(() => pageSender.wake());

  // Socket Mode and the gateway exist once across replicas: on Postgres the lease holder keeps them.
  const connections = new ChatConnections(adapters, log.child({ component: 'chat' }));
  const elected =
    config.database.kind === 'postgres'
      ? new Leadership({
          leases: new LeaseTable(store.db),
          name: 'chat-connections',
          holder: replicaId(),
          clock,
          leaseMs: config.replicas.leaseMs,
          log: log.child({ component: 'leadership' }),
          onElected: () => connections.set(true),
          onDeposed: () => connections.set(false),
        })
      : undefined;
  const leadership: LeadershipState = elected ?? SOLE_LEADER;
  addLeaderGauge(metrics, () => leadership.leading);

  const server = createServer(log, { ...options.http, trustProxy: config.http.trustProxy });
  holdForInteractiveRoutes(server, interactionsFirst);
  const access = toAccessSettings(config, () => clock.now());
  setPublicOrigin(server, access.publicOrigin);
  if (!config.http.trustLoopback && !config.secrets.consoleToken) log.warn({}, 'loopback is not trusted and FIREBREAK_CONSOLE_TOKEN is not set: the console and /api are closed');
  let draining = false;
  const channelProblems: string[] = [];
  const checks: ReadinessCheck[] = [{ name: 'store', check: () => store.ping() }];
  for (const adapter of adapters) {
    const ready = adapter.ready?.bind(adapter);
    if (ready) checks.push({ name: adapter.chat.surface, check: () => ready({ connected: leadership.leading }) });
  }
  const secrets: AlertSourceSecrets = {
    webhookToken: config.secrets.webhookToken,
    pagerdutyWebhookSecrets: [...config.secrets.pagerdutyWebhookSecrets],
    sentryClientSecret: config.secrets.sentryClientSecret,
    grafanaWebhookSecret: config.secrets.grafanaWebhookSecret,
  };
  await installConsoleGuard(server, access);
  await registerHealthRoutes(server, { metrics, checks, draining: () => draining, leading: () => leadership.leading });
  await registerWebhookRoutes(server, { service, intake, store, secrets, metrics, access, secretValues, maxUnauthenticatedBodies: options.http?.maxUnauthenticatedBodies, interactionsFirst });
  await registerApiRoutes(server, service, store);
  await registerReportPages(server, { store, now: () => clock.now(), severities: config.policy.severities.map((s) => s.id) });
  await registerStatusPage(server, { store, now: () => clock.now(), publicUrl: () => service.deps.publicUrl });
  for (const adapter of adapters) await adapter.registerRoutes?.(server);
  await registerConsole(server, {
    chat: webChat,
    log: store.webMessages,
    interactions,
    logger: log.child({ component: 'web' }),
    publicUrl: () => service.deps.publicUrl,
    postTestAlert: async () => {
      const res = await server.inject({
        method: 'POST',
        url: '/webhooks/generic',
        headers: {
          'content-type': 'application/json',
          ...(config.secrets.webhookToken ? { authorization: `Bearer ${config.secrets.webhookToken}` } : {}),
        },
        remoteAddress: '127.0.0.1',
        payload: sampleAlert(clock.now()),
      });
      return { status: res.statusCode, body: res.json() };
    },
  });

  return {
    config,
    log,
    clock,
    store,
    service,
    intake,
    interactions,
    scheduler,
    sender,
    retention,
    pageSender,
    pageTable,
    inbox,
    adapters,
    leadership,
    server,
    webChat,
    channelProblems,
    async listen() {
      const url = await server.listen({ host: config.http.host, port: config.http.port });
      // PORT=0 picks a free port: links must name the port the OS gave, not 0.
      if (config.http.port === 0 && config.http.publicUrl.endsWith(':0')) service.deps.publicUrl = url;
      if (options.autoSchedule !== false) scheduler.start();
      if (options.autoSchedule !== false) pageSender?.start();
      if (elected) elected.start();
      else await connections.set(true);
      await reportChannelProblems(adapters, webChat, log, channelProblems);
      log.info({ url, publicUrl: config.http.publicUrl, database: config.database.kind, surfaces }, `Firebreak is ready: open ${service.deps.publicUrl}/`);
      return url;
    },
    async stop() {
      draining = true;
      await server.close();
      // Sockets close before the lease goes, so the next leader never overlaps this one.
      if (elected) await elected.stop();
      else await connections.set(false);
      for (const adapter of adapters) await adapter.stop?.();
      await scheduler.stop();
      await pageSender?.stop();
      await store.close();
      log.info({}, 'firebreak stopped');
    },
  };
}

/** The drain's pause: `ms` (0: the next turn), then as long as a person waits for an interaction's answer. */
async function pause(ms: number, interactionsFirst: InteractionsFirst): Promise<void> {
  await new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
  await interactionsFirst.whenClear();
}
