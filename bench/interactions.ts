/**
 * Interactions under load (`npm run bench:interactions`): while autocannon posts a new Alertmanager
 * group per request at 50 connections (the intake load of `npm run bench:intake`), a second process
 * clicks, one request at a time: a signed Slack button click on `/slack/events` (block_actions, signed
 * with the signing secret as Slack signs it) and a console button click on `/console/api/action`.
 * Both set an incident's severity, in turn SEV2 and SEV3: stored, acknowledged, result queued.
 * The incident starts at SEV3, so every click is a change. The
 * figure is each click's HTTP answer (Slack allows 3 s; the target is p99 ≤ 50 ms).
 */
import { SystemClock } from '../src/clock/system-clock.js';
import { ACTION } from '../src/core/actions.js';
import { FakeSlack } from '../test/fakes/fake-slack.js';
import { benchDatabaseName, createBenchApp, createBenchDir } from './bench-app.js';
import { runLoad, type IntakeResult } from './processes.js';
import { fmt, ms, progress, reportRows } from './report.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SECRET = 'bench-signing-secret';

interface ProbeStats {
  count: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A block_actions payload as Slack sends it for a click on `messageTs`'s severity select. */
function slackClick(channel: string, messageTs: string, incidentId: string, severity: string): string {
  const payload = {
    type: 'block_actions',
    user: { id: 'UBENCH', username: 'bench', name: 'bench', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'x',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
    trigger_id: 'trig-bench-PROBE_SEQ',
    team: { id: 'T1', domain: 'bench' },
    channel: { id: channel, name: 'incidents' },
    message: { type: 'message', ts: messageTs, text: '' },
    response_url: 'https://hooks.slack.invalid/actions/1',
    actions: [{ type: 'static_select', action_id: `${ACTION.setSeverity}#0`, block_id: 'b', selected_option: { value: `${incidentId}|${severity}` }, action_ts: '1700000000.PROBE_SEQ' }],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

const slack = await new FakeSlack().start();
const work = createBenchDir();
const app = await createBenchApp(work.dir, new SystemClock(), {
  env: { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${slack.url}/api/`, SLACK_INCIDENT_CHANNEL: 'C_INC', SLACK_STATUS_CHANNEL: 'C_STATUS' },
});
try {
  const url = await app.listen();
  app.scheduler.start();
  const { id } = await app.service.declare({ title: 'Clicked under load', severity: 'SEV3', declaredBy: { id: 'bench:load', name: 'Load test' }, source: 'bench' });
  for (let waited = 0; !slack.messages.some((m) => m.channel === 'C_INC' && m.text.includes(id)); waited += 50) {
    if (waited > 30_000) throw new Error(`the header of ${id} never reached the fake Slack`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const header = slack.messages.find((m) => m.channel === 'C_INC' && m.text.includes(id))!;
  const consoleClick = (severity: string) => ({
    name: 'console',
    path: '/console/api/action',
    headers: { 'content-type': 'application/json', cookie: 'fb_name=Bench' },
    body: JSON.stringify({ actionId: ACTION.setSeverity, value: `${id}|${severity}`, incidentId: id }),
  });
  const slackRequest = (severity: string) => ({ name: 'slack', path: '/slack/events', headers: FORM, body: slackClick('C_INC', header.ts, id, severity), slackSecret: SECRET });
  // Every click changes the severity (SEV3 → SEV2 → SEV3 …): a repeat of the current one would be refused (409).
  const requests = [slackRequest('SEV2'), consoleClick('SEV3'), slackRequest('SEV2'), consoleClick('SEV3')];

  progress(`interactions: clicks while ${CONNECTIONS} connections post new groups for ${SECONDS} s`);
  const [intake, clicks] = await Promise.all([
    runLoad<IntakeResult>({ kind: 'intake', url: `${url}/webhooks/alertmanager`, mode: 'new', connections: CONNECTIONS, seconds: SECONDS }),
    runLoad<Record<'slack' | 'console', ProbeStats>>({ kind: 'probe', base: url, seconds: SECONDS, intervalMs: 20, requests }),
  ]);
  const statuses = (s: ProbeStats) => Object.entries(s.statuses).map(([code, n]) => `${fmt(n)}× ${code}`).join(', ');
  const under = `while intake takes ${fmt(intake.rps)} req/s of new groups at ${CONNECTIONS} connections (${benchDatabaseName(work.dir)})`;
  reportRows([
    {
      figure: `Signed Slack button click (/slack/events) ${under}`,
      target: 'p99 ≤ 50 ms',
      result: `p50 ${ms(clicks.slack.p50)}, p99 ${ms(clicks.slack.p99)}, max ${ms(clicks.slack.max)} (${statuses(clicks.slack)})`,
      command: 'npm run bench:interactions',
    },
    {
      figure: `Console button click (/console/api/action) ${under}`,
      target: 'p99 ≤ 50 ms',
      result: `p50 ${ms(clicks.console.p50)}, p99 ${ms(clicks.console.p99)}, max ${ms(clicks.console.max)} (${statuses(clicks.console)})`,
      command: 'npm run bench:interactions',
    },
  ]);
} finally {
  await app.stop();
  await slack.close();
  work.remove();
}
