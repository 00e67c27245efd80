import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakePagerDuty, type FakeOnCall } from '../fakes/fake-pagerduty.js';
import { createTestApp, ctx, type TestApp } from '../fakes/test-app.js';
import { pagerdutyEnv } from './helpers.js';

const MIN = 60_000;
let fake: FakePagerDuty;
let app: TestApp;

const platform = { id: 'PEP1', summary: 'Platform' };
const payments = { id: 'PEP2', summary: 'Payments' };
const primary = { id: 'PSCH1', summary: 'Platform primary' };
const oncall = (policy: typeof platform, level: number, user: string, schedule: typeof primary | null, end: string | null): FakeOnCall => ({
  escalation_policy: policy,
  escalation_level: level,
  schedule,
  user: { id: `PU-${user}`, summary: user },
  start: schedule ? '2026-03-02T09:00:00Z' : null,
  end,
});

beforeEach(async () => {
  fake = new FakePagerDuty();
  await fake.start();
  fake.pageSize = 2; // five entries take three pages
  fake.oncalls = [
    oncall(platform, 1, 'Dana', primary, '2026-03-09T09:00:00Z'),
    oncall(platform, 2, 'Eve', { id: 'PSCH2', summary: 'Platform secondary' }, '2026-03-05T17:00:00Z'),
    oncall(platform, 3, 'Frank', null, null),
    oncall(payments, 1, 'Grace', { id: 'PSCH3', summary: 'Payments primary' }, '2026-03-04T18:00:00Z'),
    oncall(payments, 2, 'Heidi', null, null),
  ];
  fake.schedules = [primary, { id: 'PSCH2', summary: 'Platform secondary' }];
  fake.escalationPolicies = [platform, payments];
  app = await createTestApp({ env: pagerdutyEnv(fake), policy: 'businessHours: { timeZone: Europe/Berlin }\n', start: '2026-03-04T10:00:00Z' });
});
afterEach(async () => {
  await app.close();
  await fake.close();
});

describe('/incident oncall through pdjs', () => {
  it('reads every page of results and answers per escalation level with hand-off times in the policy time zone', async () => {
    const reply = await app.interactions.command('oncall', ctx('Bob'));

    expect(fake.calls('/oncalls').map((r) => r.query.get('offset') ?? '0')).toEqual(['0', '2', '4']);
    expect(fake.calls('/oncalls')[0]!.headers.authorization).toBe('Token token=pd-api-token');
    const text = reply.message!.text;
    expect(text).toContain('times in Europe/Berlin');
    expect(text).toContain('Payments · level 1: Grace (Payments primary) until Wed 4 Mar 19:00');
    expect(text).toContain('Platform · level 1: Dana (Platform primary) until Mon 9 Mar 10:00, since Mon 2 Mar 10:00');
    expect(text).toContain('Platform · level 3: Frank (always on call)');
    expect(text.split('\n').filter((l) => l.includes(' · level '))).toHaveLength(5);
    expect(text.indexOf('Payments · level 2')).toBeLessThan(text.indexOf('Platform · level 1'));
  });

  it('names a schedule or an escalation policy', async () => {
    const bySchedule = await app.interactions.command('oncall Platform primary', ctx('Bob'));
    expect(fake.calls('/oncalls').at(-1)!.query.getAll('schedule_ids[]')).toEqual(['PSCH1']);
    expect(bySchedule.message!.text).toContain('Dana');
    expect(bySchedule.message!.text).not.toContain('Grace');

    const byPolicy = await app.interactions.command('oncall Payments', ctx('Bob'));
    expect(fake.calls('/oncalls').at(-1)!.query.getAll('escalation_policy_ids[]')).toEqual(['PEP2']);
    expect(byPolicy.message!.text).toContain('Heidi');

    const unknown = await app.interactions.command('oncall Nobody', ctx('Bob'));
    expect(unknown.message!.text).toContain('no schedule or escalation policy named "Nobody"');
  });

  it('answers from a brief cache', async () => {
    await app.interactions.command('oncall', ctx('Bob'));
    app.clock.advance(30_000);
    await app.interactions.command('oncall', ctx('Bob'));
    expect(fake.calls('/oncalls')).toHaveLength(3); // one lookup of three pages
  });

  it('a PagerDuty outage answers with the cached answer and its age, or a clear message; never a crash', async () => {
    await app.interactions.command('oncall', ctx('Bob'));
    app.clock.advance(5 * MIN);
    fake.failNext('/oncalls', { status: 503 });

    const stale = await app.interactions.command('oncall', ctx('Bob'));
    expect(stale.message!.text).toContain('Platform · level 1: Dana');
    expect(stale.message!.text).toContain('PagerDuty is not answering');
    expect(stale.message!.text).toContain('this answer is 5 min old');

    fake.failNext('/schedules', { status: 500 });
    const none = await app.interactions.command('oncall Platform primary', ctx('Bob'));
    expect(none.message!.text).toContain('Could not ask PagerDuty who is on call for Platform primary');
    expect(none.message!.text).toContain('PagerDuty answered 500');
  });
});
