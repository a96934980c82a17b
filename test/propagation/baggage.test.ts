import { ROOT_CONTEXT, propagation, baggageEntryMetadataFromString } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import {
  decodeBaggageValue,
  encodeBaggageValue,
  headerGetter,
  headerSetter,
  StrictBaggagePropagator,
} from '../../src/propagation/index';

const propagator = new StrictBaggagePropagator();

function extract(header: string | string[]): Record<string, { value: string; metadata?: string }> {
  const ctx = propagator.extract(ROOT_CONTEXT, { baggage: header }, headerGetter);
  const out: Record<string, { value: string; metadata?: string }> = {};
  for (const [k, e] of propagation.getBaggage(ctx)?.getAllEntries() ?? []) {
    out[k] = e.metadata ? { value: e.value, metadata: e.metadata.toString() } : { value: e.value };
  }
  return out;
}

function roundTrip(header: string): string | undefined {
  const ctx = propagator.extract(ROOT_CONTEXT, { baggage: header }, headerGetter);
  const out: Record<string, string> = {};
  propagator.inject(ctx, out, headerSetter);
  return out.baggage;
}

describe('StrictBaggagePropagator: extract', () => {
  const rows: Array<{ name: string; header: string | string[]; expect: Record<string, { value: string; metadata?: string }> }> = [
    { name: 'simple', header: 'a=1,b=two', expect: { a: { value: '1' }, b: { value: 'two' } } },
    { name: 'OWS around members and =', header: ' a = 1 ,\tb=2 ', expect: { a: { value: '1' }, b: { value: '2' } } },
    { name: 'percent-encoded UTF-8', header: 'user=J%C3%BCrgen%20M%2C', expect: { user: { value: 'Jürgen M,' } } },
    { name: 'bad UTF-8 becomes U+FFFD', header: 'x=%FF', expect: { x: { value: '\uFFFD' } } },
    { name: 'lone % stays literal', header: 'x=50%', expect: { x: { value: '50%' } } },
    { name: 'properties are kept', header: 'a=1;ttl=60 ; flag,b=2', expect: { a: { value: '1', metadata: 'ttl=60;flag' }, b: { value: '2' } } },
    { name: 'empty value allowed', header: 'a=', expect: { a: { value: '' } } },
    { name: 'invalid member dropped whole', header: 'a=1,b c=2,d=3', expect: { a: { value: '1' }, d: { value: '3' } } },
    { name: 'value with space dropped', header: 'a=1 2,b=2', expect: { b: { value: '2' } } },
    { name: 'bad property drops its member', header: 'a=1;bad key=2,b=2', expect: { b: { value: '2' } } },
    { name: 'several headers combine', header: ['a=1', 'b=2'], expect: { a: { value: '1' }, b: { value: '2' } } },
    { name: 'later duplicate wins', header: 'a=1,a=2', expect: { a: { value: '2' } } },
    { name: 'no =', header: 'justakey', expect: {} },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(extract(row.header)).toEqual(row.expect);
    });
  }

  it('keeps 64 members and drops the 65th whole', () => {
    const header = Array.from({ length: 65 }, (_, i) => `k${i}=v${i}`).join(',');
    const got = extract(header);
    expect(Object.keys(got)).toHaveLength(64);
    expect(got.k63).toEqual({ value: 'v63' });
    expect(got.k64).toBeUndefined();
  });

  it('propagates a single 8,192-byte member, which OTel JS drops', () => {
    const member = `big=${'x'.repeat(8192 - 4)}`;
    expect(member).toHaveLength(8192);
    expect(roundTrip(member)).toBe(member);
    const otel = new W3CBaggagePropagator();
    const ctx = otel.extract(ROOT_CONTEXT, { baggage: member }, headerGetter);
    expect(propagation.getBaggage(ctx)).toBeUndefined();
  });

  it('never keeps a partial member past 8,192 bytes', () => {
    const first = `a=${'x'.repeat(8000)}`;
    const header = `${first},b=${'y'.repeat(500)},c=1`;
    const got = extract(header);
    expect(Object.keys(got)).toEqual(['a', 'c']);
    expect(got.a.value).toHaveLength(8000);
    const out = roundTrip(header)!;
    expect(out.length).toBeLessThanOrEqual(8192);
    expect(out).toBe(`${first},c=1`);
  });
});

describe('StrictBaggagePropagator: inject', () => {
  it('percent-encoding round-trips', () => {
    const values = ['Jürgen, M.', 'a;b=c', '100%', 'emoji 🎉', 'quote"back\\slash', ''];
    for (const v of values) {
      expect(decodeBaggageValue(encodeBaggageValue(v))).toBe(v);
      const ctx = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ k: { value: v } }));
      const out: Record<string, string> = {};
      propagator.inject(ctx, out, headerSetter);
      expect(extract(out.baggage).k.value).toBe(v);
    }
    expect(encodeBaggageValue('a b,c')).toBe('a%20b%2Cc');
    // A lone surrogate cannot be UTF-8: it travels as U+FFFD, as the specification asks.
    expect(encodeBaggageValue('x\uD800')).toBe('x%EF%BF%BD');
    expect(decodeBaggageValue('%E2%82')).toBe('\uFFFD');
  });

  it('writes properties and limits to 64 members', () => {
    const entries: Record<string, { value: string; metadata?: ReturnType<typeof baggageEntryMetadataFromString> }> = {};
    for (let i = 0; i < 70; i++) entries[`k${i}`] = { value: String(i) };
    entries.k0 = { value: '0', metadata: baggageEntryMetadataFromString('ttl=1;x') };
    const ctx = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(entries));
    const out: Record<string, string> = {};
    propagator.inject(ctx, out, headerSetter);
    const members = out.baggage.split(',');
    expect(members).toHaveLength(64);
    expect(members[0]).toBe('k0=0;ttl=1;x');
  });

  it('skips keys that are not HTTP tokens and malformed properties', () => {
    const ctx = propagation.setBaggage(
      ROOT_CONTEXT,
      propagation.createBaggage({
        'bad key': { value: '1' },
        good: { value: '2', metadata: baggageEntryMetadataFromString('a,b') },
      }),
    );
    const out: Record<string, string> = {};
    propagator.inject(ctx, out, headerSetter);
    expect(out).toEqual({ baggage: 'good=2' });
  });
});
