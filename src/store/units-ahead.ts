/**
 * Units of work a person waits for (a click, a command, a form) go ahead of the others: every unit
 * queued while `runAhead`'s work runs, or in what it awaits, joins the front of the group commit's
 * queue, behind only other such units. Alert deliveries and background work keep their order.
 * Nothing reorders what a caller has already been answered: a unit still queued has not committed,
 * so nobody can have seen its effect.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const ahead = new AsyncLocalStorage<true>();

/** Runs `work`; the units of work it queues, also later in its async continuations, go ahead. */
export function runAhead<T>(work: () => T): T {
  return ahead.run(true, work);
}

/** The current code runs on behalf of someone waiting (inside `runAhead`). */
export function isAhead(): boolean {
  return ahead.getStore() === true;
}
