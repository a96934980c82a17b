import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createContextManagerFacade,
  createPropagator,
  getAllBaggage,
  getBaggage,
  headerGetter,
} from '../../src/propagation/index';

// This file is about global wiring: the facade must follow the globally registered propagator.
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const TP = `00-${TRACE}-${SPAN}-01`;
const cm = createContextManagerFacade();

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(createPropagator(['tracecontext', 'baggage']));
});
afterAll(() => {
  propagation.disable();
  context.disable();
});

describe('getContextManager facade: extract over carriers', () => {
  const fetchHeaders = new Headers({ TraceParent: TP, Baggage: 'tenant=acme' });
  const carriers: Array<{ name: string; carrier: unknown }> = [
    { name: 'Node IncomingHttpHeaders', carrier: { traceparent: TP, baggage: 'tenant=acme' } },
    { name: 'Node headers with string[] baggage', carrier: { traceparent: TP, baggage: ['tenant=acme'] } },
    { name: 'mixed-case record', carrier: { TraceParent: TP, BAGGAGE: 'tenant=acme' } },
    { name: 'fetch Headers', carrier: fetchHeaders },
    { name: 'Map', carrier: new Map([['Traceparent', TP], ['baggage', 'tenant=acme']]) },
  ];
  for (const row of carriers) {
    it(row.name, () => {
      const ctx = cm.extractContext(row.carrier, ROOT_CONTEXT);
      expect(trace.getSpanContext(ctx)).toMatchObject({ traceId: TRACE, spanId: SPAN, traceFlags: 1, isRemote: true });
      expect(getBaggage('tenant', ctx)).toBe('acme');
      expect(getAllBaggage(ctx)).toEqual({ tenant: 'acme' });
    });
  }

  it('treats the same header in two cases of a record as two headers (restart)', () => {
    const ctx = cm.extractContext({ traceparent: TP, TRACEPARENT: TP }, ROOT_CONTEXT);
    expect(trace.getSpanContext(ctx)).toBeUndefined();
  });

  it('returns the given context for null, strings and numbers', () => {
    for (const bad of [null, undefined, 'traceparent', 42]) {
      expect(cm.extractContext(bad, ROOT_CONTEXT)).toBe(ROOT_CONTEXT);
    }
  });

  it('defaults to the active context', () => {
    const ctx = cm.extractContext({ traceparent: TP });
    const inner = context.with(ctx, () => cm.extractContext({}));
    expect(trace.getSpanContext(inner)?.traceId).toBe(TRACE);
  });
});

describe('getContextManager facade: inject over carriers', () => {
  let ctx = ROOT_CONTEXT;
  beforeAll(() => {
    ctx = cm.extractContext({ traceparent: TP, tracestate: 'a=1', baggage: 'tenant=acme' }, ROOT_CONTEXT);
  });

  it('plain record, replacing a header of another case', () => {
    const out = cm.injectContext(ctx, { TraceParent: 'stale', 'content-type': 'json' } as Record<string, string>);
    expect(out).toEqual({ TraceParent: TP, tracestate: 'a=1', baggage: 'tenant=acme', 'content-type': 'json' });
  });

  it('fetch Headers', () => {
    const out = cm.injectContext(ctx, new Headers());
    expect(out.get('traceparent')).toBe(TP);
    expect(out.get('baggage')).toBe('tenant=acme');
  });

  it('Map', () => {
    const out = cm.injectContext(ctx, new Map<string, string>([['BAGGAGE', 'old']]));
    expect([...out.entries()]).toEqual([
      ['BAGGAGE', 'tenant=acme'],
      ['traceparent', TP],
      ['tracestate', 'a=1'],
    ]);
  });

  it('uses the active context by default', () => {
    const out = context.with(ctx, () => cm.injectContext(undefined, {} as Record<string, string>));
    expect(out.traceparent).toBe(TP);
  });

  it('follows a propagator registered later (b3)', () => {
    propagation.disable();
    propagation.setGlobalPropagator(createPropagator(['b3']));
    try {
      const out = cm.injectContext(ctx, {} as Record<string, string>);
      expect(out).toEqual({ b3: `${TRACE}-${SPAN}-1` });
      expect(cm.fields()).toContain('b3');
    } finally {
      propagation.disable();
      propagation.setGlobalPropagator(createPropagator(['tracecontext', 'baggage']));
    }
  });
});

describe('jaeger baggage keys in any case', () => {
  it('reads uberctx-* from a mixed-case record', () => {
    const p = createPropagator(['jaeger']);
    const ctx = p.extract(ROOT_CONTEXT, { 'Uber-Trace-Id': `${TRACE}:${SPAN}:0:01`, 'UberCtx-Tenant': 'acme' }, headerGetter);
    expect(trace.getSpanContext(ctx)?.traceId).toBe(TRACE);
    expect(getBaggage('tenant', ctx)).toBe('acme');
  });
});

describe('request-like carriers', () => {
  it('reads a fetch Request and writes a RequestInit', () => {
    const request = new Request('http://127.0.0.1/x', { headers: { traceparent: TP, baggage: 'tenant=acme' } });
    const ctx = cm.extractContext(request, ROOT_CONTEXT);
    expect(trace.getSpanContext(ctx)?.traceId).toBe(TRACE);
    const init = cm.injectContext(ctx, { method: 'POST', headers: { 'content-type': 'json' } as Record<string, string> });
    expect(init.headers).toEqual({ 'content-type': 'json', traceparent: TP, baggage: 'tenant=acme' });
    expect((init as Record<string, unknown>).traceparent).toBeUndefined();
  });
});
