/** Serves the console's page and its static files: no build step, no external requests. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * `src/chat/web/public/`, found from wherever this module runs: `src/chat/web/` (tsx, vitest),
 * `dist/chat/web/` (tsc output) or `dist/firebreak.mjs` (the bundle).
 */
export const PUBLIC_DIR =
  ['../../../src/chat/web/public/', '../src/chat/web/public/']
    .map((path) => new URL(path, import.meta.url))
    .find((dir) => existsSync(new URL('index.html', dir))) ?? new URL('../../../src/chat/web/public/', import.meta.url);

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  webmanifest: 'application/manifest+json',
};

/** Flat folder, plain names only: nothing can climb out of it. */
const ASSET_NAME = /^[a-z0-9][a-z0-9-]*\.([a-z]+)$/;

export function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cache-control', 'no-cache');
}

export async function sendAsset(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  dir: URL = PUBLIC_DIR,
): Promise<FastifyReply> {
  const type = CONTENT_TYPES[ASSET_NAME.exec(name)?.[1] ?? ''];
  if (!type || name === 'index.html') return reply.code(404).send({ error: 'not_found' });
  return sendFile(request, reply, new URL(name, dir), type);
}

export function sendPage(request: FastifyRequest, reply: FastifyReply, dir: URL = PUBLIC_DIR): Promise<FastifyReply> {
  return sendFile(request, reply, new URL('index.html', dir), CONTENT_TYPES.html!);
}

async function sendFile(request: FastifyRequest, reply: FastifyReply, file: URL, type: string): Promise<FastifyReply> {
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reply.code(404).send({ error: 'not_found' });
    throw err;
  }
  const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
  securityHeaders(reply).header('etag', etag);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type(type).send(body);
}
