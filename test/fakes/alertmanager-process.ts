/** The real Prometheus Alertmanager as a child process on loopback (Debian package `prometheus-alertmanager`). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

const BINARIES = ['prometheus-alertmanager', 'alertmanager'];

/** The Alertmanager binary on PATH (or /usr/bin); a clear error when it is not installed. */
export function findAlertmanager(path = process.env.PATH ?? ''): string {
  const dirs = [...path.split(delimiter).filter(Boolean), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    for (const name of BINARIES) if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(
    'prometheus-alertmanager is not installed, and this test needs the real one: ' +
      'apt-get install -y --no-install-recommends prometheus-alertmanager (Debian/Ubuntu), ' +
      'or put an `alertmanager` binary on PATH.',
  );
}

/** A port that was free a moment ago (listen on :0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function webhookConfig(webhookUrl: string, token: string): string {
  return `route:
  receiver: firebreak
  group_by: ['alertname', 'service']
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: firebreak
    webhook_configs:
      - url: ${JSON.stringify(webhookUrl)}
        send_resolved: true
        max_alerts: 0
        http_config:
          authorization: {type: Bearer, credentials: ${JSON.stringify(token)}}
`;
}

export interface RunningAlertmanager {
  url: string;
  pid: number;
  /** What the process wrote to stderr (its log), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** Writes the config, checks it with amtool when present, starts Alertmanager and waits for `/-/ready`. */
export async function startAlertmanager(dir: string, config: string, readyWithinMs = 15_000): Promise<RunningAlertmanager> {
  const binary = findAlertmanager();
  mkdirSync(join(dir, 'am-data'), { recursive: true });
  const file = join(dir, 'alertmanager.yml');
  writeFileSync(file, config);
  const amtool = join(binary, '..', 'amtool');
  if (existsSync(amtool)) {
    const check = spawnSync(amtool, ['check-config', file], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`amtool check-config failed:\n${check.stdout}${check.stderr}`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${file}`, `--storage.path=${join(dir, 'am-data')}`, `--web.listen-address=127.0.0.1:${port}`, `--web.external-url=${url}`, '--cluster.listen-address='],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL'); // the test worker dying must not leave it running
  process.once('exit', killOnExit);
  const running: RunningAlertmanager = {
    url,
    pid: child.pid!,
    log: () => stderr,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
    },
  };
  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}:\n${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) return running;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await running.stop();
  throw new Error(`alertmanager was not ready within ${readyWithinMs} ms:\n${stderr}`);
}
