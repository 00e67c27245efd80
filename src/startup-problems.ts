/** What went wrong while starting, as the lines of the "Firebreak cannot start" list: no stack trace. */
import { ConfigError } from './config/load-config.js';

export function startupProblems(err: unknown, where: { port?: number; host?: string; database?: string; postgres?: string } = {}): string[] {
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
  }
  if (where.postgres && typeof e?.code === 'string') {
    const problem = postgresProblem(e.code, where.postgres);
    if (problem) return [problem];
  }
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_')) {
    return [`FIREBREAK_DATABASE_URL: cannot use the SQLite database${where.database ? ` ${where.database}` : ''}: ${message} (${e.code}).`];
  }
  return [message];
}

function postgresProblem(code: string, at: string): string | undefined {
  if (/^E(CONNREFUSED|NOTFOUND|TIMEDOUT|AI_AGAIN|HOSTUNREACH|NETUNREACH)$/.test(code) || code.startsWith('08')) {
    return `FIREBREAK_DATABASE_URL: cannot reach PostgreSQL at ${at} (${code}); start it, or correct the host and port.`;
  }
  if (code === '28P01' || code === '28000') return `FIREBREAK_DATABASE_URL: PostgreSQL at ${at} refused the user or password (${code}).`;
  if (code === '3D000') return `FIREBREAK_DATABASE_URL: the database ${at} does not exist (${code}); create it, e.g. createdb.`;
  if (code === '53300') return `FIREBREAK_DATABASE_URL: PostgreSQL at ${at} has no connection left (${code}); lower FIREBREAK_DB_POOL_SIZE or raise max_connections.`;
  return undefined;
}

/** The same heading and list as a configuration error. */
export function cannotStartText(problems: string[]): string {
  return new ConfigError(problems).message;
}
