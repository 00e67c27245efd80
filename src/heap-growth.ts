import { setFlagsFromString } from 'node:v8';

/**
 * How much V8 may let the heap grow past what survived its last full collection before the next
 * one, in percent. V8 otherwise picks up to 300 % on a fast machine, which suits short programs: a
 * bot with some 40 MB live that runs for months would sit at two to three times that for no gain.
 * At 30 % a full collection comes sooner and costs the same, as the live heap is what it marks.
 */
export const HEAP_GROWING_PERCENT = 30;

const FLAG = /^--heap[-_]growing[-_]percent(=|$)/;

/**
 * Caps V8's heap growth at {@link HEAP_GROWING_PERCENT}, unless the process was started with its own
 * `--heap-growing-percent` (node's flags, `execArgv`), which then stands. True when it set the cap.
 * V8 reads this flag at every full collection, so setting it after start-up takes effect.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => FLAG.test(arg))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
