/** fast-check arbitraries for hostile HTTP input: bodies, headers, and vendor payloads with a value swapped. */
import fc from 'fast-check';

const MEDIA = ['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=utf-8', 'multipart/form-data', ''];

export function anyText(): fc.Arbitrary<string> {
  return fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('', ' ', 'INC-1', 'INC-0', 'INC-99999999999999999999', 'null', '1e300', 'Infinity', '-1', '__proto__', 'constructor', 'snooze abc', 'snooze 99999999999999h', '%00', '\u0000', '../../etc/passwd'));
}

export function anyBody(): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }),
    fc.dictionary(anyText(), anyText(), { maxKeys: 6 }).map((d) => new URLSearchParams(d).toString()),
    fc.constantFrom('{', '[]', '{"alerts":[]}', '{"alerts":[{}]}', '{"alerts":null}', '{"__proto__":{"x":1}}', '1e999', '"\\ud800"'),
  );
}

export function anyHeaders(): fc.Arbitrary<Record<string, string>> {
  return fc.record(
    {
      // mostly a media type the route takes, so most runs reach the parsers
      'content-type': fc.oneof({ arbitrary: fc.constantFrom('application/json', 'application/x-www-form-urlencoded'), weight: 4 }, { arbitrary: fc.constantFrom(...MEDIA), weight: 1 }),
      authorization: fc.oneof(fc.constantFrom('Bearer ', 'Basic !!!', 'Basic Og==', 'bearer x'), fc.string({ maxLength: 30 }).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, 'x')}`)),
      'x-webhook-id': fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x21-\x7e]/g, 'x')),
      'sentry-hook-resource': fc.constantFrom('issue', 'event_alert', 'metric_alert', 'installation', 'bogus'),
      'x-slack-request-timestamp': fc.constantFrom('0', '-1', 'abc', '99999999999999999'),
      'x-signature-timestamp': fc.constantFrom('0', 'abc'),
      'x-signature-ed25519': fc.constantFrom('00', 'zz', 'a'.repeat(128)),
    },
    { requiredKeys: ['content-type'] },
  );
}

/** The seed payload with up to three leaves replaced by arbitrary JSON values. */
export function mutatedJson(seed: unknown): fc.Arbitrary<string> {
  return fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })), { maxLength: 3 }).map((edits) => {
    const copy = structuredClone(seed) as unknown;
    const leaves: { parent: Record<string, unknown>; key: string }[] = [];
    const walk = (node: unknown) => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        leaves.push({ parent: node as Record<string, unknown>, key });
        walk(value);
      }
    };
    walk(copy);
    for (const [at, value] of edits) {
      const leaf = leaves[at % Math.max(1, leaves.length)];
      if (leaf) leaf.parent[leaf.key] = value;
    }
    return JSON.stringify(copy);
  });
}
