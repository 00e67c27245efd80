/** The ports: what the core asks of the outside world. Adapters implement them. */
import type { Alert, AlertSource } from './alert.js';
import type { Resend, ResendCheck } from './intake-ports.js';
import type { Incident, TimelineEvent } from './incident.js';
import type { ChatMessage } from './message.js';

// ── Chat ────────────────────────────────────────────────────────────────────

/** Where a message goes: an incident's thread, or one of the two channels. */
export type Destination =
  | { kind: 'thread'; incidentId: string }
  | { kind: 'channel'; channel: 'incidents' | 'status' };

/**
 * An outgoing message, queued in the store in the same transaction as the change that caused it.
 * `key` names a message that is later edited in place (`header`, `alerts`, `runbook:db-pool`);
 * a queued edit replaces any earlier edit of the same key that has not been delivered yet.
 */
export interface OutgoingMessage {
  to: Destination;
  /** `close`: the incident's room is done (resolved a while ago): post `message` as its last line, then archive it. */
  op: 'post' | 'update' | 'close';
  key?: string;
  message: ChatMessage;
}

/** A platform's reference to a delivered message. */
export interface MessageRef {
  channelId: string;
  messageId: string;
  /** The thread the message lives in (Slack: root ts; Discord: thread channel id). */
  threadId?: string;
}

/**
 * One attempt at delivering one outbox row. `key` is stable across attempts, so a platform that
 * accepts an idempotency key (Slack message metadata, Discord `nonce` with `enforce_nonce`) can
 * refuse or find a second copy; `attempt > 1` means an earlier attempt may have reached the
 * platform (a crash or a timeout mid-flight), so an adapter checks before posting again.
 */
export interface Delivery {
  key: string;
  attempt: number;
  /** What an earlier attempt of a multi-step delivery already did (a header posted, its thread not yet opened). */
  progress?: MessageRef;
  /** Stores progress durably before the next step, so a crash resumes instead of starting over. */
  saveProgress(ref: MessageRef): Promise<void>;
}

/** How fast a platform takes messages: the sender keeps below it rather than drawing 429s. */
export interface ChatPacing {
  /** The platform channel a destination posts into: every thread of one Slack channel shares its limit. */
  channelOf(to: Destination): string;
  /** Least time between two posts into one channel. */
  postIntervalMs: number;
  /** Least time between two edits of one message (queued edits coalesce meanwhile). */
  editIntervalMs: number;
  /**
   * While posts into a channel wait for their turn (a storm of new incidents), edits of messages
   * there wait too, up to this long from when the edit was queued; they coalesce meanwhile, so a
   * storm costs each thread its posts and, later, one edit per message. Default: edits do not wait.
   */
  editsYieldToPostsMs?: number;
}

/** A chat platform. Errors are thrown as `UpstreamError` with `retryable` and `retryAfterMs`. */
export interface ChatPort {
  readonly surface: string;
  readonly pacing?: ChatPacing;
  /** Posts the first message of an incident's thread into the incidents channel; opens the thread. */
  openThread(incidentId: string, message: ChatMessage, delivery: Delivery): Promise<MessageRef>;
  post(target: { channel: 'incidents' | 'status' } | { thread: MessageRef }, message: ChatMessage, delivery: Delivery): Promise<MessageRef>;
  update(ref: MessageRef, message: ChatMessage): Promise<void>;
  /** Archives an incident's room (Slack: the incident's own channel; Discord: its thread) after posting `message`. */
  closeRoom?(thread: MessageRef, message: ChatMessage, delivery: Delivery): Promise<void>;
}

// ── Pager ───────────────────────────────────────────────────────────────────

/** What a page asks of the pager: wake someone (`trigger`), or tell it the incident was acknowledged or resolved. */
export type PageAction = 'trigger' | 'acknowledge' | 'resolve';

export interface PageRequest {
  incidentId: string;
  /** Absent = `trigger`. */
  action?: PageAction;
  title: string;
  severity: string | null;
  /** A service, schedule or person (`@user`) to page; empty = the default route. */
  target?: string;
  summary: string;
  /** The incident in the console (its thread). */
  link: string;
  /** What responders see first: impact and commander. */
  details?: { impact?: string; commander?: string; status?: string };
  /** The pager's own incident, when it is known (acknowledge or resolve an incident born there). */
  pagerIncidentId?: string;
}

/** What the pager answered; `incident` when it names its own incident (a person paged through REST). */
export interface PageResult {
  reference: string;
  incident?: { id: string; url?: string; number?: number; status?: string; assignee?: string };
}

export interface OnCallEntry {
  schedule: string;
  person: string;
  email?: string;
  level: number;
  /** The escalation policy the level belongs to. */
  policy?: string;
  /** Hand-off times: on call since / until. */
  since?: number;
  until?: number;
}

/** An on-call answer; `asOf` tells how old it is when the pager could not be asked just now. */
export interface OnCallAnswer {
  entries: OnCallEntry[];
  asOf: number;
  /** Why a cached answer was given instead of a fresh one. */
  staleBecause?: string;
}

/** Who is on call, and how to wake them. Degrades to "not configured" when there is no pager. Errors are `UpstreamError`s. */
export interface Pager {
  readonly name: string;
  page(request: PageRequest): Promise<PageResult>;
  onCall(query?: string): Promise<OnCallEntry[] | OnCallAnswer>;
}

/** A page as it waits in the store: written in the transaction that decided it, delivered by the page sender. */
export interface QueuedPage {
  id: number;
  incidentId: string;
  request: PageRequest;
  /** Why: `manual`, `not acknowledged in time`, … */
  reason: string;
  actor: { id: string; name: string };
  attempts: number;
  dueAt: number;
  createdAt: number;
}

/** What became of a queued page: accepted, or given up after `attempts`. */
export type PageOutcome = { ok: true; result: PageResult } | { ok: false; error: string; attempts: number };

/** The page queue as the sender sees it. Pages of one incident go out in order (a trigger before its resolve). */
export interface PageStore {
  /** The due, unleased head of each incident's queue, oldest first. */
  pendingPages(now: number, limit: number): Promise<QueuedPage[]>;
  leasePage(id: number, now: number, leaseMs: number): Promise<QueuedPage | undefined>;
  completePage(id: number, at: number, reference: string): Promise<void>;
  retryPage(id: number, dueAt: number, error: string): Promise<void>;
  failPage(id: number, at: number, error: string): Promise<void>;
  nextPageDueAt(): Promise<number | undefined>;
}

/** An event on the pager's side, mapped by its adapter (PagerDuty V3 webhooks). */
export interface PagerEvent {
  pager: string;
  /** The pager's own id for the event (signed with the body): a replay carries the same. */
  eventId: string;
  type:
    | 'triggered'
    | 'acknowledged'
    | 'resolved'
    | 'reopened'
    | 'annotated'
    | 'escalated'
    | 'reassigned'
    | 'priority_updated'
    | 'responder_added'
    | 'other';
  incident: {
    id: string;
    url?: string;
    number?: number;
    status?: string;
    /** The dedup key the incident was triggered with: a Firebreak incident id when Firebreak paged. */
    key?: string;
    assignees?: string[];
  };
  /** Who did it on the pager's side. */
  agent?: { id: string; name: string };
  /** A note's text, a new priority, a responder request… */
  text?: string;
  at?: number;
}

// ── Store ───────────────────────────────────────────────────────────────────

export type TimerKind = 'status_reminder' | 'ack_escalation' | 'open_escalation' | 'postmortem_reminder' | 'room_close';

export interface Timer {
  incidentId: string;
  kind: TimerKind;
  dueAt: number;
}

export interface StoredAlert extends Alert {
  incidentId: string;
  /** The source sent no end time with the resolution: `endedAt` is when it arrived, so order goes by arrival. */
  endedOnArrival?: boolean;
  firstSeenAt: number;
  lastSeenAt: number;
}

export interface AlertGroup {
  source: AlertSource;
  groupKey: string;
  incidentId: string;
}

export interface DeadLetter {
  source: string;
  reason: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

/** Everything that must change together is done inside one transaction. */
export interface StoreTx {
  nextIncidentSeq(): Promise<number>;
  /** Reads and locks the incident row for the rest of the transaction. */
  lockIncident(id: string): Promise<Incident | undefined>;
  insertIncident(incident: Incident): Promise<void>;
  updateIncident(incident: Incident): Promise<void>;
  appendTimeline(events: TimelineEvent[]): Promise<void>;
  enqueue(messages: OutgoingMessage[]): Promise<void>;
  setTimer(timer: Timer): Promise<void>;
  cancelTimers(incidentId: string, kinds?: TimerKind[]): Promise<void>;
  getTimer(incidentId: string, kind: TimerKind): Promise<Timer | undefined>;

  /** Claims the group for an incident; returns the incident that owns it (maybe another one). */
  claimAlertGroup(group: AlertGroup): Promise<string>;
  findAlertGroup(source: AlertSource, groupKey: string): Promise<AlertGroup | undefined>;
  moveAlertGroup(group: AlertGroup): Promise<void>;
  /**
   * The digest of the group's latest delivery, when it told this group alone, with the alerts it
   * told; null when it told more, or once another group's delivery changed one of its alerts.
   */
  setGroupDigest(source: AlertSource, groupKey: string, digest: { digest: string; dedupKeys: string[] } | null): Promise<void>;
  /** The latest record of an alert (an alert that fired again after the reopen window has one per incident). */
  getAlert(source: AlertSource, dedupKey: string): Promise<StoredAlert | undefined>;
  saveAlert(alert: StoredAlert): Promise<void>;
  alertsOf(incidentId: string): Promise<StoredAlert[]>;
  /** Records a delivery id (Slack `event_id`, `X-Webhook-Id`); false when it was seen before. */
  markDelivery(source: string, deliveryId: string, at: number): Promise<boolean>;
  /** Removes a queued delivery as it is ingested; false when it was ingested already. */
  takeQueuedDelivery(id: number): Promise<boolean>;
  /** Queues a page (or an acknowledge/resolve for the pager) for the page sender. */
  enqueuePage(page: Omit<QueuedPage, 'id' | 'attempts' | 'dueAt' | 'createdAt'>): Promise<void>;
}

export interface IncidentQuery {
  status?: 'open' | 'resolved';
  limit?: number;
}

export interface IncidentStore {
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  getIncident(id: string): Promise<Incident | undefined>;
  listIncidents(query?: IncidentQuery): Promise<Incident[]>;
  timeline(incidentId: string): Promise<TimelineEvent[]>;
  alertsOf(incidentId: string): Promise<StoredAlert[]>;
  addDeadLetter(letter: DeadLetter): Promise<number>;
  listDeadLetters(limit?: number): Promise<(DeadLetter & { id: number })[]>;
  /**
   * A resend changes nothing but `lastSeenAt` (see `ResendCheck`): moves that and answers the
   * group, once every earlier commit is on disk; undefined when the delivery is not a resend, and
   * nothing is written.
   */
  acceptResend(check: ResendCheck): Promise<Resend | undefined>;
}

// ── Delivery (the chat outbox) and durable timers ───────────────────────────

export interface OutboxRow {
  id: number;
  surface: string;
  to: Destination;
  op: OutgoingMessage['op'];
  key?: string;
  message: ChatMessage;
  /** Failed attempts so far. */
  attempts: number;
  /** Times the row was handed to a sender (leased), this time included: above 1, an earlier try may have landed. */
  tries: number;
  /** What an earlier try of a multi-step delivery already did. */
  progress?: MessageRef;
  dueAt: number;
  createdAt: number;
}

/** The outbox as the sender sees it. Rows are delivered in id order per lane (surface + thread or channel). */
export interface OutboxStore {
  /** The due head (oldest undelivered row) of each lane whose head is not leased, oldest first. */
  pendingOutbox(now: number, limit: number): Promise<OutboxRow[]>;
  /** The new head of the lane `delivered` led, once it was delivered: its next undelivered row, if due and not leased. */
  nextInLane(delivered: OutboxRow, now: number): Promise<OutboxRow | undefined>;
  /** Deletes delivered rows older than `before`. */
  pruneOutbox(before: number): Promise<number>;
  /**
   * Leases a row so that one sender delivers it, and answers the row as leased: an edit coalesced
   * into it after `pendingOutbox` read it is delivered, not lost. Undefined when another sender holds it.
   */
  leaseOutbox(id: number, now: number, leaseMs: number): Promise<OutboxRow | undefined>;
  completeOutbox(id: number, at: number): Promise<void>;
  retryOutbox(id: number, dueAt: number, error: string): Promise<void>;
  /** Gives up on a row that can never be delivered (the platform refused it); keeps the error. */
  failOutbox(id: number, at: number, error: string): Promise<void>;
  /** Keeps what a multi-step delivery did so far (see `Delivery.saveProgress`). */
  saveOutboxProgress(id: number, progress: MessageRef): Promise<void>;
  nextOutboxDueAt(): Promise<number | undefined>;
  getMessageRef(surface: string, incidentId: string, key: string): Promise<MessageRef | undefined>;
  /** Saving the `thread` ref also records the thread in the directory (`ThreadDirectory`). */
  saveMessageRef(surface: string, incidentId: string, key: string, ref: MessageRef): Promise<void>;
  getChannelRef(surface: string, key: string): Promise<MessageRef | undefined>;
  saveChannelRef(surface: string, key: string, ref: MessageRef): Promise<void>;
}

export interface TimerStore {
  /** Leases up to `limit` due timers for `leaseMs`; another process cannot claim them meanwhile. */
  claimDueTimers(now: number, limit: number, leaseMs: number): Promise<Timer[]>;
  nextTimerDueAt(): Promise<number | undefined>;
}

// The inbox (interactions stored before they are acknowledged), in a file of its own.
export type * from './inbox-ports.js';
