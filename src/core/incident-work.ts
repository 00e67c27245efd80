/** One transaction's work on one incident: changes, timeline events and the messages they cause. */
import type { Change, Incident, TimelineEvent } from './incident.js';
import type { ChatMessage } from './message.js';
import type { OutgoingMessage, StoreTx } from './ports.js';
import { renderChange } from './render-incident.js';

export class IncidentWork {
  readonly events: TimelineEvent[] = [];
  readonly messages: OutgoingMessage[] = [];
  incident: Incident;

  constructor(
    readonly tx: StoreTx,
    incident: Incident,
    /** The incident as stored before this work; undefined while declaring it. */
    readonly before: Incident | undefined,
    readonly now: number,
  ) {
    this.incident = incident;
  }

  apply(change: Change): this {
    this.incident = change.incident;
    this.events.push(...change.events);
    return this;
  }

  /** A short line in the thread saying what happened (inline markup). */
  say(text: string): this {
    return this.post(renderChange(text));
  }

  post(message: ChatMessage, key?: string): this {
    this.messages.push({ to: { kind: 'thread', incidentId: this.incident.id }, op: 'post', key, message });
    return this;
  }

  edit(key: string, message: ChatMessage): this {
    this.messages.push({ to: { kind: 'thread', incidentId: this.incident.id }, op: 'update', key, message });
    return this;
  }

  /** Archives the incident's room on platforms that have one to archive, with `message` as its last line. */
  close(message: ChatMessage): this {
    this.messages.push({ to: { kind: 'thread', incidentId: this.incident.id }, op: 'close', message });
    return this;
  }

  broadcast(message: ChatMessage): this {
    this.messages.push({ to: { kind: 'channel', channel: 'status' }, op: 'post', message });
    return this;
  }
}
