/**
 * `POST /discord/interactions`: HTTP interactions, in a Fastify scope of their own whose only body
 * parser keeps the raw bytes (the signature covers them; intake keeps its parsers). A bad signature
 * is answered 401 (Discord sends some on purpose); the first answer is the HTTP response.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../core/logger.js';
import type { InteractionHandler, InteractionResponse } from './handle-interaction.js';
import type { RawInteraction } from './raw-interaction.js';
import { isValidSignature, toPublicKey } from './verify-signature.js';

export async function registerInteractionRoute(server: FastifyInstance, deps: { publicKey: string; handler: InteractionHandler; log: Logger }): Promise<void> {
  const key = toPublicKey(deps.publicKey);
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post('/discord/interactions', { config: { interactive: true } }, async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const timestamp = header(request.headers['x-signature-timestamp']);
      const signature = header(request.headers['x-signature-ed25519']);
      if (!isValidSignature(key, timestamp, signature, body)) return reply.code(401).send({ error: 'invalid_signature' });
      let interaction: RawInteraction;
      try {
        interaction = JSON.parse(body.toString('utf8')) as RawInteraction;
      } catch {
        // Signed but not JSON: nothing Discord would send.
        return reply.code(400).send({ error: 'invalid_json' });
      }
      const first = new Promise<InteractionResponse>((resolve, reject) => {
        deps.handler.handle(interaction, async (response) => resolve(response)).then(
          () => reject(new Error('interaction handled without an answer')),
          (err: unknown) => {
            deps.log.error({ err, interactionId: interaction.id }, 'discord interaction failed');
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      });
      return reply.code(200).type('application/json').send(await first);
    });
  });
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
