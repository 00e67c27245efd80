import type { FastifyRequest } from 'fastify';

/** True for 127.0.0.0/8 and ::1, including IPv4-mapped IPv6 (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/**
 * The TCP peer is loopback — and so is the client a trusted proxy names (`request.ip` is the
 * peer itself unless FIREBREAK_TRUST_PROXY is set): a proxy must not make the world look like loopback.
 */
export function fromLoopback(request: FastifyRequest): boolean {
  return isLoopbackAddress(request.socket.remoteAddress) && isLoopbackAddress(request.ip);
}
