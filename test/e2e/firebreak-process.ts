/** The built Firebreak (`node dist/firebreak.mjs`) as a child process: start, wait for ready, stop by pid. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll } from 'vitest';

export const ROOT = new URL('../../', import.meta.url).pathname;
const MAIN_JS = `${ROOT}dist/firebreak.mjs`;
const READY_TIMEOUT_MS = 15_000;
/** The bound the brief sets on a clean shutdown; past it the process is killed and the test fails. */
export const EXIT_LIMIT_MS = 10_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface FirebreakProcess {
  child: ChildProcess;
  url: string;
  /** From spawn to the "Firebreak is ready" log line, in ms. */
  readyMs: number;
  /** Every stdout line parsed as JSON (pino's output). */
  logs: Record<string, unknown>[];
  stderr(): string;
  /** Sends `signal` to the pid; resolves with the exit and how long it took (SIGKILL after EXIT_LIMIT_MS). */
  stop(signal?: NodeJS.Signals): Promise<Exit & { ms: number; timedOut: boolean }>;
}

const running = new Set<ChildProcess>();

/** Base environment: only what Node needs, so the caller's PORT, LOG_LEVEL etc. cannot leak in. */
export function cleanEnv(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', FIREBREAK_RUNBOOKS_DIR: `${ROOT}runbooks` };
  if (process.env.HOME) base.HOME = process.env.HOME;
  return { ...base, ...env };
}

/** `readyTimeoutMs`: how long to wait for the ready line (default 15 s; several processes starting at once take longer). */
export async function startFirebreak(env: Record<string, string>, options: { readyTimeoutMs?: number } = {}): Promise<FirebreakProcess> {
  const readyTimeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
  const startedAt = performance.now();
  const child = spawn(process.execPath, [MAIN_JS, 'start'], { cwd: ROOT, env: cleanEnv({ PORT: '0', ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = exitOf(child);
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const ready = new Promise<{ url: string; at: number }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = parseLine(line);
      logs.push(entry);
      if (typeof entry.msg === 'string' && entry.msg.startsWith('Firebreak is ready: open ') && typeof entry.url === 'string') resolve({ url: entry.url, at: performance.now() });
    });
    void exited.then((exit) => reject(new Error(`firebreak exited (${exit.code ?? exit.signal}) before ready:\n${stderr}`)));
    setTimeout(() => reject(new Error(`firebreak not ready within ${readyTimeoutMs} ms:\n${stderr}`)), readyTimeoutMs).unref();
  });
  const { url, at } = await ready.catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });

  return {
    child,
    url,
    readyMs: at - startedAt,
    logs,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      const sentAt = performance.now();
      child.kill(signal);
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), EXIT_LIMIT_MS).unref());
      const outcome = await Promise.race([exited, timeout]);
      if (outcome === 'timeout') {
        child.kill('SIGKILL');
        return { ...(await exited), ms: performance.now() - sentAt, timedOut: true };
      }
      return { ...outcome, ms: performance.now() - sentAt, timedOut: false };
    },
  };
}

/** Runs `node dist/firebreak.mjs ...args` to completion (for commands that exit on their own). */
export async function runFirebreak(args: string[], env: Record<string, string>): Promise<Exit & { stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN_JS, ...args], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), READY_TIMEOUT_MS);
  const exit = await exitOf(child);
  clearTimeout(timer);
  return { ...exit, stdout, stderr };
}

/**
 * For a describe block: a data directory whose SQLite file and policy the built bot runs on, with
 * the shortest reminder cadence the policy allows (nothing fires on its own within a test). After
 * all tests, leftover processes are killed and the directory removed.
 */
export function reminderWorkspace(): { dbFile: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-e2e-'));
  const dbFile = join(dir, 'firebreak.db');
  const policyFile = join(dir, 'policy.yml');
  writeFileSync(policyFile, 'reminders:\n  updateEveryMinutes: 1\n');
  afterAll(() => {
    killLeftovers();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dbFile, env: { FIREBREAK_DATABASE_URL: `sqlite:${dbFile}`, FIREBREAK_CONFIG: policyFile, LOG_LEVEL: 'info' } };
}

/** For afterAll: a test that failed half-way must not leave a Firebreak running. */
export function killLeftovers(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    // 'close' rather than 'exit': stdout and stderr are fully read by then.
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
}

function parseLine(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    // Not a pino line (a stray console.log): keep it so a failure message can show it.
    return { raw: line };
  }
}
