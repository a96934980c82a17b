import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createBaggageFromRecord, getAllBaggage, getBaggage, setBaggage } from '../../src/propagation/baggage';
import { StrictBaggagePropagator } from '../../src/propagation/baggage-propagator';
import { headerGetter, headerSetter } from '../../src/propagation/carrier';

// Baggage keys arrive from callers: names that mean something to JavaScript objects must be kept
// as ordinary entries, neither dropped nor able to reach a prototype.
const propagator = new StrictBaggagePropagator();
const HEADER = '__proto__=x,constructor=y,prototype=z';

function objectPrototypeSnapshot(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

describe('baggage keys __proto__, constructor, prototype', () => {
  it('are extracted, readable through the API and getAllBaggage, and pollute nothing', () => {
    const before = objectPrototypeSnapshot();
    const ctx = propagator.extract(ROOT_CONTEXT, { baggage: HEADER }, headerGetter);
    const baggage = propagation.getBaggage(ctx)!;
    expect(baggage.getAllEntries().map(([k, e]) => [k, e.value])).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
      ['prototype', 'z'],
    ]);
    expect(getBaggage('__proto__', ctx)).toBe('x');
    expect(getBaggage('constructor', ctx)).toBe('y');
    expect(getBaggage('prototype', ctx)).toBe('z');

    const all = getAllBaggage(ctx);
    expect(Object.getPrototypeOf(all)).toBeNull();
    expect(Object.keys(all)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(all['__proto__']).toBe('x');
    expect(all['constructor']).toBe('y');
    expect(all['prototype']).toBe('z');

    const plain: Record<string, unknown> = {};
    expect(plain['x']).toBeUndefined();
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(typeof plain['constructor']).toBe('function');
    expect(objectPrototypeSnapshot()).toEqual(before);
  });

  it('are injected back out, into every carrier shape', () => {
    const ctx = propagator.extract(ROOT_CONTEXT, { baggage: HEADER }, headerGetter);
    const record: Record<string, string> = {};
    propagator.inject(ctx, record, headerSetter);
    expect(record).toEqual({ baggage: HEADER });
    const map = new Map<string, string>();
    propagator.inject(ctx, map, headerSetter);
    expect(map.get('baggage')).toBe(HEADER);
    const headers = new Headers();
    propagator.inject(ctx, headers, headerSetter);
    expect(headers.get('baggage')).toBe(HEADER);
    const bare = Object.create(null) as Record<string, string>;
    propagator.inject(ctx, bare, headerSetter);
    expect(bare['baggage']).toBe(HEADER);
  });

  it('survive a second hop unchanged', () => {
    const first = propagator.extract(ROOT_CONTEXT, { baggage: HEADER }, headerGetter);
    const wire: Record<string, string> = {};
    propagator.inject(first, wire, headerSetter);
    const second = propagator.extract(ROOT_CONTEXT, wire, headerGetter);
    expect(getAllBaggage(second)).toEqual(getAllBaggage(first));
  });

  it('can be set from code: a record with an own __proto__ key, and setBaggage', () => {
    const record = JSON.parse('{"__proto__":"a","constructor":"b","tenant":"acme"}') as Record<string, string>;
    const baggage = createBaggageFromRecord(record);
    expect(baggage.getEntry('__proto__')?.value).toBe('a');
    expect(baggage.getEntry('constructor')?.value).toBe('b');
    expect(baggage.getEntry('tenant')?.value).toBe('acme');
    const ctx = setBaggage('prototype', 'c', propagation.setBaggage(ROOT_CONTEXT, baggage));
    const out: Record<string, string> = {};
    propagator.inject(ctx, out, headerSetter);
    expect(out['baggage']).toBe('__proto__=a,constructor=b,tenant=acme,prototype=c');
  });

  it('a header named __proto__ written into a plain record becomes an own entry', () => {
    const record: Record<string, unknown> = {};
    headerSetter.set(record, '__proto__', 'v');
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(record, '__proto__')?.value).toBe('v');
    expect(headerGetter.get(record, '__proto__')).toBe('v');
  });
});
