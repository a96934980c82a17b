import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { extractTraceContext, injectTraceContext } from '../../src/jobs/job-context';
import { traceJob, traceJobEnqueue } from '../../src/jobs/trace-job';
import { createTestTracing, expectTrace, useContextManager } from '../support/helper-tracing';

describe('job trace context hand-off (in process)', () => {
  useContextManager();

  it('injectTraceContext copies data with a W3C _traceContext field and never mutates the input', () => {
    const t = createTestTracing();
    const data = { fileId: 'f1' };
    t.tracer.startActiveSpan('upload', (span) => {
      const withCtx = injectTraceContext(data);
      expect(data).toEqual({ fileId: 'f1' });
      const { traceId, spanId } = span.spanContext();
      expect(withCtx).toEqual({ fileId: 'f1', _traceContext: { traceparent: `00-${traceId}-${spanId}-01` } });
      expect(JSON.parse(JSON.stringify(withCtx))).toEqual(withCtx);
      span.end();
    });
    expect(injectTraceContext({ a: 1 }, { context: ROOT_CONTEXT })).toEqual({ a: 1 });
  });

  it('carries baggage and tolerates missing or malformed fields', () => {
    const t = createTestTracing();
    const span = t.tracer.startSpan('p');
    const ctx = propagation.setBaggage(trace.setSpan(ROOT_CONTEXT, span), propagation.createBaggage({ tenant: { value: 'acme' } }));
    const data = injectTraceContext({ x: 1 }, { context: ctx });
    expect(data._traceContext?.baggage).toBe('tenant=acme');
    const back = extractTraceContext(data, { base: ROOT_CONTEXT });
    expect(trace.getSpanContext(back)?.spanId).toBe(span.spanContext().spanId);
    expect(trace.getSpanContext(back)?.isRemote).toBe(true);
    expect(propagation.getBaggage(back)?.getEntry('tenant')?.value).toBe('acme');
    for (const bad of [null, 'str', { _traceContext: 'x' }, { _traceContext: { traceparent: 'garbage' } }, { _traceContext: [] }]) {
      expect(extractTraceContext(bad, { base: ROOT_CONTEXT })).toBe(ROOT_CONTEXT);
    }
    span.end();
  });

  it('producer → consumer as parent/child: PRODUCER send span, CONSUMER span with job attributes', async () => {
    const t = createTestTracing();
    const queue: Array<{ id: string; name: string; data: unknown; attemptsMade: number; queueName: string }> = [];
    await t.tracer.startActiveSpan('POST /upload', async (root) => {
      const job = await traceJobEnqueue(
        'uploads',
        { fileId: 'f1' },
        async (data) => {
          const added = { id: '17', name: 'scan', data, attemptsMade: 0, queueName: 'uploads' };
          queue.push(added);
          return added;
        },
        { tracer: t.tracer, system: 'bullmq', jobName: 'scan' },
      );
      expect(job.id).toBe('17');
      root.end();
    });
    // The worker runs later, outside the request's context.
    const result = await context.with(ROOT_CONTEXT, () =>
      traceJob('worker.scan', queue[0]!, async () => 'clean', { tracer: t.tracer, system: 'bullmq' }),
    );
    expect(result).toBe('clean');
    expectTrace(t.spans(), {
      name: 'POST /upload',
      spans: [
        {
          name: 'send uploads',
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.operation.type': 'send',
            'messaging.destination.name': 'uploads',
            'messaging.system': 'bullmq',
            'job.name': 'scan',
            'job.id': '17',
            'messaging.message.id': '17',
          },
          spans: [
            {
              name: 'worker.scan',
              kind: SpanKind.CONSUMER,
              attributes: {
                'messaging.operation.type': 'process',
                'messaging.destination.name': 'uploads',
                'job.id': '17',
                'job.name': 'scan',
                'job.attempt': 1,
                'job.status': 'completed',
              },
            },
          ],
        },
      ],
    });
  });

  it('link mode starts a new trace linked to the producer; failures are recorded with job.status failed', () => {
    const t = createTestTracing();
    const producer = t.tracer.startSpan('send uploads', { kind: SpanKind.PRODUCER });
    const data = injectTraceContext({ fileId: 'f2' }, { context: trace.setSpan(ROOT_CONTEXT, producer) });
    producer.end();
    const job = { id: 9, data, attemptsMade: 2, parent: { id: 'flow-1' }, queueName: 'uploads' };
    expect(() =>
      traceJob('worker.scan', job, () => {
        throw new Error('virus found');
      }, { tracer: t.tracer, link: true }),
    ).toThrow('virus found');
    const consumer = t.byName('worker.scan');
    expect(consumer.parentSpanContext).toBeUndefined();
    expect(consumer.spanContext().traceId).not.toBe(producer.spanContext().traceId);
    expect(consumer.links.map((l) => l.context.spanId)).toEqual([producer.spanContext().spanId]);
    expect(consumer.attributes).toMatchObject({ 'job.id': '9', 'job.attempt': 3, 'job.parent_id': 'flow-1', 'job.status': 'failed' });
    expect(consumer.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a job without context gets a root CONSUMER span; link mode without context has no link', () => {
    const t = createTestTracing();
    traceJob('worker.cleanup', { id: '1', data: { all: true } }, () => undefined, { tracer: t.tracer, link: true });
    const span = t.byName('worker.cleanup');
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links).toEqual([]);
    expect(() => traceJob('', { data: {} }, () => 1)).toThrow(/traceJob\(name\)/);
  });
});
