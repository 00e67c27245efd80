import pg from 'pg';

export interface ListenerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * One dedicated connection that LISTENs on the work channel, so a process learns at once of work
 * another process committed instead of polling for it. A dropped connection is logged and opened
 * again (with a growing pause); on reconnecting it wakes once, for what it may have missed.
 */
export class PgWorkListener {
  #client: pg.Client | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;
  #failures = 0;

  constructor(
    private readonly options: {
      client: () => pg.Client;
      channel: string;
      /** Called for an announcement from another process (`payload` is not `ownPayload`). */
      onWork: () => void;
      ownPayload: string;
      log?: ListenerLog;
    },
  ) {}

  /** Connects and listens; throws if the first connection fails. */
  async start(): Promise<void> {
    await this.#connect();
  }

  async #connect(): Promise<void> {
    const client = this.options.client();
    client.on('notification', (n) => {
      if (n.channel === this.options.channel && n.payload !== this.options.ownPayload) this.options.onWork();
    });
    client.on('error', (err) => {
      // 'end' follows and reconnects; an error event without a handler would end the process.
      this.options.log?.warn({ err }, 'work listener connection failed');
    });
    client.on('end', () => {
      if (this.#client !== client || this.#closed) return;
      this.#client = undefined;
      this.options.log?.warn({}, 'work listener disconnected; reconnecting');
      this.#scheduleReconnect();
    });
    this.#client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.options.channel)}`);
    } catch (err) {
      this.#client = undefined;
      await client.end().catch(() => undefined); // already broken; the error above is the one that counts
      throw err;
    }
    if (this.#failures > 0) this.options.log?.info({ failures: this.#failures }, 'work listener reconnected');
    this.#failures = 0;
  }

  #scheduleReconnect(): void {
    if (this.#closed) return;
    const delayMs = Math.min(250 * 2 ** this.#failures, 5_000);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#connect().then(
        // announcements made while disconnected are lost: look for work once
        () => this.options.onWork(),
        (err) => {
          this.#failures++;
          this.options.log?.warn({ err, failures: this.#failures }, 'work listener reconnect failed');
          this.#scheduleReconnect();
        },
      );
    }, delayMs);
    this.#retry.unref();
  }

  /** True while the listening connection is up. */
  get connected(): boolean {
    return this.#client !== undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    await client?.end();
  }
}
