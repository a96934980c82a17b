import { ROOT_CONTEXT, propagation, trace, type TextMapPropagator } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config';
import { isTracingConfigError } from '../../src/errors';
import {
  createPropagator,
  headerGetter,
  headerSetter,
  PROPAGATOR_NAMES,
  type PropagatorName,
} from '../../src/propagation/index';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const ctx = propagation.setBaggage(
  trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: SPAN, traceFlags: 1 }),
  propagation.createBaggage({ tenant: { value: 'acme' } }),
);

function inject(names: PropagatorName[]): Record<string, string> {
  const out: Record<string, string> = {};
  createPropagator(names).inject(ctx, out, headerSetter);
  return out;
}

describe('createPropagator', () => {
  const rows: Array<{ names: PropagatorName[]; toString: string; headers: Record<string, string> }> = [
    {
      names: ['tracecontext', 'baggage'],
      toString: 'CombinedPropagator{StrictTraceContextPropagator,StrictBaggagePropagator}',
      headers: { traceparent: `00-${TRACE}-${SPAN}-01`, baggage: 'tenant=acme' },
    },
    { names: ['b3'], toString: 'CombinedPropagator{B3Propagator{single}}', headers: { b3: `${TRACE}-${SPAN}-1` } },
    {
      names: ['b3multi'],
      toString: 'CombinedPropagator{B3Propagator{multi}}',
      headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': '1' },
    },
    {
      names: ['jaeger'],
      toString: 'CombinedPropagator{JaegerPropagator}',
      headers: { 'uber-trace-id': `${TRACE}:${SPAN}:0:01`, 'uberctx-tenant': 'acme' },
    },
    { names: ['none'], toString: 'CombinedPropagator{}', headers: {} },
    { names: [], toString: 'CombinedPropagator{}', headers: {} },
    {
      names: ['tracecontext', 'tracecontext', 'none', 'baggage', 'baggage'],
      toString: 'CombinedPropagator{StrictTraceContextPropagator,StrictBaggagePropagator}',
      headers: { traceparent: `00-${TRACE}-${SPAN}-01`, baggage: 'tenant=acme' },
    },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.names)} injects ${Object.keys(row.headers).join(', ') || 'nothing'}`, () => {
      expect(String(createPropagator(row.names))).toBe(row.toString);
      expect(inject(row.names)).toEqual(row.headers);
    });
    it(`${JSON.stringify(row.names)} extracts what it injects`, () => {
      const p = createPropagator(row.names);
      const back = p.extract(ROOT_CONTEXT, inject(row.names), headerGetter);
      const sc = trace.getSpanContext(back);
      if (Object.keys(row.headers).length === 0) expect(sc).toBeUndefined();
      else expect(sc).toMatchObject({ traceId: TRACE, spanId: SPAN, isRemote: true });
    });
  }

  it('exposes the name list and de-duplicates instances', () => {
    expect([...PROPAGATOR_NAMES]).toEqual(['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'none']);
    const custom: TextMapPropagator = {
      inject: (_c, carrier, setter) => setter.set(carrier, 'x-custom', 'yes'),
      extract: (c) => c,
      fields: () => ['x-custom'],
      toString: () => 'Custom',
    } as TextMapPropagator;
    const p = createPropagator([custom, 'tracecontext', custom]);
    expect(String(p)).toBe('CombinedPropagator{Custom,StrictTraceContextPropagator}');
    expect(p.fields()).toEqual(['x-custom', 'traceparent', 'tracestate']);
  });

  it('throws TracingConfigError for an unknown name', () => {
    let error: unknown;
    try {
      createPropagator(['xray' as PropagatorName]);
    } catch (e) {
      error = e;
    }
    expect(isTracingConfigError(error)).toBe(true);
    expect(String(error)).toContain('"xray"');
  });

  it('isolates a propagator that throws', () => {
    const broken = {
      inject: () => {
        throw new Error('boom');
      },
      extract: () => {
        throw new Error('boom');
      },
      fields: () => [],
    } as TextMapPropagator;
    const p = createPropagator([broken, 'tracecontext']);
    const out: Record<string, string> = {};
    expect(() => p.inject(ctx, out, headerSetter)).not.toThrow();
    expect(out.traceparent).toBe(`00-${TRACE}-${SPAN}-01`);
    const back = p.extract(ROOT_CONTEXT, out, headerGetter);
    expect(trace.getSpanContext(back)?.traceId).toBe(TRACE);
  });
});

describe('extraction order', () => {
  it('later extractors override earlier ones', () => {
    const other = 'a'.repeat(32);
    const headers = { traceparent: `00-${TRACE}-${SPAN}-01`, b3: `${other}-${SPAN}-1` };
    const a = createPropagator(['tracecontext', 'b3']).extract(ROOT_CONTEXT, headers, headerGetter);
    const b = createPropagator(['b3', 'tracecontext']).extract(ROOT_CONTEXT, headers, headerGetter);
    expect(trace.getSpanContext(a)?.traceId).toBe(other);
    expect(trace.getSpanContext(b)?.traceId).toBe(TRACE);
  });
});

describe('env → config → createPropagator (the wiring initializeTracing uses)', () => {
  const rows: Array<{ env: Record<string, string>; options?: Record<string, unknown>; str: string }> = [
    { env: {}, str: 'CombinedPropagator{StrictTraceContextPropagator,StrictBaggagePropagator}' },
    { env: { OTEL_PROPAGATORS: 'b3' }, str: 'CombinedPropagator{B3Propagator{single}}' },
    { env: { OTEL_PROPAGATORS: 'b3multi,jaeger' }, str: 'CombinedPropagator{B3Propagator{multi},JaegerPropagator}' },
    { env: { OTEL_PROPAGATORS: 'tracecontext, baggage, tracecontext' }, str: 'CombinedPropagator{StrictTraceContextPropagator,StrictBaggagePropagator}' },
    { env: { OTEL_PROPAGATORS: 'none' }, str: 'CombinedPropagator{}' },
    { env: { OTEL_PROPAGATORS: 'xray,b3' }, str: 'CombinedPropagator{B3Propagator{single}}' },
    { env: { OTEL_PROPAGATORS: 'b3' }, options: { propagators: ['jaeger'] }, str: 'CombinedPropagator{JaegerPropagator}' },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.env)} ${row.options ? JSON.stringify(row.options) : ''}`, () => {
      const config = resolveConfig({ serviceName: 'svc', ...row.options } as never, row.env, { warn: () => undefined });
      expect(String(createPropagator(config.propagators))).toBe(row.str);
    });
  }
});
