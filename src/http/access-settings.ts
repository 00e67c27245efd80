/** Who is trusted, decided once from the configuration and shared by every route check. */
import type { Config } from '../config/load-config.js';

export interface AccessSettings {
  consoleToken?: string;
  /** Loopback clients need no token (the zero-config local run only). */
  trustLoopback: boolean;
  /** `/metrics` and `/readyz` answer anyone. */
  publicHealth: boolean;
  /** `/status` and `/status/feed.xml` answer anyone (policy `status.public`, default true). */
  publicStatus: boolean;
  /** The configured origin (`FIREBREAK_PUBLIC_URL`), e.g. `https://firebreak.example.com`. */
  publicOrigin: string;
  /** The bound address (HOST), lower-cased; wildcard addresses allow any IP-literal Host. */
  boundHost: string;
  /** Session expiry and login rate limits (the app's clock). */
  now: () => number;
}

export function toAccessSettings(config: Config, now: () => number): AccessSettings {
  return {
    consoleToken: config.secrets.consoleToken,
    trustLoopback: config.http.trustLoopback,
    publicHealth: config.http.publicHealth,
    publicStatus: config.policy.status.public,
    publicOrigin: new URL(config.http.publicUrl).origin,
    boundHost: config.http.host.toLowerCase(),
    now,
  };
}
