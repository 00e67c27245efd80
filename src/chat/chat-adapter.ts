/**
 * What a chat platform adapter (Slack, Discord) gives the composition root, and what it gets.
 * The adapter renders the neutral message model (its `ChatPort`), answers people (`ChatResponder`),
 * and turns platform payloads into stored interactions through the inbox — nothing else.
 */
import type { FastifyInstance } from 'fastify';
import type { InteractionsFirst } from '../http/interactions-first.js';
import type { Registry } from 'prom-client';
import type { Clock } from '../core/clock.js';
import type { IncidentService } from '../core/incident-service.js';
import type { Interactions } from '../core/interactions.js';
import type { Logger } from '../core/logger.js';
import type { ChatPort, ChatResponder, ThreadDirectory } from '../core/ports.js';
import type { InteractionInbox } from '../scheduler/interaction-inbox.js';
import type { ChannelProblem } from './channel-check.js';

export interface ChatAdapterDeps {
  /** Where every command, click and form goes: stored, acknowledged, then run. */
  inbox: InteractionInbox;
  /** The forms an interaction opens at once (`interactions.modalFor`), while the platform's trigger is fresh. */
  interactions: Interactions;
  /** Which incident a thread or channel belongs to. */
  threads: ThreadDirectory;
  /** Read-only lookups (open incidents, runbooks) for autocomplete and pickers. */
  service: IncidentService;
  clock: Clock;
  log: Logger;
  metrics: Registry;
  publicUrl: () => string;
  /**
   * Interactions that arrive other than over HTTP (Slack Socket Mode) mark themselves here, so the
   * intake yields to them as it does to the interactive routes.
   */
  interactionsFirst?: Pick<InteractionsFirst, 'begin'>;
}

export interface ChatAdapter {
  readonly chat: ChatPort;
  readonly responder: ChatResponder;
  /** Routes the platform posts to (Slack `/slack/events`, Discord `/discord/interactions`). */
  registerRoutes?(server: FastifyInstance): Promise<void>;
  /**
   * Opens what is long-lived (Socket Mode, the gateway). Only the leading replica holds it: called
   * once the server listens and this replica leads, and again after a `disconnect` when it leads again.
   */
  connect?(): Promise<void>;
  /** Closes that connection; routes, delivery and answers keep working (a follower delivers too). */
  disconnect?(): Promise<void>;
  /** Shutdown: closes the connection and waits for the deliveries in hand. */
  stop?(): Promise<void>;
  /** The configured channels that do not exist (a mistyped id), checked once at start. */
  checkChannels?(): Promise<ChannelProblem[]>;
  /**
   * Readiness: resolves when the platform answers and, with `connected`, the long-lived connection
   * is up (a follower does not hold it); throws saying why not.
   */
  ready?(options: { connected: boolean }): Promise<void>;
}
