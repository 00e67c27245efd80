/**
 * Access is decided per registered route pattern, never by matching URL text: everything is
 * `console` (token or trusted loopback) unless it is on this allow-list.
 */
export type RouteAccess = 'public' | 'webhook' | 'health' | 'status' | 'console';

/** Routes that authenticate themselves (signatures, webhook token) or are public by design. */
const PUBLIC_ROUTES: Record<string, RouteAccess> = {
  '/webhooks/:source': 'webhook',
  '/slack/events': 'public',
  '/discord/interactions': 'public',
  '/status': 'status',
  '/status/feed.xml': 'status',
  '/healthz': 'public',
  '/login': 'public',
  '/logout': 'public',
  '/readyz': 'health',
  '/metrics': 'health',
};

export function routeAccess(pattern: string): RouteAccess {
  return Object.hasOwn(PUBLIC_ROUTES, pattern) ? PUBLIC_ROUTES[pattern]! : 'console';
}
