/** During a storm, at most so many webhook deliveries are handled per event-loop turn; the rest go on in later turns, in order. */
import { describe, expect, it } from 'vitest';
import { WebhookTurns } from '../../src/http/webhook-turns.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('webhook turns', () => {
  it('lets the turn’s budget through at once and the rest, in arrival order, a budget per later turn', async () => {
    const turns = new WebhookTurns(2);
    const handled: number[] = [];
    const arrive = (n: number) => {
      const wait = turns.take();
      if (wait) void wait.then(() => handled.push(n));
      else handled.push(n);
    };
    for (let n = 1; n <= 5; n++) arrive(n);
    expect(handled).toEqual([1, 2]);
    expect(turns.waiting).toBe(3);
    await turn();
    expect(handled).toEqual([1, 2, 3, 4]);
    arrive(6); // this turn's budget went to 3 and 4: 6 waits behind 5
    await turn();
    expect(handled).toEqual([1, 2, 3, 4, 5, 6]);
    expect(turns.waiting).toBe(0);
    await turn();
    await turn();
    arrive(7); // a quiet turn: through at once
    expect(handled).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
