/**
 * Child processes of the benchmarks: the load generator (bench/load.mjs) and the built bot
 * (`node dist/firebreak.mjs start`). Every child is stopped by its pid, also when the bench fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const ROOT = new URL('../', import.meta.url).pathname;
// From bench/ or from the bundles in .bench/ alike.
const LOAD = new URL('../bench/load.mjs', import.meta.url).pathname;
export const BUILT_BOT = `${ROOT}dist/firebreak.mjs`;

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('close', () => children.delete(child));
  return child;
}

/** What bench/load.mjs reports for an intake load (latencies in ms). */
export interface IntakeResult {
  requests: number;
  rps: number;
  /** How long the load ran. */
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers 202: alerts durably stored. */
  accepted: number;
  non2xx: number;
  errors: number;
  bodyBytes: number;
}

/** Runs bench/load.mjs with `options` in its own process and resolves with the JSON it prints. */
export function runLoad<T>(options: Record<string, unknown>): Promise<T> {
  const child = track(spawn(process.execPath, [LOAD, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] }));
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`bench/load.mjs exited ${code}`))));
  });
}

/** A port the OS just gave and took back (the built bot is told it, so the bench can poll it from the first millisecond). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export interface BotProcess {
  child: ChildProcess;
  url: string;
  /** Spawn → first 200 from /readyz, in ms. */
  readyMs: number;
  /** CPU time (user + system) the bot had used by then, in ms: steadier than `readyMs` on a busy machine. Linux only. */
  readyCpuMs: number | undefined;
  output(): string;
  /** SIGTERM, then waits for the exit; resolves with the exit code and how long it took. SIGKILL after `limitMs`. */
  stop(limitMs?: number): Promise<{ code: number | null; ms: number; killed: boolean }>;
}

/** Spawns the built bot and polls /readyz every 5 ms until it answers 200. */
export async function startBuiltBot(env: Record<string, string>, extraArgs: string[] = []): Promise<BotProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const child = track(
    spawn(process.execPath, [...extraArgs, BUILT_BOT, 'start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', FIREBREAK_RUNBOOKS_DIR: `${ROOT}runbooks`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (output += c));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let readyMs: number | undefined;
  let readyCpuMs: number | undefined;
  while (readyMs === undefined) {
    if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}) before ready:\n${output}`);
    if (performance.now() - startedAt > 30_000) {
      child.kill('SIGKILL');
      throw new Error(`the bot was not ready within 30 s:\n${output}`);
    }
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.arrayBuffer().then(() => r.status),
      () => 0, // not listening yet
    );
    if (status === 200) readyMs = performance.now() - startedAt;
    if (status === 200) readyCpuMs = cpuMsOf(child.pid);
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return {
    child,
    url,
    readyMs,
    readyCpuMs,
    output: () => output,
    async stop(limitMs = 30_000) {
      const sentAt = performance.now();
      child.kill('SIGTERM');
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, limitMs);
      const code = await closed;
      clearTimeout(timer);
      return { code, ms: performance.now() - sentAt, killed };
    },
  };
}

/** utime + stime of a process from /proc (clock ticks of 10 ms on Linux); undefined elsewhere. */
export function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    // No /proc (macOS) or the process is gone: the figure is left out.
    return undefined;
  }
}
