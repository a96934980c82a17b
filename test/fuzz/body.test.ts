/**
 * Property: with captureBodies on, a secret under a secret-named field (any spelling or encoding,
 * any depth), nested deeper than the depth limit, returned by a toJSON under a safe-looking key,
 * thrown by a toJSON, past the item limit, or inside a string as `password=…` / URL user info never
 * reaches the span. The walk reads a bounded number of properties (counted through a Proxy).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_BODY_DEPTH, MAX_BODY_ITEMS, MAX_BODY_NODES, sanitizeBody } from '../../src/sanitize/body';
import { secretArb, sensitiveNameArb } from './arbitraries';
import { createHelpers, leaks, runs } from './harness';

const h = createHelpers({ captureBodies: true });
afterAll(() => h.shutdown());

const SAFE_KEYS = ['id', 'name', 'items', 'data', 'n', 'user', 'meta', 'value', '__proto__', 'constructor', 'toString'];

const nest = (value: unknown, levels: number): unknown => {
  let out = value;
  for (let i = 0; i < levels; i++) out = { n: out };
  return out;
};

/** A value that holds `secret` only in places the body sanitizer must redact. */
const bodyArb = (secret: string) =>
  fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      // leaves that are safe to show
      fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('plain', 'a b', ''), fc.constant(undefined)),
      // the secret under a sensitive name, whatever the value's shape
      fc.tuple(sensitiveNameArb, fc.constantFrom('flat', 'nested', 'array')).map(([name, shape]) => ({
        [name]: shape === 'flat' ? secret : shape === 'nested' ? { inner: secret } : [secret],
      })),
      // deeper than the depth limit, under safe keys
      fc.integer({ min: MAX_BODY_DEPTH + 1, max: MAX_BODY_DEPTH + 6 }).map((levels) => nest({ v: secret }, levels - 1)),
      // a toJSON that returns the secret under a safe-looking key, or under a sensitive one, or throws it
      fc.constantFrom('safe', 'sensitive', 'throw', 'self').chain((mode) =>
        sensitiveNameArb.map((name) => ({
          toJSON() {
            if (mode === 'throw') throw new Error(secret);
            if (mode === 'self') return this === undefined ? null : { [name]: secret };
            return mode === 'safe' ? { ok: nest({ v: secret }, MAX_BODY_DEPTH + 1) } : { [name]: secret };
          },
        })),
      ),
      // strings that carry their own secrets
      fc.constantFrom(`password=${secret}`, `see http://u:${secret}@host/x`, `https://h/?token=${secret}`, `a=1&api_key=${secret}`, `{"pwd": "${secret}"}`),
      // past the item limit of an array
      fc.integer({ min: 0, max: 3 }).map((pad) => [...new Array(MAX_BODY_ITEMS + pad).fill(0), secret]),
      // containers of the above under safe keys
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom(...SAFE_KEYS), tie('node'), { maxKeys: 4 }),
    ),
  })).node;

/** Wraps a value so that every property read is counted; cycles are added on objects. */
function counting(value: unknown, counter: { reads: number }, seen = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  const proxy = new Proxy(value, {
    get(target, key, receiver) {
      counter.reads++;
      return counting(Reflect.get(target, key, receiver), counter, seen);
    },
  });
  seen.set(value, proxy);
  return proxy;
}

describe('body capture under fuzzing', () => {
  it('no secret reaches the span, as an object or as JSON text', () => {
    fc.assert(
      fc.property(
        secretArb.chain((secret) => fc.record({ secret: fc.constant(secret), body: bodyArb(secret), cyclic: fc.boolean(), asText: fc.boolean() })),
        ({ secret, body, cyclic, asText }) => {
          if (cyclic && body && typeof body === 'object') (body as Record<string, unknown>).self = body;
          let input: unknown = body;
          if (asText) {
            try {
              input = JSON.stringify(body);
            } catch {
              input = body; // a cycle or a throwing toJSON: JSON cannot carry it, send the object
            }
          }
          h.reset();
          expect(() => h.instrumentHttpRequest({ url: 'http://127.0.0.1/x', method: 'POST', body: input }, () => undefined)).not.toThrow();
          expect(leaks(h.spans(), [secret])).toEqual([]);
          // the full text, not only the first KiB recorded on the span
          expect(sanitizeBody(input, 1_000_000) ?? '').not.toContain(secret);
        },
      ),
      { numRuns: runs(800) },
    );
  });

  it('reads a bounded number of properties (work bound, counted)', () => {
    fc.assert(
      fc.property(secretArb.chain((secret) => bodyArb(secret)), fc.integer({ min: 1, max: 50 }), (body, width) => {
        // a wide tree: `width` copies of the body side by side, several levels deep
        const wide = nest(Object.fromEntries(Array.from({ length: width }, (_, i) => [`k${i}`, body])), 3);
        const counter = { reads: 0 };
        sanitizeBody(counting(wide, counter), 1_000_000);
        // each walked value costs a handful of reads (toJSON, the value, array length)
        expect(counter.reads).toBeLessThanOrEqual(4 * MAX_BODY_NODES + 8);
      }),
      { numRuns: runs(200) },
    );
  });
});
