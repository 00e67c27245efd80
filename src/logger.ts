import pino, { type Logger } from 'pino';
import { REDACT_PATHS } from './config/redact.js';

/** The one pino root. Secrets are redacted by path; messages stay constant, data goes in fields. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'firebreak' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
