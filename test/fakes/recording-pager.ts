import type { OnCallEntry, PageRequest, Pager } from '../../src/core/ports.js';

/** A pager that records pages and answers on-call lookups from a fixed roster. */
export class RecordingPager implements Pager {
  readonly name = 'TestPager';
  readonly pages: PageRequest[] = [];
  failWith: Error | undefined;

  constructor(private readonly roster: OnCallEntry[] = []) {}

  async page(request: PageRequest): Promise<{ reference: string }> {
    if (this.failWith) throw this.failWith;
    this.pages.push(request);
    return { reference: `page-${this.pages.length}` };
  }

  async onCall(schedule?: string): Promise<OnCallEntry[]> {
    return this.roster.filter((e) => !schedule || e.schedule === schedule);
  }
}
