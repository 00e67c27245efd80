/** A bad status-message template in the policy file stops `firebreak start` at once, naming its path and line. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { killLeftovers, runFirebreak } from './firebreak-process.js';

const dir = mkdtempSync(join(tmpdir(), 'firebreak-templates-'));
afterAll(() => {
  killLeftovers();
  rmSync(dir, { recursive: true, force: true });
});

it('lists every template problem in the "Firebreak cannot start" list and exits 78, before opening the store', async () => {
  const policy = join(dir, 'policy.yaml');
  writeFileSync(policy, ['updates:', '  templates:', '    update: |', '      **Status:** {{status}}', '      **Now:** {{current}}', '      **ETA:** {{eta_}}', '    resolution: "{{#followups}}{{text}}"', ''].join('\n'));
  const db = join(dir, 'never.db');
  const run = await runFirebreak(['start'], { FIREBREAK_CONFIG: policy, FIREBREAK_DATABASE_URL: `sqlite:${db}`, PORT: '0' });

  expect(run.code).toBe(78);
  expect(run.stderr).toContain('Firebreak cannot start; fix the configuration:');
  expect(run.stderr).toContain(`  - ${policy}: updates.templates.update: unknown placeholder {{eta_}} at line 3 (known: `);
  expect(run.stderr).toContain(`  - ${policy}: updates.templates.resolution: {{#followups}} is never closed with {{/followups}} at line 1`);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(db)).toBe(false);
});
