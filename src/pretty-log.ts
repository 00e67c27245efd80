/**
 * Log lines for a person at a terminal: `10:42:07 INFO  Firebreak is ready: open http://…/`
 * instead of JSON. Until the ready line, info and debug lines are held back, so the first line a
 * person sees says where the console is; warnings and errors print at once.
 */
import type { DestinationStream } from 'pino';

const READY = 'Firebreak is ready';
const SKIP = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);
const LEVELS: Record<string, string> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO ', warn: 'WARN ', error: 'ERROR', fatal: 'FATAL' };

export function createPrettyStream(out: { write(text: string): unknown }, color = true): DestinationStream {
  let held: string[] | undefined = [];
  return {
    write(line: string) {
      const text = prettyLine(line, color);
      const entry = parse(line);
      const urgent = entry.level === 'warn' || entry.level === 'error' || entry.level === 'fatal';
      if (held && String(entry.msg ?? '').startsWith(READY)) {
        out.write(text);
        for (const h of held) out.write(h);
        held = undefined;
      } else if (held && !urgent) held.push(text);
      else out.write(text);
    },
  };
}

export function prettyLine(line: string, color = true): string {
  const entry = parse(line);
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const level = String(entry.level ?? 'info');
  const label = LEVELS[level] ?? level.toUpperCase();
  const tint = !color ? '' : level === 'error' || level === 'fatal' ? '\x1b[31m' : level === 'warn' ? '\x1b[33m' : level === 'info' ? '\x1b[32m' : '\x1b[2m';
  const fields = Object.entries(entry)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${k === 'err' && v && typeof v === 'object' && 'message' in v ? String((v as { message: unknown }).message) : typeof v === 'string' ? v : JSON.stringify(v)}`);
  const rest = fields.length ? `  ${color ? '\x1b[2m' : ''}${fields.join(' ')}${color ? '\x1b[0m' : ''}` : '';
  return `${time} ${tint}${label}${color ? '\x1b[0m' : ''} ${String(entry.msg ?? '')}${rest}\n`;
}

function parse(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    // Not JSON (pino always writes JSON; this is a guard): show the line as it came.
    return { msg: line.trimEnd() };
  }
}
