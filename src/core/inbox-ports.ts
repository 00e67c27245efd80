/** The ports of two-phase interactions: the inbox, how adapters answer people, and the thread directory. */
import type { Inbound, InteractionContext, Reply } from './interactions.js';

/** An interaction as a chat adapter hands it over, before acknowledging the platform. */
export interface InboxEntry {
  surface: string;
  /** The platform's id of this delivery (Slack `event_id` or trigger, Discord interaction id): unique per surface. */
  deliveryId: string;
  inbound: Inbound;
  ctx: InteractionContext;
  /** Where the answer goes, in the adapter's own terms (Slack `response_url`, Discord token); JSON. */
  replyTo: unknown;
  receivedAt: number;
}

export interface StoredInboxEntry extends InboxEntry {
  id: number;
  attempts: number;
}

export interface InboxStore {
  /** Stores the entry, or finds it stored already (a retried or duplicated delivery): a unique key, not a memory set. */
  acceptInteraction(entry: InboxEntry): Promise<{ id: number; duplicate: boolean }>;
  /** Leases an entry for processing; undefined when it is done or another worker holds it. */
  leaseInteraction(id: number, now: number, leaseMs: number): Promise<StoredInboxEntry | undefined>;
  /** Unfinished entries whose lease ran out (the process died after the ack), oldest first. */
  strandedInteractions(now: number, limit: number): Promise<number[]>;
  completeInteraction(id: number, at: number): Promise<void>;
  retryInteraction(id: number, dueAt: number, error: string): Promise<void>;
  nextInteractionDueAt(): Promise<number | undefined>;
}

/** How a chat adapter answers the person who acted, once the interaction has run (ephemeral on Slack and Discord). */
export interface ChatResponder {
  readonly surface: string;
  respond(replyTo: unknown, reply: Reply, entry: StoredInboxEntry): Promise<void>;
}

/** Which incident a platform thread or channel belongs to (a thread reply, a command typed in it). */
export interface ThreadDirectory {
  incidentOfThread(surface: string, channelId: string, threadId?: string): Promise<string | undefined>;
}
