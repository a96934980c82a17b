import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createTracerFacade, type TracerFacade } from '../../src/tracer/facade';
import { createTestTracing, type TestTracing } from '../../src/testing/test-tracing';
import { expectTrace } from '../../src/testing/expect-trace';

let t: TestTracing;
let facade: TracerFacade;

beforeEach(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  t = createTestTracing('facade-test');
  facade = createTracerFacade(t.tracer);
});

afterEach(async () => {
  await t.shutdown();
  context.disable();
});

describe('tracer facade', () => {
  it('withSpan nests spans, keeps attributes and events, returns the value', async () => {
    const result = await facade.withSpan(
      'handle order',
      async (span) => {
        span.addEvent('validated', { items: 3 });
        await facade.withSpan('load customer', async () => 'c-1', { 'customer.tier': 'gold' });
        facade.withSpan('compute total', () => 42);
        return 'done';
      },
      { 'order.id': 'o-9' },
    );
    expect(result).toBe('done');
    const root = expectTrace(t.spans(), {
      name: 'handle order',
      kind: SpanKind.INTERNAL,
      attributes: { 'order.id': 'o-9' },
      events: ['validated'],
      exactChildren: true,
      spans: [{ name: 'load customer', attributes: { 'customer.tier': 'gold' } }, { name: 'compute total' }],
    });
    expect(root.status.code).toBe(SpanStatusCode.UNSET);
    expect(new Set(t.spans().map((s) => s.spanContext().traceId)).size).toBe(1);
  });

  it('withSpan records a sync throw with ERROR status and rethrows the same error', () => {
    const boom = new TypeError('bad input');
    let caught: unknown;
    try {
      facade.withSpan('parse', () => {
        throw boom;
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(boom);
    const [span] = t.spans();
    expect(span.name).toBe('parse');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad input' });
    expect(span.events[0].name).toBe('exception');
    expect(span.events[0].attributes?.['exception.type']).toBe('TypeError');
    expect(span.events[0].attributes?.['exception.message']).toBe('bad input');
    expect(span.attributes['error.type']).toBe('TypeError');
  });

  it('withSpan records an async rejection and a thrown non-Error value', async () => {
    const boom = new Error('db down');
    await expect(facade.withSpan('query', async () => Promise.reject(boom))).rejects.toBe(boom);
    const thrown = { reason: 'not an error' };
    expect(() =>
      facade.withSpan('weird', () => {
        throw thrown;
      }),
    ).toThrow();
    try {
      facade.withSpan('string throw', () => {
        throw 'plain string';
      });
    } catch (error) {
      expect(error).toBe('plain string');
    }
    const [query, weird, str] = t.spans();
    expect(query.status.code).toBe(SpanStatusCode.ERROR);
    expect(query.status.message).toBe('db down');
    expect(weird.status.code).toBe(SpanStatusCode.ERROR);
    expect(str.status).toEqual({ code: SpanStatusCode.ERROR, message: 'plain string' });
    expect(str.events[0].name).toBe('exception');
  });

  it('startSpan / startChildSpan / endSpan / setStatus / addEvent / addLinks / recordException', () => {
    const parent = facade.startSpan('parent', { kind: SpanKind.SERVER, attributes: { a: 1 } });
    const child = facade.startChildSpan('child', parent, { kind: SpanKind.CLIENT });
    facade.addEvent(child, 'retry', { attempt: 2 });
    const other = facade.startSpan('other');
    facade.addLinks(child, [{ context: other.spanContext(), attributes: { why: 'fan-in' } }]);
    facade.recordException(child, new RangeError('too big'));
    facade.endSpan(child);
    facade.setStatus(parent, SpanStatusCode.OK);
    facade.endSpan(parent);
    facade.endSpan(other, { code: SpanStatusCode.ERROR, message: 'gave up' });

    const spans = t.spans();
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(byName.child.parentSpanContext?.spanId).toBe(byName.parent.spanContext().spanId);
    expect(byName.child.kind).toBe(SpanKind.CLIENT);
    expect(byName.child.events.map((e) => e.name)).toEqual(['retry', 'exception']);
    expect(byName.child.links).toHaveLength(1);
    expect(byName.child.links[0].context.spanId).toBe(byName.other.spanContext().spanId);
    expect(byName.child.links[0].attributes).toEqual({ why: 'fan-in' });
    expect(byName.child.status).toEqual({ code: SpanStatusCode.ERROR, message: 'too big' });
    expect(byName.parent.status.code).toBe(SpanStatusCode.OK);
    expect(byName.parent.attributes).toEqual({ a: 1 });
    expect(byName.other.status).toEqual({ code: SpanStatusCode.ERROR, message: 'gave up' });
  });

  it('startChildSpan without a parent uses the active span; with a SpanContext uses it', () => {
    facade.withSpan('outer', () => {
      facade.endSpan(facade.startChildSpan('implicit child'));
    });
    const remote = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1, isRemote: true };
    facade.endSpan(facade.startChildSpan('remote child', remote));
    const byName = Object.fromEntries(t.spans().map((s) => [s.name, s]));
    expect(byName['implicit child'].parentSpanContext?.spanId).toBe(byName.outer.spanContext().spanId);
    expect(byName['remote child'].spanContext().traceId).toBe('a'.repeat(32));
    expect(byName['remote child'].parentSpanContext?.spanId).toBe('b'.repeat(16));
  });

  it('startActiveSpan makes the span active for fn', () => {
    const inner = facade.startActiveSpan('active', (span) => {
      expect(trace.getActiveSpan()).toBe(span);
      const child = facade.startSpan('under active');
      child.end();
      span.end();
      return span.spanContext().spanId;
    });
    const child = t.spans().find((s) => s.name === 'under active');
    expect(child?.parentSpanContext?.spanId).toBe(inner);
  });

  it('wrapWithSpan and wrapAsyncWithSpan keep this, arguments and results', async () => {
    const service = {
      factor: 3,
      multiply(x: number) {
        return x * this.factor;
      },
      async fetchTwice(x: number) {
        return x * 2;
      },
    };
    const wrapped = facade.wrapWithSpan('multiply', service.multiply);
    const wrappedAsync = facade.wrapAsyncWithSpan('fetchTwice', service.fetchTwice);
    expect(wrapped.call(service, 5)).toBe(15);
    expect(await wrappedAsync.call(service, 4)).toBe(8);
    const failing = facade.wrapAsyncWithSpan('failing', async () => {
      throw new Error('nope');
    });
    await expect(failing()).rejects.toThrow('nope');
    expect(t.spans().map((s) => [s.name, s.status.code])).toEqual([
      ['multiply', SpanStatusCode.UNSET],
      ['fetchTwice', SpanStatusCode.UNSET],
      ['failing', SpanStatusCode.ERROR],
    ]);
  });
});
