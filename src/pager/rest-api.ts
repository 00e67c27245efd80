/**
 * The PagerDuty REST API through `@pagerduty/pdjs`, pointed at PAGERDUTY_API_URL. Every list is
 * read to its last page (offset/`more`); failures become `UpstreamError`s.
 */
import type { api } from '@pagerduty/pdjs';
import { toUpstreamError, transportError } from './upstream-error.js';

type PdApi = ReturnType<typeof api>;
type APIResponse = Awaited<ReturnType<PdApi['get']>>;

export interface RestApiOptions {
  token: string;
  apiUrl: string;
  fromEmail?: string;
  timeoutMs?: number;
}

type Query = Record<string, string | string[]>;

export class RestApi {
  /** pdjs and the fetch polyfill it brings are loaded only by a bot that has a PagerDuty API token. */
  readonly #pd: Promise<PdApi>;
  readonly #base: string;

  constructor(private readonly options: RestApiOptions) {
    this.#pd = import('@pagerduty/pdjs').then(({ api }) => api({ token: options.token }));
    this.#base = options.apiUrl.replace(/\/+$/, '');
  }

  get fromEmail(): string | undefined {
    return this.options.fromEmail;
  }

  /**
   * Every item of a list endpoint, following pdjs's `next()` page by page. (pdjs `all()` names the
   * list by the host ending in `.com`, so it cannot read a proxy's or a test server's pages.)
   */
  async list<T>(path: string, key: string, query: Query = {}): Promise<T[]> {
    const what = `GET ${path}`;
    const pd = await this.#pd;
    let res = await this.#call(what, () => pd.get(path, { url: `${this.#base}/${path}`, data: { limit: '100', ...query }, ...this.#options() }));
    const items: T[] = [...asArray<T>(res.data?.[key])];
    for (let pages = 1; res.next && pages < 100; pages++) {
      const next = res.next;
      res = await this.#call(what, () => next());
      items.push(...asArray<T>(res.data?.[key]));
    }
    return items;
  }

  async post<T>(path: string, data: object): Promise<{ status: number; body: T }> {
    return this.#write('post', path, data);
  }

  async put<T>(path: string, data: object): Promise<{ status: number; body: T }> {
    return this.#write('put', path, data);
  }

  async #write<T>(method: 'post' | 'put', path: string, data: object): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = this.options.fromEmail ? { From: this.options.fromEmail } : {};
    const pd = await this.#pd;
    const res = await this.#call(`${method.toUpperCase()} ${path}`, () => pd[method](path, { url: `${this.#base}/${path}`, data, headers, ...this.#options() }), true);
    return { status: res.status, body: res.data as T };
  }

  #options() {
    // pdjs waits 20 s between its own 429 retries; the page sender does the waiting instead.
    return { retryTimeout: 0, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) };
  }

  async #call(what: string, request: () => Promise<APIResponse>, allowClientError = false): Promise<APIResponse> {
    let res: APIResponse;
    try {
      res = await request();
    } catch (err) {
      // pdjs rejects with the response itself when its body is not JSON
      if (isResponse(err)) throw toUpstreamError(what, err.status, '', err.headers.get('retry-after'));
      throw transportError(what, err);
    }
    if (res.ok || (allowClientError && res.status >= 400 && res.status < 500 && res.status !== 429)) return res;
    throw toUpstreamError(what, res.status, errorText(res.data), res.headers.get('retry-after'));
  }
}

/** The message of a PagerDuty error body (`{ error: { message, errors[] } }`). */
export function errorText(data: unknown): string {
  const error = (data as { error?: { message?: unknown; errors?: unknown } } | undefined)?.error;
  if (!error) return '';
  return [error.message, ...(Array.isArray(error.errors) ? error.errors : [])].filter((v) => typeof v === 'string').join('; ');
}

function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function isResponse(value: unknown): value is Response {
  return typeof value === 'object' && value !== null && 'status' in value && 'headers' in value && typeof (value as Response).headers?.get === 'function';
}
