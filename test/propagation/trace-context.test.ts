import { ROOT_CONTEXT, trace, type SpanContext } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
// Straight from the files (not the propagation index), so these run without the propagator registry.
import { headerGetter, headerSetter } from '../../src/propagation/carrier';
import { StrictTraceContextPropagator } from '../../src/propagation/trace-context-propagator';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const VALID = `00-${TRACE}-${PARENT}-01`;
const propagator = new StrictTraceContextPropagator();

function extract(headers: Record<string, string | string[]>): SpanContext | undefined {
  return trace.getSpanContext(propagator.extract(ROOT_CONTEXT, headers, headerGetter));
}

describe('StrictTraceContextPropagator: traceparent', () => {
  const rows: Array<{ name: string; header: string | string[]; ok: boolean; flags?: number }> = [
    { name: 'valid, sampled', header: VALID, ok: true, flags: 1 },
    { name: 'valid, not sampled', header: `00-${TRACE}-${PARENT}-00`, ok: true, flags: 0 },
    { name: 'random flag', header: `00-${TRACE}-${PARENT}-03`, ok: true, flags: 3 },
    { name: 'surrounding OWS', header: ` ${VALID}\t`, ok: true, flags: 1 },
    { name: 'version ff', header: `ff-${TRACE}-${PARENT}-01`, ok: false },
    { name: 'version not hex', header: `0g-${TRACE}-${PARENT}-01`, ok: false },
    { name: 'uppercase version', header: `0A-${TRACE}-${PARENT}-01`, ok: false },
    { name: 'uppercase trace id', header: `00-${TRACE.toUpperCase()}-${PARENT}-01`, ok: false },
    { name: 'short trace id', header: `00-${TRACE.slice(1)}-${PARENT}-01`, ok: false },
    { name: 'long parent id', header: `00-${TRACE}-${PARENT}0-01`, ok: false },
    { name: 'all-zero trace id', header: `00-${'0'.repeat(32)}-${PARENT}-01`, ok: false },
    { name: 'all-zero parent id', header: `00-${TRACE}-${'0'.repeat(16)}-01`, ok: false },
    { name: 'bad flags', header: `00-${TRACE}-${PARENT}-0x`, ok: false },
    { name: 'one-digit flags', header: `00-${TRACE}-${PARENT}-1`, ok: false },
    { name: 'trailing data on version 00', header: `${VALID}-extra`, ok: false },
    { name: 'trailing char on version 00', header: `${VALID}x`, ok: false },
    { name: 'wrong separator', header: `00_${TRACE}-${PARENT}-01`, ok: false },
    { name: 'control character inside', header: `00-${TRACE}-${PARENT}\u0000-01`, ok: false },
    { name: 'two headers (array)', header: [VALID, `00-${TRACE}-${PARENT}-00`], ok: false },
    { name: 'two headers joined by Node', header: `${VALID}, ${VALID}`, ok: false },
    { name: 'empty', header: '', ok: false },
    { name: 'future version, plain', header: `01-${TRACE}-${PARENT}-01`, ok: true, flags: 1 },
    { name: 'future version with extra field', header: `cc-${TRACE}-${PARENT}-01-what-the-future-holds`, ok: true, flags: 1 },
    { name: 'future version, no dash after flags', header: `cc-${TRACE}-${PARENT}-01x`, ok: false },
    { name: 'future version, bad ids', header: `cc-${TRACE}-${'0'.repeat(16)}-01-x`, ok: false },
  ];
  for (const row of rows) {
    it(`${row.ok ? 'accepts' : 'rejects'}: ${row.name}`, () => {
      const sc = extract({ traceparent: row.header, tracestate: 'vendor=value' });
      if (!row.ok) {
        expect(sc).toBeUndefined();
        return;
      }
      expect(sc).toBeDefined();
      expect(sc!.traceId).toBe(TRACE);
      expect(sc!.spanId).toBe(PARENT);
      expect(sc!.isRemote).toBe(true);
      expect(sc!.traceFlags).toBe(row.flags);
      expect(sc!.traceState?.serialize()).toBe('vendor=value');
    });
  }

  it('keeps an existing context when no traceparent is present', () => {
    expect(propagator.extract(ROOT_CONTEXT, {}, headerGetter)).toBe(ROOT_CONTEXT);
  });
});

describe('StrictTraceContextPropagator: tracestate', () => {
  const key256 = 'a' + 'b'.repeat(255);
  const members = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v${i}`).join(',');
  const rows: Array<{ name: string; header: string | string[]; expect: string | undefined }> = [
    { name: 'simple', header: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE', expect: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' },
    { name: 'several headers combine in order', header: ['a=1,b=2', 'c=3'], expect: 'a=1,b=2,c=3' },
    { name: 'OWS and empty members', header: ' a=1 , ,\tb=2 ,', expect: 'a=1,b=2' },
    { name: 'multi-tenant key', header: 'tenant1@vendor=x', expect: 'tenant1@vendor=x' },
    { name: 'value with spaces inside', header: 'a=hello world', expect: 'a=hello world' },
    { name: '32 members', header: members(32), expect: members(32) },
    { name: '33 members', header: members(33), expect: undefined },
    { name: 'key of 256 chars', header: `${key256}=v`, expect: `${key256}=v` },
    { name: 'key of 257 chars', header: `${key256}c=v`, expect: undefined },
    { name: 'uppercase key', header: 'a=1,Bad=2', expect: undefined },
    { name: 'key starting with a digit', header: '1a=1', expect: '1a=1' },
    { name: 'key ending with @', header: 'foo@=1,bar=2', expect: 'foo@=1,bar=2' },
    { name: 'key with @@', header: 'foo@@bar=1,bar=2', expect: 'foo@@bar=1,bar=2' },
    { name: 'key with two @', header: 'foo@bar@baz=1,bar=2', expect: 'foo@bar@baz=1,bar=2' },
    { name: 'after @: 15 characters (the old 14-character system-id limit is gone)', header: `t@${'s'.repeat(15)}=1`, expect: `t@${'s'.repeat(15)}=1` },
    { name: 'before @: 242 characters (the old 241-character tenant-id limit is gone)', header: `${'t'.repeat(242)}@v=1`, expect: `${'t'.repeat(242)}@v=1` },
    { name: 'key starting with @', header: '@foo=1,bar=2', expect: undefined },
    { name: 'key of 257 chars with @', header: `${'t'.repeat(242)}@${'v'.repeat(14)}=1`, expect: undefined },
    { name: 'key with .', header: 'foo.bar=1', expect: undefined },
    { name: 'key with a space before =', header: 'foo =1', expect: undefined },
    { name: 'key starting with _', header: '_a=1', expect: undefined },
    { name: 'value with =', header: 'a=1,b=x=y', expect: undefined },
    { name: 'value over 256 chars', header: `a=${'v'.repeat(257)}`, expect: undefined },
    { name: 'missing =', header: 'a=1,b', expect: undefined },
    { name: 'empty value', header: 'a=', expect: undefined },
    { name: 'duplicate keys: the first is kept', header: 'a=1,b=2,a=3', expect: 'a=1,b=2' },
    { name: 'duplicate across headers: the first is kept', header: ['a=1', 'a=2'], expect: 'a=1' },
    { name: 'the same member twice', header: 'foo=1,foo=1', expect: 'foo=1' },
    { name: 'a duplicate does not excuse a bad member', header: 'a=1,a=2,B=3', expect: undefined },
    { name: '33 members counting a duplicate', header: `${members(32)},k0=again`, expect: undefined },
    { name: 'control character', header: 'a=1\u0007', expect: undefined },
  ];
  for (const row of rows) {
    it(`${row.expect === undefined ? 'discards whole' : 'keeps'}: ${row.name}`, () => {
      const sc = extract({ traceparent: VALID, tracestate: row.header });
      expect(sc?.traceId).toBe(TRACE);
      expect(sc?.traceState?.serialize()).toBe(row.expect);
    });
  }

  it('drops tracestate when traceparent is invalid', () => {
    const ctx = propagator.extract(ROOT_CONTEXT, { traceparent: 'garbage', tracestate: 'a=1' }, headerGetter);
    expect(trace.getSpanContext(ctx)).toBeUndefined();
  });

  it('TraceState.set moves the key to the front and keeps at most 32', () => {
    const sc = extract({ traceparent: VALID, tracestate: members(32) });
    const next = sc!.traceState!.set('k5', 'new').set('fresh', 'x');
    const serialized = next.serialize().split(',');
    expect(serialized[0]).toBe('fresh=x');
    expect(serialized[1]).toBe('k5=new');
    expect(serialized).toHaveLength(32);
    expect(next.get('k31')).toBeUndefined();
    expect(next.unset('fresh').get('fresh')).toBeUndefined();
  });
});

describe('StrictTraceContextPropagator: inject', () => {
  it('writes version 00, zeroes unknown flag bits, writes tracestate', () => {
    const ctx = propagator.extract(ROOT_CONTEXT, { traceparent: `00-${TRACE}-${PARENT}-ff`, tracestate: 'a=1' }, headerGetter);
    const out: Record<string, string> = {};
    propagator.inject(ctx, out, headerSetter);
    expect(out).toEqual({ traceparent: `00-${TRACE}-${PARENT}-03`, tracestate: 'a=1' });
  });

  it('carries the random flag to a child span context of the same trace', () => {
    const ctx = propagator.extract(ROOT_CONTEXT, { traceparent: `00-${TRACE}-${PARENT}-02` }, headerGetter);
    const child = trace.setSpanContext(ctx, { traceId: TRACE, spanId: '1111111111111111', traceFlags: 1 });
    const out: Record<string, string> = {};
    propagator.inject(child, out, headerSetter);
    expect(out.traceparent).toBe(`00-${TRACE}-1111111111111111-03`);
    // A span of another trace in the same context does not inherit it.
    const other = trace.setSpanContext(ctx, { traceId: 'a'.repeat(32), spanId: '1111111111111111', traceFlags: 1 });
    const out2: Record<string, string> = {};
    propagator.inject(other, out2, headerSetter);
    expect(out2.traceparent).toBe(`00-${'a'.repeat(32)}-1111111111111111-01`);
  });

  it('carries the random flag even when middleware rebuilds the context from scratch', () => {
    const traceId = '7'.repeat(32);
    propagator.extract(ROOT_CONTEXT, { traceparent: `00-${traceId}-${PARENT}-03` }, headerGetter);
    // The extracted context is dropped: only the child span's context is kept, as some middleware does.
    const child = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: '2222222222222222', traceFlags: 1 });
    const out: Record<string, string> = {};
    propagator.inject(child, out, headerSetter);
    expect(out.traceparent).toBe(`00-${traceId}-2222222222222222-03`);
  });

  it('writes nothing for an invalid span context', () => {
    const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: '0'.repeat(32), spanId: PARENT, traceFlags: 1 });
    const out: Record<string, string> = {};
    propagator.inject(ctx, out, headerSetter);
    expect(out).toEqual({});
    expect(propagator.fields()).toEqual(['traceparent', 'tracestate']);
    expect(String(propagator)).toBe('StrictTraceContextPropagator');
  });
});
