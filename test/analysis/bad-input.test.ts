import { context, trace, TraceFlags } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OTHER_OPERATION } from '../../src/analysis/aggregates';
import { setup, timedSpan, useFakeClock } from './support';

describe('bad input and limits: no throw, limits hold', () => {
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('spans whose parent never arrives are roots of depth 0 on the timeline', () => {
    const { collector, tracer } = setup();
    const missing = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED, isRemote: false };
    const orphan = timedSpan(tracer, 'orphan', 20, { parent: trace.wrapSpanContext(missing) });
    timedSpan(tracer, 'orphan-child', 5, { parent: orphan });
    const analysis = collector.getTraceAnalysis(missing.traceId)!;
    expect(analysis.timeline.map((e) => [e.name, e.parentSpanId, e.depth])).toEqual([
      ['orphan', missing.spanId, 0],
      ['orphan-child', orphan.spanContext().spanId, 1],
    ]);
    expect(analysis.rootName).toBe('orphan');
    expect(analysis.performance.criticalPath).toEqual([orphan.spanContext().spanId, analysis.timeline[1].spanId]);
  });

  it('clock skew: a child that starts before its parent, a span that ends before it starts', () => {
    const { collector, tracer } = setup();
    const t0 = Date.now();
    const parent = tracer.startSpan('parent', { startTime: t0 });
    const ctx = trace.setSpan(context.active(), parent);
    tracer.startSpan('early-child', { startTime: t0 - 50 }, ctx).end(t0 + 10);
    tracer.startSpan('backwards', { startTime: t0 + 100 }, ctx).end(t0 + 40);
    parent.end(t0 + 200);
    const analysis = collector.getTraceAnalysis(parent.spanContext().traceId)!;
    expect(analysis.timeline.map((e) => [e.name, e.offsetMs, e.durationMs])).toEqual([
      ['early-child', 0, 60],
      ['parent', 50, 200],
      ['backwards', 150, 0],
    ]);
    expect(analysis.durationMs).toBe(250);
    expect(analysis.insights.find((i) => i.kind === 'clock-skew')?.count).toBeGreaterThanOrEqual(1);
    const ops = collector.getPerformanceOverview().operations;
    expect(ops.find((o) => o.name === 'backwards')).toMatchObject({ count: 1, minMs: 0, maxMs: 0 });
  });

  it('a trace with 100,000 spans: stored up to maxSpansPerTrace, all aggregated, analysable without deep recursion', () => {
    const { collector, tracer } = setup();
    const root = tracer.startSpan('root');
    let parent = root;
    // A 100,000-deep chain: the worst case for depth and critical-path walks.
    const open = [];
    for (let i = 0; i < 100_000; i++) {
      const span = tracer.startSpan('step', {}, trace.setSpan(context.active(), parent));
      open.push(span);
      parent = span;
    }
    for (let i = open.length - 1; i >= 0; i--) open[i].end();
    root.end();
    const stats = collector.getCollectorStats();
    expect(stats.spans).toBe(10_000);
    expect(stats.droppedSpans).toBe(90_001);
    expect(collector.getTracingSummary().totalSpans).toBe(100_001);
    expect(collector.getPerformanceOverview().operations.find((o) => o.name === 'step')?.count).toBe(100_000);
    const analysis = collector.getTraceAnalysis(root.spanContext().traceId)!;
    expect(analysis.spanCount).toBe(10_000);
    expect(analysis.deepStack).toEqual({ maxDepth: 9_999, level: 'critical' });
  });

  it('10,000 distinct operation names: at most maxOperations, the rest in `other`, counted', () => {
    const { collector, tracer } = setup();
    for (let i = 0; i < 10_000; i++) timedSpan(tracer, `GET /items/${i}`, 1);
    const overview = collector.getPerformanceOverview();
    expect(overview.operations).toHaveLength(1001);
    expect(overview.operations.find((o) => o.name === OTHER_OPERATION)).toMatchObject({ service: 'api', count: 9000 });
    expect(collector.getCollectorStats().overflowSpans).toBe(9000);
    expect(overview.operations.reduce((n, o) => n + o.count, 0)).toBe(10_000);
  });

  it('a memory limit of 1 MB holds under a stream of large spans', () => {
    const { collector, tracer } = setup({ memoryLimitBytes: 1024 * 1024 });
    for (let i = 0; i < 5000; i++) {
      const span = tracer.startSpan('big', { attributes: { body: 'y'.repeat(1000) } });
      span.addEvent('chunk', { data: 'z'.repeat(500) });
      span.end();
      expect(collector.getCollectorStats().estimatedBytes).toBeLessThanOrEqual(1024 * 1024);
    }
    const stats = collector.getCollectorStats();
    expect(stats.traces + stats.evicted.memory).toBe(5000);
    expect(stats.traces).toBeGreaterThan(100);
  });

  it('a single trace larger than the memory limit is let go rather than kept over the limit', () => {
    const { collector, tracer } = setup({ memoryLimitBytes: 10_000 });
    const root = tracer.startSpan('root');
    for (let i = 0; i < 100; i++) timedSpan(tracer, 'child', 1, { parent: root, attributes: { text: 'q'.repeat(100) } });
    root.end();
    expect(collector.getCollectorStats().estimatedBytes).toBeLessThanOrEqual(10_000);
    expect(collector.getTracingSummary().totalSpans).toBe(101);
  });

  it('bad options throw a TracingConfigError naming the option', () => {
    expect(() => setup({ maxTraces: 0 })).toThrow(/"analysis.maxTraces".*an integer >= 1/);
    expect(() => setup({ traceTtlMs: Number.NaN })).toThrow(/"analysis.traceTtlMs"/);
    expect(() => setup({ slowThresholdMs: 3000, criticalThresholdMs: 2000 })).toThrow(/"analysis.criticalThresholdMs"/);
    expect(() => setup({ exportAttributes: 'http.route' as never })).toThrow(/"analysis.exportAttributes"/);
  });
});

describe('a span the collector cannot read', () => {
  it('is skipped without a throw into the span path', async () => {
    const { TraceCollector } = await import('../../src/analysis/trace-collector');
    const collector = new TraceCollector();
    expect(() => collector.onEnd({ name: 'broken' } as never)).not.toThrow();
    expect(collector.getTracingSummary().totalSpans).toBe(0);
  });
});

describe('sampling', () => {
  it('spans recorded but not sampled are left out, as exporters leave them out', async () => {
    const { TracerProvider } = await import('@opentelemetry/sdk-trace');
    const { SamplingDecision } = await import('@opentelemetry/sdk-trace');
    const { TraceCollector } = await import('../../src/analysis/trace-collector');
    const collector = new TraceCollector();
    let n = 0;
    const sampler = { shouldSample: () => ({ decision: n++ % 2 === 0 ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.RECORD }), toString: () => 'alternate' };
    const tracer = new TracerProvider({ sampler, spanProcessors: [collector] }).getTracer('t');
    for (let i = 0; i < 10; i++) tracer.startSpan(`op-${i}`).end();
    expect(collector.getTracingSummary().totalSpans).toBe(5);
    expect(collector.getPerformanceOverview().operations.map((o) => o.name)).toEqual(['op-0', 'op-2', 'op-4', 'op-6', 'op-8']);
  });
});
