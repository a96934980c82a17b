import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTracerFacade } from '../../src/tracer/facade';
import { recordException } from '../../src/tracer/active-span';
import { runInSpan } from '../../src/tracer/run-in-span';
import { createTestTracing, type TestTracing } from '../../src/testing/test-tracing';

let t: TestTracing;

beforeEach(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  t = createTestTracing('one-exception-event');
});

afterEach(async () => {
  await t.shutdown();
  context.disable();
  propagation.disable();
});

const exceptionEvents = (name: string) =>
  t.spans().find((s) => s.name === name)!.events.filter((e) => e.name === 'exception');

describe('one exception event per error and span', () => {
  it('recordException(err); throw err inside withSpan records one exception event (sync)', () => {
    const tracer = createTracerFacade(t.tracer);
    const error = new TypeError('bad input');
    expect(() =>
      tracer.withSpan('sync', (span) => {
        tracer.recordException(span, error);
        throw error;
      }),
    ).toThrow(error);
    const events = exceptionEvents('sync');
    expect(events).toHaveLength(1);
    expect(events[0]!.attributes!['exception.message']).toBe('bad input');
    const span = t.spans()[0]!;
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad input' });
    expect(span.attributes['error.type']).toBe('TypeError');
  });

  it('the active-span recordException() then a rejected promise: one event (async)', async () => {
    const error = new Error('boom');
    await expect(
      runInSpan(t.tracer, 'async', {}, async () => {
        await Promise.resolve();
        recordException(error);
        throw error;
      }),
    ).rejects.toBe(error);
    expect(exceptionEvents('async')).toHaveLength(1);
  });

  it('a different error, or the same error rethrown through a parent span, is still recorded', async () => {
    const tracer = createTracerFacade(t.tracer);
    const first = new Error('first');
    const second = new Error('second');
    expect(() =>
      tracer.withSpan('parent', () =>
        tracer.withSpan('child', (span) => {
          tracer.recordException(span, first);
          throw second;
        }),
      ),
    ).toThrow(second);
    expect(exceptionEvents('child').map((e) => e.attributes!['exception.message'])).toEqual(['first', 'second']);
    expect(exceptionEvents('parent').map((e) => e.attributes!['exception.message'])).toEqual(['second']);
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('a thrown string is recorded (nothing to remember it by)', () => {
    const tracer = createTracerFacade(t.tracer);
    expect(() => tracer.withSpan('str', () => { throw 'plain'; })).toThrow('plain');
    expect(exceptionEvents('str')).toHaveLength(1);
  });
});
