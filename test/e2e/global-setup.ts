/**
 * Builds `dist/` once before the end-to-end tests, unless it is newer than every TypeScript file
 * in `src/` (the static console assets are served from `src/`, so they never make `dist/` stale).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
export const MAIN_JS = join(ROOT, 'dist/firebreak.mjs');

export default function setup(): void {
  // Unit and adapter runs while a change is half-typed: FIREBREAK_TEST_NO_BUILD=1 skips the build (e2e tests then need a fresh dist/).
  if (process.env.FIREBREAK_TEST_NO_BUILD) return;
  const built = mtimeOf(MAIN_JS);
  const newest = newestSource(join(ROOT, 'src'));
  if (built !== undefined && built >= newest) return;
  const started = performance.now();
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  console.log(`[e2e] built dist/ in ${Math.round(performance.now() - started)} ms`);
}

function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    // No build yet: the caller builds.
    return undefined;
  }
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
