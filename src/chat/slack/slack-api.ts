/**
 * The Web API as Firebreak calls it: no hidden retries (the outbox retries, durably), 429s thrown
 * rather than waited out, errors as `UpstreamError`. Posts and everything else use separate clients,
 * so bulk edits and reads never queue an urgent post behind them.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import { toBoltLogger } from './bolt-logger.js';
import { toUpstreamError } from './to-upstream-error.js';

export type SlackResult = Record<string, unknown> & { ok?: boolean };
export type SlackArgs = Record<string, unknown>;

export interface SlackApiOptions {
  token: string;
  apiUrl: string;
  log: Logger;
  timeoutMs?: number;
}

export function slackClientOptions(apiUrl: string, log: Logger, timeoutMs = 10_000): webApi.WebClientOptions {
  return {
    slackApiUrl: apiUrl,
    logger: toBoltLogger(log),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
  };
}

export class SlackApi {
  readonly #posts: webApi.WebClient;
  readonly #bulk: webApi.WebClient;

  constructor(options: SlackApiOptions) {
    const clientOptions = slackClientOptions(options.apiUrl, options.log, options.timeoutMs);
    this.#posts = new webApi.WebClient(options.token, clientOptions);
    this.#bulk = new webApi.WebClient(options.token, clientOptions);
  }

  /**
   * Uploads a file with `files.uploadV2` (`files.getUploadURLExternal`, the upload itself, then
   * `files.completeUploadExternal`, which shares it). On the bulk lane. Throws `UpstreamError`.
   */
  async uploadFile(args: webApi.FilesUploadV2Arguments): Promise<SlackResult> {
    try {
      return (await this.#bulk.files.uploadV2(args)) as unknown as SlackResult;
    } catch (err) {
      throw toUpstreamError('files.uploadV2', err);
    }
  }

  /** Calls a Web API method; `post` marks the urgent lane (new messages). Throws `UpstreamError`. */
  async call(method: string, args: SlackArgs, lane: 'post' | 'bulk' = 'bulk'): Promise<SlackResult> {
    const client = lane === 'post' ? this.#posts : this.#bulk;
    try {
      return (await client.apiCall(method, args)) as SlackResult;
    } catch (err) {
      throw toUpstreamError(method, err);
    }
  }
}
