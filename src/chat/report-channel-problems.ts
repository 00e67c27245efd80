/**
 * Reports misconfigured chat channels once, at start: one error line each in the log and one
 * message in the console's #incidents (the console needs no platform, so it can always say it).
 */
import type { Logger } from '../core/logger.js';
import { message } from '../core/message.js';
import type { ChatPort } from '../core/ports.js';
import type { ChatAdapter } from './chat-adapter.js';

export async function reportChannelProblems(adapters: readonly ChatAdapter[], console: ChatPort, log: Logger, found: string[]): Promise<void> {
  for (const adapter of adapters) {
    let problems;
    try {
      problems = (await adapter.checkChannels?.()) ?? [];
    } catch (err) {
      log.warn({ err, surface: adapter.chat.surface }, 'could not check the configured chat channels');
      continue;
    }
    for (const problem of problems) {
      found.push(problem.text);
      log.error({ surface: adapter.chat.surface, variable: problem.variable, channel: problem.channel }, `chat channel misconfigured: ${problem.text}`);
    }
  }
  if (found.length === 0) return;
  const text = `⚠️ Firebreak started with a configuration problem:\n${found.map((p) => `• ${p}`).join('\n')}`;
  try {
    await console.post({ channel: 'incidents' }, message(text), { key: 'startup-problems', attempt: 1, saveProgress: async () => undefined });
  } catch (err) {
    log.warn({ err }, 'could not show the configuration problems in the console');
  }
}
