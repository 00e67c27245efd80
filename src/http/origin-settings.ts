/** The configured origin, decorated on the server for checks that only get the request (`isSameOrigin`). */
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    firebreakPublicOrigin?: string;
  }
}

export function setPublicOrigin(app: FastifyInstance, origin: string): void {
  app.decorate('firebreakPublicOrigin', origin);
}

export function publicOriginOf(app: FastifyInstance): string | undefined {
  return app.firebreakPublicOrigin;
}
