import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AlwaysOffSampler, TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { ATTR_JOB_STATUS, ATTR_USER_ID } from '../../src/semconv/attributes';
import { traceOperation } from '../../src/decorators/operations';
import { createTestTracing, expectTrace, useContextManager } from '../support/helper-tracing';

describe('traceOperation', () => {
  useContextManager();

  it('names spans {kind}.{name} with operation.* and semconv attributes, nesting sync and async calls', async () => {
    const t = createTestTracing();
    const out = await traceOperation('user', 'signup', { [ATTR_USER_ID]: 'u-1' }, async () => {
      const hashed = traceOperation('crypto', 'hash', undefined, () => 'h', { tracer: t.tracer });
      await new Promise((r) => setTimeout(r, 1));
      return traceOperation('email', 'send', { 'email.template': 'welcome' }, async () => `${hashed}:sent`, {
        tracer: t.tracer,
        spanKind: SpanKind.CLIENT,
      });
    }, { tracer: t.tracer });
    expect(out).toBe('h:sent');
    expectTrace(t.spans(), {
      name: 'user.signup',
      kind: SpanKind.INTERNAL,
      attributes: { 'operation.kind': 'user', 'operation.name': 'signup', 'user.id': 'u-1' },
      spans: [
        { name: 'crypto.hash', attributes: { 'operation.kind': 'crypto' } },
        { name: 'email.send', kind: SpanKind.CLIENT, attributes: { 'email.template': 'welcome' } },
      ],
    });
  });

  it('records errors, lets the function set attributes, validates names', () => {
    const t = createTestTracing();
    expect(() =>
      traceOperation('payment', 'charge', {}, (span) => {
        span.setAttribute(ATTR_JOB_STATUS, 'failed');
        throw new Error('card declined');
      }, { tracer: t.tracer }),
    ).toThrow('card declined');
    const span = t.byName('payment.charge');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['job.status']).toBe('failed');
    expect(() => traceOperation('', 'x', {}, () => 1)).toThrow(/kind/);
  });
});

describe('sampled-out and no-op spans', () => {
  useContextManager();

  it('a sampled-out span is still made active (children must see the not-sampled parent)', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [new SimpleSpanProcessor({ exporter: exporter })] });
    const tracer = provider.getTracer('test');
    traceOperation('user', 'login', {}, (span) => {
      expect(span.isRecording()).toBe(false);
      expect(trace.isSpanContextValid(span.spanContext())).toBe(true);
      expect(trace.getActiveSpan()?.spanContext().spanId).toBe(span.spanContext().spanId);
      const child = tracer.startSpan('child');
      expect(child.spanContext().traceId).toBe(span.spanContext().traceId);
      child.end();
    }, { tracer });
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('with no provider at all the function still runs, gets a span, and errors pass through', async () => {
    expect(traceOperation('a', 'b', {}, (span) => span.isRecording())).toBe(false);
    await expect(traceOperation('a', 'b', {}, async () => { throw new Error('x'); })).rejects.toThrow('x');
  });
});
