/** Bolt's and the Web API's logger interface over ours, so their lines go through pino with the rest. */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';

export function toBoltLogger(log: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    // Bolt's messages are free text; they go in a field so our messages stay constant.
    debug: (...parts) => log.debug({ detail: text(parts) }, 'slack sdk'),
    info: (...parts) => log.debug({ detail: text(parts) }, 'slack sdk'),
    warn: (...parts) => log.warn({ detail: text(parts) }, 'slack sdk'),
    error: (...parts) => log.error({ detail: text(parts) }, 'slack sdk'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
