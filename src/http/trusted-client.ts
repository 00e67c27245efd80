/** Ambient trust: the TCP peer is loopback and the configuration trusts loopback (the local run). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessSettings } from './access-settings.js';
import { fromLoopback } from './client-address.js';
import { isAllowedHost } from './host-check.js';

export function isTrustedLoopback(request: FastifyRequest, settings: AccessSettings): boolean {
  return settings.trustLoopback && fromLoopback(request);
}

/** 421 for a Host that is not ours, on requests that rely on ambient trust (loopback, a cookie). */
export function refuseForeignHost(request: FastifyRequest, reply: FastifyReply, settings: AccessSettings): FastifyReply | undefined {
  if (isAllowedHost(request.headers.host, settings)) return undefined;
  return reply.code(421).send({
    error: 'misdirected_request',
    message: 'This Host is not one of this server\'s names; use the address in FIREBREAK_PUBLIC_URL',
  });
}
