/**
 * Property-based tests of header extraction and injection over every carrier shape tracewright
 * accepts (Node IncomingHttpHeaders with array values, fetch Headers, Map, plain and
 * prototype-less records, getters and proxies that throw, frozen objects). Invariants: nothing
 * throws; reads are bounded by the carrier's size; an extracted traceparent always satisfies the
 * spec's grammar; valid headers survive inject(extract(x)); a tracestate is taken whole or not at
 * all, exactly when an independent reading of the spec's grammar says it is valid.
 */
import { propagation, ROOT_CONTEXT, trace, type Context, type TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator } from '@opentelemetry/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StrictBaggagePropagator } from '../../src/propagation/baggage-propagator';
import { headerGetter, headerSetter } from '../../src/propagation/carrier';
import { StrictTraceContextPropagator } from '../../src/propagation/trace-context-propagator';

const propagator: TextMapPropagator = new CompositePropagator({
  propagators: [new StrictTraceContextPropagator(), new StrictBaggagePropagator()],
});
const RUNS = { numRuns: 300 };
const TRACEPARENT_RE = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

// ---- generators -------------------------------------------------------------------------------

const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const traceId = hex(32).filter((s) => !/^0+$/.test(s));
const spanId = hex(16).filter((s) => !/^0+$/.test(s));
const flagsByte = fc.integer({ min: 0, max: 255 });

// tracestate per the spec: key = (lcalpha / DIGIT) 0*255(keychar); value = 0*255(chr) nblk-chr
const tsKey = fc.stringMatching(/^[a-z0-9][a-z0-9_\-*/@]{0,20}$/);
const tsValue = fc.stringMatching(/^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,12}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/);
const tsMembers = fc.uniqueArray(fc.tuple(tsKey, tsValue), { minLength: 1, maxLength: 32, selector: ([k]) => k });
const badTsMember = fc.oneof(
  fc.constantFrom('FOO=1', '@foo=1', 'foo.bar=1', 'foo =1x', 'a=', 'a=b=c', '=x', 'novalue', 'a=x\u0001', `${'z'.repeat(257)}=1`, `a=${'v'.repeat(257)}`),
  fc.tuple(tsKey, fc.string({ minLength: 1, maxLength: 4 })).map(([k, junk]) => `${k}=${junk}\u007f`),
);

// baggage: token keys, values that need percent-encoding included
const bgKey = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,12}$/);
const bgValue = fc.string({ maxLength: 20, unit: 'grapheme' });
const bgMembers = fc.uniqueArray(fc.tuple(bgKey, bgValue), { minLength: 1, maxLength: 10, selector: ([k]) => k });

// arbitrary header values, hostile ones included
const anyText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ maxLength: 80, unit: 'binary' }),
  fc.constantFrom('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', ' 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03\t', 'cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', '__proto__=x,constructor=y'),
  fc.tuple(traceId, spanId, flagsByte).map(([t, s, f]) => `00-${t}-${s}-${f.toString(16).padStart(2, '0')}`),
);
const headerValue = fc.oneof(anyText, fc.array(anyText, { maxLength: 4 }), fc.integer(), fc.constant(undefined), fc.constant(null));
const headerName = fc.oneof(
  fc.constantFrom('traceparent', 'TraceParent', 'tracestate', 'TRACESTATE', 'baggage', 'Baggage', '__proto__', 'constructor', 'toString', 'hasOwnProperty'),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const headerPairs = fc.array(fc.tuple(headerName, headerValue), { maxLength: 12 });

type Pairs = Array<[string, unknown]>;

function record(pairs: Pairs, proto: object | null): Record<string, unknown> {
  const out = Object.create(proto) as Record<string, unknown>;
  for (const [k, v] of pairs) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function toHeaders(pairs: Pairs): Headers {
  const h = new Headers();
  for (const [k, v] of pairs) {
    for (const item of Array.isArray(v) ? v : [v]) {
      try {
        h.append(k, String(item));
      } catch {
        // names and values fetch refuses cannot be in a real Headers
      }
    }
  }
  return h;
}

/** Every carrier shape, built from the same pairs. */
const SHAPES: Record<string, (pairs: Pairs) => object> = {
  'node headers (lower-case names, arrays)': (pairs) => record(pairs.map(([k, v]) => [k.toLowerCase(), v]), Object.prototype),
  'plain record': (pairs) => record(pairs, Object.prototype),
  'prototype-less record': (pairs) => record(pairs, null),
  Map: (pairs) => new Map(pairs),
  'fetch Headers': toHeaders,
  'record with throwing getters': (pairs) => {
    const out = record(pairs, Object.prototype);
    for (const name of ['traceparent', 'tracestate', 'baggage']) {
      Object.defineProperty(out, name, { enumerable: true, configurable: true, get: () => { throw new Error(`hostile ${name}`); } });
    }
    return out;
  },
  'proxy that throws on every trap': (pairs) =>
    new Proxy(record(pairs, Object.prototype), {
      get: () => { throw new Error('get'); },
      has: () => { throw new Error('has'); },
      ownKeys: () => { throw new Error('ownKeys'); },
      getOwnPropertyDescriptor: () => { throw new Error('gOPD'); },
      getPrototypeOf: () => { throw new Error('getPrototypeOf'); },
    }),
  'Headers-like whose get throws': (pairs) => ({
    get: () => { throw new Error('get'); },
    set: () => { throw new Error('set'); },
    has: () => false,
    keys: () => pairs.map(([k]) => k)[Symbol.iterator](),
  }),
  'frozen record': (pairs) => Object.freeze(record(pairs, Object.prototype)),
};
const shapeName = fc.constantFrom(...Object.keys(SHAPES));

function extract(carrier: unknown): Context {
  return propagator.extract(ROOT_CONTEXT, carrier, headerGetter);
}

function assertSpecTraceparent(ctx: Context): void {
  const sc = trace.getSpanContext(ctx);
  if (!sc) return;
  expect(sc.isRemote).toBe(true);
  expect(`00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`).toMatch(TRACEPARENT_RE);
  expect(sc.traceId).not.toMatch(/^0+$/);
  expect(sc.spanId).not.toMatch(/^0+$/);
}

// ---- an independent reading of the tracestate grammar ------------------------------------------

const KEY_RE = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/;
const VALUE_RE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/** The members a valid header carries (repeats dropped, first kept), or null when it is invalid. */
function referenceTraceState(header: string): string | null {
  const members = header.split(',').map((m) => m.replace(/^[ \t]+|[ \t]+$/g, '')).filter((m) => m !== '');
  if (members.length > 32) return null;
  const kept = new Map<string, string>();
  for (const m of members) {
    const eq = m.indexOf('=');
    if (eq <= 0) return null;
    const key = m.slice(0, eq);
    const value = m.slice(eq + 1);
    if (!KEY_RE.test(key) || !VALUE_RE.test(value)) return null;
    if (!kept.has(key)) kept.set(key, value);
  }
  return [...kept].map(([k, v]) => `${k}=${v}`).join(',');
}

// ---- properties --------------------------------------------------------------------------------

describe('carrier fuzzing', () => {
  it('extraction never throws, and any extracted traceparent satisfies the spec grammar', () => {
    fc.assert(
      fc.property(headerPairs, shapeName, (pairs, shape) => {
        const carrier = SHAPES[shape]!(pairs as Pairs);
        const ctx = extract(carrier);
        assertSpecTraceparent(ctx);
        // and what is extracted can be injected into the same carrier without a throw
        propagator.inject(ctx, carrier, headerSetter);
        expect(headerGetter.keys(carrier)).toBeInstanceOf(Array);
      }),
      RUNS,
    );
  });

  it('reads are bounded by the carrier’s size (proxy traps counted)', () => {
    fc.assert(
      fc.property(headerPairs, (pairs) => {
        let traps = 0;
        const count = <T>(v: T): T => {
          traps++;
          return v;
        };
        const target = record(pairs as Pairs, Object.prototype);
        const carrier = new Proxy(target, {
          get: (t, p) => count(Reflect.get(t, p)),
          has: (t, p) => count(Reflect.has(t, p)),
          ownKeys: (t) => count(Reflect.ownKeys(t)),
          getOwnPropertyDescriptor: (t, p) => count(Reflect.getOwnPropertyDescriptor(t, p)),
          getPrototypeOf: (t) => count(Reflect.getPrototypeOf(t)),
        });
        extract(carrier);
        // three headers read, each a direct lookup plus one pass over the keys
        const keys = Object.keys(target).length;
        expect(traps).toBeLessThanOrEqual(3 * (8 + 3 * keys));
      }),
      RUNS,
    );
  });

  it('inject(extract(x)) round-trips valid headers in every writable carrier shape', () => {
    const writable = ['node headers (lower-case names, arrays)', 'plain record', 'prototype-less record', 'Map', 'fetch Headers'];
    fc.assert(
      fc.property(traceId, spanId, flagsByte, tsMembers, bgMembers, fc.constantFrom(...writable), fc.boolean(), (t, s, f, ts, bg, shape, split) => {
        const traceparent = `00-${t}-${s}-${f.toString(16).padStart(2, '0')}`;
        const tracestate = ts.map(([k, v]) => `${k}=${v}`);
        const baggage = bg.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join(',');
        // several tracestate headers (an array value) must combine in order
        const state: unknown = split && tracestate.length > 1 ? [tracestate.slice(0, 1).join(','), tracestate.slice(1).join(',')] : tracestate.join(',');
        const ctx = extract(SHAPES[shape]!([['traceparent', traceparent], ['tracestate', state], ['baggage', baggage]]));
        const out = SHAPES[shape]!([]);
        propagator.inject(ctx, out, headerSetter);
        // unknown flag bits are zeroed on the way out, as the spec asks
        expect(headerGetter.get(out, 'traceparent')).toBe(`00-${t}-${s}-${(f & 0x03).toString(16).padStart(2, '0')}`);
        expect(headerGetter.get(out, 'tracestate')).toBe(tracestate.join(','));
        const back = propagation.getBaggage(extract(out))!;
        // compared as a set: the OTel API builds baggage from a record, whose integer-like keys
        // ("0", "42") enumerate first, so their order is not kept
        const byKey = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : 1);
        expect(back.getAllEntries().map(([k, e]): [string, string] => [k, e.value]).sort(byKey)).toEqual([...bg].sort(byKey));
      }),
      RUNS,
    );
  });

  it('a tracestate with one invalid member is discarded whole, never in part', () => {
    fc.assert(
      fc.property(traceId, spanId, tsMembers, badTsMember, fc.nat(), (t, s, ts, bad, at) => {
        const members = ts.map(([k, v]) => `${k}=${v}`);
        members.splice(at % (members.length + 1), 0, bad);
        const ctx = extract({ traceparent: `00-${t}-${s}-01`, tracestate: members.join(',') });
        const sc = trace.getSpanContext(ctx);
        expect(sc?.traceId).toBe(t); // the parent stands
        expect(sc?.traceState).toBeUndefined();
        const out: Record<string, string> = {};
        propagator.inject(ctx, out, headerSetter);
        expect(out['tracestate']).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('any tracestate is taken exactly as the grammar says: whole (repeats dropped) or not at all', () => {
    const piece = fc.oneof(tsKey.map((k) => `${k}=v`), tsMembers.map((m) => m.map(([k, v]) => `${k}=${v}`).join(',')), badTsMember, fc.string({ maxLength: 10 }), fc.constantFrom(' ', '\t', ''));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const header = pieces.join(',');
        const sc = trace.getSpanContext(extract({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: header }));
        // an empty (valid) list and no list both propagate nothing
        const none = (x: string | null | undefined) => (x === undefined || x === '' ? null : x);
        expect(none(sc?.traceState?.serialize()), JSON.stringify(header)).toBe(none(referenceTraceState(header)));
      }),
      RUNS,
    );
  });
});
