/**
 * Firebreak's calls to Discord's REST API, through discord.js's REST queue (which keeps the
 * buckets): errors become `UpstreamError`s, and the invalid-request guard sees every answer.
 */
import type { RawFile, REST } from 'discord.js';
import { UpstreamError } from '../../core/errors.js';
import type { InvalidRequestGuard } from './invalid-request-guard.js';
import { toUpstreamError } from './to-upstream-error.js';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export class DiscordApi {
  constructor(
    readonly rest: REST,
    private readonly guard: InvalidRequestGuard,
  ) {
    rest.on('response', (request, response) => guard.record(routeKey(request.path), response.status));
  }

  /** `what` names the call in errors and logs (`post in thread`), never its URL. */
  /** `files`: sent as multipart form data (`payload_json` + `files[n]`), as Discord takes attachments. */
  async call<T>(method: Method, route: `/${string}`, what: string, body?: unknown, options: { auth?: boolean; files?: RawFile[] } = {}): Promise<T> {
    const wait = this.guard.waitFor(routeKey(route));
    if (wait > 0) {
      throw new UpstreamError(`Discord calls for ${what} paused: too many refused requests`, { retryable: true, retryAfterMs: wait, status: 429 });
    }
    try {
      return (await this.rest[method](route, { ...(body === undefined ? {} : { body }), ...(options.files ? { files: options.files } : {}), auth: options.auth ?? true })) as T;
    } catch (err) {
      throw toUpstreamError(err, what);
    }
  }
}

/** One key per route and channel (the major parameter), without message ids or interaction tokens. */
export function routeKey(path: string): string {
  return path
    .split('?')[0]!
    .replace(/^\/interactions\/\d+\/[^/]+/, '/interactions/:id/:token')
    .replace(/^\/webhooks\/(\d+)\/[^/]+/, '/webhooks/$1/:token')
    .replace(/\/messages\/\d+/, '/messages/:id');
}
