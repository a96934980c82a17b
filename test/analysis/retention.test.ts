import { context, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setup, timedSpan, useFakeClock } from './support';

describe('retention limits', () => {
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('maxTraces: the oldest traces go first, the totals stay', () => {
    const { collector, tracer } = setup({ maxTraces: 10 });
    const ids = Array.from({ length: 25 }, (_, i) => timedSpan(tracer, `op-${i % 3}`, 5).spanContext().traceId);
    expect(collector.getCollectorStats()).toMatchObject({ traces: 10, spans: 10, evicted: { count: 15, ttl: 0, memory: 0 } });
    expect(collector.listTraces().map((t) => t.traceId)).toEqual(ids.slice(15));
    expect(collector.getTraceAnalysis(ids[0])).toBeUndefined();
    expect(collector.getTraceAnalysis(ids[24])?.spanCount).toBe(1);
    expect(collector.getTracingSummary()).toMatchObject({ totalTraces: 25, totalSpans: 25 });
    // Aggregates survive eviction.
    expect(collector.getPerformanceOverview().operations.reduce((n, o) => n + o.count, 0)).toBe(25);
  });

  it('traceTtlMs: traces older than the TTL are gone when next read or written, with no timer', () => {
    const { collector, tracer } = setup({ traceTtlMs: 60_000 });
    const first = timedSpan(tracer, 'early', 10).spanContext().traceId;
    vi.advanceTimersByTime(30_000);
    const second = timedSpan(tracer, 'later', 10).spanContext().traceId;
    expect(vi.getTimerCount()).toBe(0);
    expect(collector.getCollectorStats().traces).toBe(2);
    vi.advanceTimersByTime(30_000);
    expect(collector.getCollectorStats()).toMatchObject({ traces: 1, evicted: { count: 0, ttl: 1, memory: 0 } });
    expect(collector.getTrace(first)).toBeUndefined();
    expect(collector.getTrace(second)?.spans.map((s) => s.name)).toEqual(['later']);
    vi.advanceTimersByTime(60_000);
    timedSpan(tracer, 'new', 1);
    expect(collector.getCollectorStats()).toMatchObject({ traces: 1, evicted: { ttl: 2 } });
    expect(collector.getTracingSummary().totalTraces).toBe(3);
  });

  it('memoryLimitBytes: the estimate stays under the limit, the oldest traces go', () => {
    const limit = 64 * 1024;
    const { collector, tracer } = setup({ memoryLimitBytes: limit });
    for (let i = 0; i < 2000; i++) timedSpan(tracer, 'write', 1, { attributes: { 'payload.text': 'x'.repeat(200), n: i } });
    const stats = collector.getCollectorStats();
    expect(stats.estimatedBytes).toBeLessThanOrEqual(limit);
    expect(stats.evicted.memory).toBe(2000 - stats.traces);
    expect(stats.traces).toBeGreaterThan(10);
    const held = collector.listTraces();
    expect(held[held.length - 1].spans[0].attributes.n).toBe(1999);
    expect(collector.getTracingSummary().totalSpans).toBe(2000);
  });

  it('spans of one trace stay together and count once', () => {
    const { collector, tracer } = setup({ maxTraces: 2 });
    const root = tracer.startSpan('root');
    for (let i = 0; i < 3; i++) timedSpan(tracer, 'child', 2, { parent: root });
    vi.advanceTimersByTime(1);
    root.end();
    const [held] = collector.listTraces();
    expect(held.spans.map((s) => s.name)).toEqual(['child', 'child', 'child', 'root']);
    expect(held.spans.slice(0, 3).every((s) => s.parentSpanId === root.spanContext().spanId)).toBe(true);
    expect(collector.getTracingSummary()).toMatchObject({ totalTraces: 1, totalSpans: 4, avgSpansPerTrace: 4 });
  });
});

describe('trace lookup under colliding ids', () => {
  it('ids alike in their last characters (a custom id generator) are told apart, evicted and found again', async () => {
    const { TracerProvider } = await import('@opentelemetry/sdk-trace');
    const { TraceCollector } = await import('../../src/analysis/trace-collector');
    const collector = new TraceCollector({ maxTraces: 5 });
    let traces = 0;
    let spans = 0;
    // Every trace id ends with the same 8 characters; span ids are uppercase (valid, not the SDK's form).
    const idGenerator = { generateTraceId: () => `${String(traces++).padStart(24, '0')}cafecafe`, generateSpanId: () => (++spans).toString(16).toUpperCase().padStart(16, 'A') };
    const tracer = new TracerProvider({ idGenerator, spanProcessors: [collector] }).getTracer('t');
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const root = tracer.startSpan(`op-${i}`);
      ids.push(root.spanContext().traceId);
      tracer.startSpan('child', {}, trace.setSpan(context.active(), root)).end();
      root.end();
    }
    expect(collector.listTraces().map((t) => t.traceId)).toEqual(ids.slice(35));
    for (const [i, id] of ids.entries()) {
      const held = collector.getTrace(id);
      if (i < 35) expect(held).toBeUndefined();
      else expect(held?.spans.map((s) => s.name)).toEqual(['child', `op-${i}`]);
    }
    const [child, root] = collector.getTrace(ids[39])!.spans;
    expect(child.parentSpanId).toBe(root.spanId);
    expect(root.spanId).toMatch(/^A+[0-9A-F]+$/);
  });
});
