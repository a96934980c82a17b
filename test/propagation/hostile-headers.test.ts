import { propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createPropagator, headerGetter, resolveCorrelationId } from '../../src/propagation/index';

// Results only, never timings: each case must finish (the file's timeout bounds it) and not throw.
const all = createPropagator(['tracecontext', 'baggage', 'b3', 'jaeger']);
const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const MB = 1024 * 1024;

function extract(headers: unknown) {
  const ctx = all.extract(ROOT_CONTEXT, headers, headerGetter);
  return { span: trace.getSpanContext(ctx), baggage: propagation.getBaggage(ctx) };
}

describe('hostile headers', () => {
  it('a 4 MB traceparent is rejected', () => {
    expect(extract({ traceparent: '0'.repeat(4 * MB) }).span).toBeUndefined();
    expect(extract({ traceparent: `cc-${TP.slice(3)}-${'x'.repeat(4 * MB)}` }).span?.traceId).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
  });

  it('a 4 MB tracestate is discarded whole, the traceparent kept', () => {
    const r = extract({ traceparent: TP, tracestate: 'a=1,'.repeat(MB) });
    expect(r.span?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(r.span?.traceState).toBeUndefined();
  });

  it('10,000 tracestate members are discarded whole', () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `k${i}=v`).join(',');
    expect(extract({ traceparent: TP, tracestate: header }).span?.traceState).toBeUndefined();
  });

  it('10,000 baggage members keep the first 64', () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `k${i}=v${i}`).join(',');
    const b = extract({ baggage: header }).baggage!;
    expect(b.getAllEntries()).toHaveLength(64);
    expect(b.getEntry('k0')?.value).toBe('v0');
    expect(b.getEntry('k64')).toBeUndefined();
  });

  it('a 16 MB baggage of one member is dropped, without throwing', () => {
    expect(extract({ baggage: `a=${'x'.repeat(16 * MB)}` }).baggage).toBeUndefined();
  });

  it('thousands of commas, semicolons and percent signs', () => {
    expect(extract({ baggage: ','.repeat(MB) }).baggage).toBeUndefined();
    expect(extract({ baggage: `a=1;${';'.repeat(100_000)}` }).baggage).toBeUndefined();
    expect(extract({ baggage: `a=${'%'.repeat(8000)}` }).baggage?.getEntry('a')).toBeUndefined();
    expect(extract({ baggage: `a=${'%zz'.repeat(1000)}` }).baggage?.getEntry('a')?.value).toBe('%zz'.repeat(1000));
  });

  it('control characters everywhere are rejected', () => {
    const ctl = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f';
    const r = extract({
      traceparent: `${TP}${ctl}`,
      tracestate: `a=${ctl}`,
      baggage: `k=${ctl},ok=1`,
      b3: ctl,
      'uber-trace-id': ctl,
      'x-correlation-id': ctl,
    });
    expect(r.span).toBeUndefined();
    expect(r.baggage?.getAllEntries().map(([k]) => k)).toEqual(['ok']);
    expect(resolveCorrelationId({ 'x-correlation-id': ctl })).not.toContain('\u0000');
  });

  it('thousands of header values and odd value types do not throw', () => {
    const many = Array.from({ length: 5000 }, () => TP);
    expect(extract({ traceparent: many, tracestate: many, baggage: many.map(() => 'a=1') }).span).toBeUndefined();
    const odd = { traceparent: 12345, baggage: { toString: () => 'a=1' }, tracestate: [null, 1] } as unknown;
    expect(() => extract(odd)).not.toThrow();
    const throwing = new Proxy({}, { get: () => { throw new Error('hostile getter'); }, ownKeys: () => { throw new Error('x'); } });
    expect(() => extract(throwing)).not.toThrow();
  });

  it('a record with 50,000 header names is handled', () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 50_000; i++) headers[`x-h-${i}`] = 'v';
    headers.traceparent = TP;
    expect(extract(headers).span?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});
