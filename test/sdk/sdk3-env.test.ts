import { afterEach, describe, expect, it, vi } from 'vitest';
import { getTracer, getTracingStats, initializeTracing, shutdownTracing, withSpan } from '../../src/index';
import { getFinishedSpans } from '../../src/testing';

/**
 * SDK 3 no longer reads OTEL_BSP_*, the sampler or the span-limit variables itself: tracewright's
 * config reads them, and these rows prove each one still reaches the provider through
 * initializeTracing (they fail if the value is only resolved and never passed on).
 */
afterEach(async () => {
  await shutdownTracing();
  vi.unstubAllEnvs();
});

const base = { serviceName: 'sdk3-env', exporterType: 'memory', handleSignals: false, logLevel: 'none' } as const;

describe('variables the SDK 3 no longer reads itself', () => {
  it('span limits: OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT, OTEL_SPAN_EVENT_COUNT_LIMIT, OTEL_SPAN_LINK_COUNT_LIMIT, OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT, OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', async () => {
    vi.stubEnv('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', '2');
    vi.stubEnv('OTEL_SPAN_EVENT_COUNT_LIMIT', '1');
    vi.stubEnv('OTEL_SPAN_LINK_COUNT_LIMIT', '1');
    vi.stubEnv('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', '4');
    vi.stubEnv('OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', '1');
    await initializeTracing(base);
    const link = { context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 } };
    withSpan('limited', (span) => {
      span.setAttributes({ a: 'abcdefgh', b: 2, c: 3 });
      span.addEvent('e1', { x: 1, y: 2 });
      span.addEvent('e2');
      span.addLinks([link, link]);
    });
    const [span] = await getFinishedSpans();
    expect(Object.keys(span!.attributes)).toEqual(['a', 'b']);
    expect(span!.attributes.a).toBe('abcd');
    expect(span!.events.map((e) => e.name)).toEqual(['e2']);
    expect(Object.keys(span!.events[0]!.attributes ?? {})).toEqual([]);
    expect(span!.links).toHaveLength(1);
    expect(span!.droppedAttributesCount).toBe(1);
  });

  it('sampler: OTEL_TRACES_SAMPLER=always_off records nothing; traceidratio with OTEL_TRACES_SAMPLER_ARG=0 too', async () => {
    for (const env of [{ OTEL_TRACES_SAMPLER: 'always_off' }, { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }]) {
      for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
      await initializeTracing(base);
      const recording = withSpan('maybe', (span) => span.isRecording());
      expect(recording).toBe(false);
      expect(await getFinishedSpans()).toEqual([]);
      await shutdownTracing();
      vi.unstubAllEnvs();
    }
  });

  it('OTEL_BSP_MAX_QUEUE_SIZE and OTEL_BSP_MAX_EXPORT_BATCH_SIZE bound the queue: the spans past it are dropped and counted', async () => {
    vi.stubEnv('OTEL_BSP_MAX_QUEUE_SIZE', '3');
    vi.stubEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '2');
    vi.stubEnv('OTEL_BSP_SCHEDULE_DELAY', '60000');
    const handle = await initializeTracing(base);
    expect(handle.config.processor).toMatchObject({ maxQueueSize: 3, maxBatchSize: 2, scheduledDelayMillis: 60_000 });
    expect(handle.exporters[0]!.toString()).toBeTypeOf('string');
    const tracer = getTracer();
    // Batches of 2 leave for export at once; with a synchronous memory exporter the queue empties
    // as it fills, so only a burst inside one synchronous run can overflow it.
    for (let i = 0; i < 10; i++) tracer.startSpan(`s${i}`).end();
    const stats = getTracingStats();
    expect(stats.exportedSpans + stats.droppedSpans + stats.queueSize + stats.inFlightSpans).toBe(10);
    expect(stats.queueSize).toBeLessThanOrEqual(3);
  });
});
