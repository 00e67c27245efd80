/** Runs a TypeScript module (ESM source text) in a node process of its own, from the project root. */
import { spawn } from 'node:child_process';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Resolves with the JSON the script prints on stdout; rejects when it exits non-zero. Its stderr is
 * the test runner's. `nodeFlags` go before the script, `args` after it (`process.argv[1]` on).
 */
export function runScript<T>(script: string, options: { nodeFlags?: string[]; args?: string[] } = {}): Promise<T> {
  const argv = [...(options.nodeFlags ?? []), '--import', 'tsx', '--input-type=module', '-e', script, ...(options.args ?? [])];
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`the script exited ${code}: ${out}`))));
  });
}
