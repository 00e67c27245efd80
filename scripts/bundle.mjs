// Bundles the compiled bot into dist/firebreak.mjs and a few chunks: a few files to load instead of
// hundreds, which roughly halves the time from start to ready. better-sqlite3 stays external
// (a native addon); everything else is inlined. The inputs are hashed before bundling and the
// hash is written after it, so `npm start` can tell a fresh bundle from a stale one cheaply.
// bench/build.mjs bundles the benchmarks with the same options, so they run the bot as it ships.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { STAMP, inputsHash } from './build-if-stale.mjs';

/** esbuild options for a Node program in one directory below the project root, like dist/. */
export const BUNDLE_OPTIONS = {
  outExtension: { '.js': '.mjs' },
  // What is imported dynamically (the Slack and Discord SDKs) goes into chunks of its own, read and
  // compiled only by a start that has that platform configured.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  external: ['better-sqlite3', 'pg-native'],
  banner: { js: "import { createRequire as __fbCreateRequire } from 'node:module';\nconst require = __fbCreateRequire(import.meta.url);" },
  logLevel: 'warning',
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const inputs = inputsHash();
  await build({ ...BUNDLE_OPTIONS, entryPoints: { firebreak: 'src/main.ts' }, outdir: 'dist' });
  writeFileSync(STAMP, `${inputs}\n`);
}
