/**
 * DNS rebinding: a page on `evil.example` resolved to 127.0.0.1 reaches us with
 * `Host: evil.example`. Only our own names are served: loopback names, the bound address and the
 * public URL's host. Origins are compared with the configured origin, never with `Host`.
 */
import { isIP } from 'node:net';
import type { AccessSettings } from './access-settings.js';

const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

/** The host name of a Host header value (`[::1]:3000` → `::1`), lower-cased. */
export function hostName(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']') > 0 ? value.indexOf(']') : undefined);
  const colon = value.lastIndexOf(':');
  return colon >= 0 && value.indexOf(':') === colon ? value.slice(0, colon) : value;
}

export function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

export function isAllowedHost(hostHeader: string | undefined, settings: AccessSettings): boolean {
  if (!hostHeader) return false;
  const name = hostName(hostHeader);
  if (isLoopbackName(name)) return true;
  if (name === new URL(settings.publicOrigin).hostname.replace(/^\[|\]$/g, '').toLowerCase()) return true;
  if (name === settings.boundHost.replace(/^\[|\]$/g, '')) return true;
  // Bound to every interface: an IP literal cannot be rebound; a DNS name must be the public URL's.
  return WILDCARD.has(settings.boundHost) && isIP(name) !== 0;
}

/** The configured origin, or a loopback origin naming the (already validated) loopback Host. */
export function isAllowedOrigin(origin: string, hostHeader: string | undefined, publicOrigin: string | undefined): boolean {
  // `null` (sandboxed pages) and other non-URLs are not our page
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.origin === publicOrigin) return true;
  const name = url.hostname.replace(/^\[|\]$/g, '');
  return isLoopbackName(name) && hostHeader !== undefined && url.host === hostHeader.toLowerCase();
}
