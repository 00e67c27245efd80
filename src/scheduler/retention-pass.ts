/**
 * The retention pass: every `everyMs` it deletes what is past its limit (see `RetentionLimits`),
 * on a loop of its own so it never delays a reminder or a delivery. Each pass is logged when it
 * deleted anything.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { RETENTION_DEFAULTS, type RetentionCounts, type RetentionLimits, type RetentionTable } from '../store/retention-table.js';

export interface RetentionPassOptions {
  table: Pick<RetentionTable, 'prune'>;
  clock: Clock;
  log: Logger;
  limits?: Partial<RetentionLimits>;
  /** How often a pass runs. Default 10 minutes. */
  everyMs?: number;
}

export class RetentionPass {
  readonly limits: RetentionLimits;
  #nextAt: number;

  constructor(private readonly options: RetentionPassOptions) {
    this.limits = { ...RETENTION_DEFAULTS, ...options.limits };
    this.#nextAt = options.clock.now();
  }

  /** Runs a pass when one is due; `force` runs it now. */
  async run(force = false): Promise<RetentionCounts> {
    const now = this.options.clock.now();
    if (!force && now < this.#nextAt) return {};
    this.#nextAt = now + (this.options.everyMs ?? 10 * 60_000);
    const deleted = await this.options.table.prune(now, this.limits);
    if (Object.keys(deleted).length > 0) this.options.log.info({ deleted }, 'retention pass deleted old rows');
    return deleted;
  }

  async nextDueAt(): Promise<number> {
    return this.#nextAt;
  }
}
