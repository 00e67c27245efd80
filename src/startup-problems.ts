/** What went wrong while starting, as the lines of the "Firebreak cannot start" list: no stack trace. */
import { ConfigError } from './config/load-config.js';

export function startupProblems(err: unknown, where: { port?: number; host?: string; database?: string } = {}): string[] {
  if (err instanceof ConfigError) return err.problems;
  const e = err as NodeJS.ErrnoException & { code?: string };
  const message = err instanceof Error ? err.message : String(err);
  switch (e?.code) {
    case 'EADDRINUSE':
      return [`PORT: ${where.host ?? 'the host'}:${where.port ?? '?'} is in use by another process; stop it or set PORT to a free port.`];
    case 'EACCES':
      return [`PORT / HOST: not allowed to listen on ${where.host ?? 'the host'}:${where.port ?? '?'} (${message}); use a port above 1023.`];
    case 'EADDRNOTAVAIL':
      return [`HOST: ${where.host ?? 'the host'} is not an address of this machine; use 127.0.0.1 or 0.0.0.0.`];
    case 'UNSUPPORTED_DATABASE':
      return [message];
  }
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_')) {
    return [`FIREBREAK_DATABASE_URL: cannot use the SQLite database${where.database ? ` ${where.database}` : ''}: ${message} (${e.code}).`];
  }
  return [message];
}

/** The same heading and list as a configuration error. */
export function cannotStartText(problems: string[]): string {
  return new ConfigError(problems).message;
}
