// Builds dist/ only when what it is built from changed, so `npm start` starts the bot instead of
// recompiling it. scripts/bundle.mjs writes a stamp (a hash of its inputs) next to the bundle; a start
// hashes the same inputs again (a few ms) and builds only when the two differ or dist/ is missing.
//
//   node scripts/build-if-stale.mjs          build if stale (the `prestart` hook)
//   node scripts/build-if-stale.mjs --check  exit 0 when fresh, 1 when a build is needed
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = new URL('../', import.meta.url).pathname;
const BUNDLE = join(ROOT, 'dist/firebreak.mjs');
export const STAMP = join(ROOT, 'dist/.build-inputs');
// The console's static assets are served from src/ at run time, so they are not build inputs.
const INPUT_FILES = ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.mjs'];

export function inputsHash() {
  const hash = createHash('sha256');
  const sources = readdirSync(join(ROOT, 'src'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
  for (const file of [...INPUT_FILES, ...sources]) {
    const path = join(ROOT, file);
    hash.update(file).update('\0');
    hash.update(existsSync(path) ? readFileSync(path) : '(missing)').update('\0');
  }
  return hash.digest('hex');
}

export function isFresh() {
  if (!existsSync(BUNDLE) || !existsSync(STAMP)) return false;
  return readFileSync(STAMP, 'utf8').trim() === inputsHash();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const flag = process.argv[2];
  if (flag === '--check') {
    process.exit(isFresh() ? 0 : 1);
  } else if (!isFresh()) {
    console.error('firebreak: sources changed since the last build; building dist/ …');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  }
}
