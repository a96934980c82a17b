import { context, propagation, ProxyTracerProvider, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInSpan } from '../../src/tracer/run-in-span';
import { createTestTracing, type TestTracing } from '../../src/testing/test-tracing';

let t: TestTracing;

beforeEach(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  t = createTestTracing('run-in-span-test');
});

afterEach(async () => {
  await t.shutdown();
  context.disable();
  propagation.disable();
});

/** A lazy thenable, like a query builder: each `.then` call runs the work again. */
function lazyThenable(value: string) {
  const runs: (string | undefined)[] = [];
  return {
    runs,
    then<R>(onOk: (v: string) => R, onError?: (e: unknown) => R) {
      runs.push(trace.getActiveSpan()?.spanContext().spanId);
      return Promise.resolve(value).then(onOk, onError);
    },
  };
}

describe('runInSpan', () => {
  it('returns the same native promise object and ends the span once it settles', async () => {
    let resolve!: (v: number) => void;
    const promise = new Promise<number>((r) => (resolve = r));
    const out = runInSpan(t.tracer, 'p', {}, () => promise);
    expect(out).toBe(promise);
    expect(t.spans()).toHaveLength(0);
    resolve(3);
    await expect(out).resolves.toBe(3);
    expect(t.spans().map((s) => s.name)).toEqual(['p']);
  });

  it('calls a lazy thenable once, with the span active, and resolves with its value', async () => {
    const thenable = lazyThenable('rows');
    const out = runInSpan(t.tracer, 'query', {}, () => thenable);
    await expect(out).resolves.toBe('rows');
    const [span] = t.spans();
    expect(thenable.runs).toEqual([span!.spanContext().spanId]);
  });

  it('records a rejecting lazy thenable and rejects with its error', async () => {
    const error = new RangeError('no rows');
    const thenable = { then: (_ok: unknown, onError: (e: unknown) => void) => onError(error) };
    await expect(runInSpan(t.tracer, 'query', {}, () => thenable as unknown as PromiseLike<never>)).rejects.toBe(error);
    expect(t.spans()[0]!.attributes['error.type']).toBe('RangeError');
  });

  it('records the error even when onError throws, and rethrows fn\'s own error', () => {
    const error = new TypeError('boom');
    expect(() =>
      runInSpan(t.tracer, 'x', {}, () => { throw error; }, {
        onError() {
          throw new Error('hook broke');
        },
      }),
    ).toThrow(error);
    const [span] = t.spans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    expect(span!.attributes['error.type']).toBe('TypeError');
    expect(span!.ended).toBe(true);
  });

  it('records the error.type onError returns; a non-string return keeps the default', () => {
    const error = Object.assign(new Error('dup'), { code: '23505' });
    expect(() => runInSpan(t.tracer, 'a', {}, () => { throw error; }, { onError: () => 'UNIQUE' })).toThrow(error);
    expect(() => runInSpan(t.tracer, 'b', {}, () => { throw error; }, { onError: (span: Span) => span.setAttribute('k', 1) })).toThrow(error);
    const [a, b] = t.spans();
    expect(a!.attributes['error.type']).toBe('UNIQUE');
    expect(b!.attributes['error.type']).toBe('23505');
    expect(b!.attributes['k']).toBe(1);
  });

  it('returns fn\'s value when onResult or span.end throws', () => {
    const value = { v: 1 };
    expect(runInSpan(t.tracer, 'x', {}, () => value, { onResult() { throw new Error('hook'); } })).toBe(value);
    const brokenEnd = {
      startSpan: (name: string) => Object.assign(t.tracer.startSpan(name), { end() { throw new Error('end broke'); } }),
    } as unknown as Tracer;
    expect(runInSpan(brokenEnd, 'y', {}, () => value)).toBe(value);
  });

  it('runs onStart with the new span active before fn', () => {
    const order: string[] = [];
    runInSpan(t.tracer, 'x', {}, (span) => order.push(`fn ${span.spanContext().spanId}`), {
      onStart: (span) => order.push(`start ${trace.getActiveSpan() === span}`),
    });
    expect(order[0]).toBe('start true');
    expect(order[1]).toBe(`fn ${t.spans()[0]!.spanContext().spanId}`);
  });

  it('with a no-op tracer still runs onStart, so the caller\'s context is still injected', () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const noop = new ProxyTracerProvider().getTracer('off');
    const parent = t.tracer.startSpan('parent');
    const headers: Record<string, string> = {};
    const out = context.with(trace.setSpan(context.active(), parent), () =>
      runInSpan(noop, 'x', {}, () => 'ok', {
        onStart: () => propagation.inject(context.active(), headers),
      }),
    );
    expect(out).toBe('ok');
    expect(headers['traceparent']).toContain(parent.spanContext().spanId);
  });
});
