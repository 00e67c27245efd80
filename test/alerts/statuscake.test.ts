import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { statuscakeSource } from '../../src/alerts/statuscake.js';
import { fixtureBytes, fixtureJson, intake, issuePaths, NO_SECRETS } from './helpers.js';

const FORM = 'application/x-www-form-urlencoded';
const form = (file: string, headers = {}) => intake(fixtureBytes(`statuscake/${file}`), headers, FORM);
const json = (body: object | Buffer, headers = {}) => intake(body, headers, 'application/json');
const KEY = 'statuscake:Example Checkout';

describe('statuscake fixtures', () => {
  it('maps Down to firing', () => {
    const batch = statuscakeSource.parse(form('down.form.txt'));
    expect(batch).toEqual({
      truncated: false,
      alerts: [
        {
          source: 'statuscake',
          groupKey: KEY,
          dedupKey: KEY,
          status: 'firing',
          title: 'Example Checkout is down',
          summary: 'https://www.example.com/health returned no response (timeout)',
          labels: {
            name: 'Example Checkout',
            url: 'https://www.example.com/health',
            ip: '93.184.215.14',
            status_code: '0',
            check_rate: '300',
            tags: 'prod,checkout',
          },
          links: [{ label: 'Checked URL', url: 'https://www.example.com/health' }],
        },
      ],
    });
    expect(JSON.stringify(batch)).not.toContain('2c837d40'); // the Token never leaks into an alert
  });

  it('maps Up to resolved', () => {
    expect(statuscakeSource.parse(form('up.form.txt')).alerts[0]).toMatchObject({
      dedupKey: KEY,
      status: 'resolved',
      title: 'Example Checkout is up',
      summary: 'https://www.example.com/health returned status code 200',
    });
  });

  it('parses the JSON variants exactly like the forms', () => {
    for (const name of ['down', 'up']) {
      expect(statuscakeSource.parse(json(fixtureBytes(`statuscake/${name}.fields.json`)))).toEqual(
        statuscakeSource.parse(form(`${name}.form.txt`)),
      );
    }
  });

  it('compares Status case-insensitively, keys by URL without a Name, coerces numbers', () => {
    const fields = fixtureJson('statuscake/down.fields.json');
    expect(statuscakeSource.parse(json({ ...fields, Status: 'UP' })).alerts[0]?.status).toBe('resolved');
    const unnamed = { ...fields, Name: '', StatusCode: 503, Status: 'DOWN' };
    expect(statuscakeSource.parse(json(unnamed)).alerts[0]).toMatchObject({
      dedupKey: 'statuscake:https://www.example.com/health',
      status: 'firing',
      labels: { status_code: '503' },
    });
  });

  it('names failing fields', () => {
    expect(issuePaths(() => statuscakeSource.parse(intake('Status=Sideways&Name=x', {}, FORM)))).toEqual(['Status']);
    expect(issuePaths(() => statuscakeSource.parse(intake('Status=Down', {}, FORM)))).toEqual(['Name']);
    expect(issuePaths(() => statuscakeSource.parse(json({ Name: 'x' })))).toEqual(['Status']);
    expect(issuePaths(() => statuscakeSource.parse(json(Buffer.from('Status=Down'))))).toEqual(['']);
  });
});

describe('statuscake authentication', () => {
  const vector = fixtureJson<Record<string, string>>('statuscake/token-test-vector.json');
  const token = vector['token'] ?? '';
  const secrets = { ...NO_SECRETS, webhookToken: token };

  it('the vector token is md5(lowercase(username) + apikey)', () => {
    const concatenated = `${vector['username']?.toLowerCase()}${vector['apikey']}`;
    expect(concatenated).toBe(vector['concatenated']);
    expect(createHash('md5').update(concatenated).digest('hex')).toBe(token);
  });

  it('accepts a body Token equal to the webhook token, form or JSON', () => {
    expect(statuscakeSource.authenticate(form('down.form.txt'), secrets, false)).toEqual({ ok: true });
    expect(statuscakeSource.authenticate(json(fixtureBytes('statuscake/up.fields.json')), secrets, false)).toEqual({ ok: true });
  });

  it('refuses another Token, and never uses the body Token without a configured token', () => {
    const other = { ...NO_SECRETS, webhookToken: 'something-else' };
    expect(statuscakeSource.authenticate(form('down.form.txt'), other, false).ok).toBe(false);
    expect(statuscakeSource.authenticate(form('down.form.txt'), NO_SECRETS, false).ok).toBe(false);
    expect(statuscakeSource.authenticate(intake('not json', {}, 'application/json'), other, true).ok).toBe(false);
  });

  it('still follows the token rule', () => {
    const bearer = form('down.form.txt', { authorization: 'Bearer something-else' });
    expect(statuscakeSource.authenticate(bearer, { ...NO_SECRETS, webhookToken: 'something-else' }, false)).toEqual({ ok: true });
    expect(statuscakeSource.authenticate(form('down.form.txt'), NO_SECRETS, true)).toEqual({ ok: true });
  });
});
