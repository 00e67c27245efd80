/**
 * Alert deliveries handled per event-loop turn, at most: during a storm, a click or a command
 * arriving among hundreds of webhook requests is answered in the same turn, not after all of them.
 * A delivery over the budget waits for the end of the turn (the check phase), where the next ones
 * go on; its sender only sees its answer a few milliseconds later. While an interaction holds the
 * intake (`InteractionsFirst`), no delivery begins; they go on, in order, once it is answered.
 */
export interface TurnGate {
  /** Deliveries wait now. */
  readonly holding: boolean;
  /** Resolves once deliveries may begin again; undefined when they may now. */
  whenClear(): Promise<void> | undefined;
}

export class WebhookTurns {
  #taken = 0;
  #waiting: (() => void)[] = [];
  #scheduled = false;

  constructor(
    private readonly perTurn = 16,
    private readonly gate?: TurnGate,
  ) {}

  /** Resolves when the delivery may be handled: at once while this turn's budget lasts. */
  take(): Promise<void> | undefined {
    this.#schedule();
    if (this.#taken < this.perTurn && this.#waiting.length === 0 && !this.gate?.holding) {
      this.#taken++;
      return undefined;
    }
    return new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  /** Deliveries waiting for a later turn. */
  get waiting(): number {
    return this.#waiting.length;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      const held = this.gate?.whenClear();
      if (held) {
        void held.then(() => this.#release());
        return;
      }
      this.#release();
    });
  }

  #release(): void {
    this.#scheduled = false;
    const next = this.#waiting.splice(0, this.perTurn);
    this.#taken = next.length;
    next.forEach((resolve) => resolve());
    if (this.#waiting.length > 0 || this.#taken > 0) this.#schedule();
  }
}
