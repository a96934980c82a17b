import { context, trace as api, type Span } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEAP_END_ATTRIBUTE, HEAP_START_ATTRIBUTE, memoryUsageOf } from '../../src/analysis/memory';
import { namedError, setup, timedSpan, useFakeClock } from './support';

describe('getTraceAnalysis', () => {
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('timeline in start order with offsets and depths, the slowest operation, the critical path, slow spans and errors', () => {
    const { collector, tracer } = setup({ slowThresholdMs: 100, criticalThresholdMs: 500 });
    const root = tracer.startSpan('POST /chat');
    vi.advanceTimersByTime(10);
    timedSpan(tracer, 'auth', 20, { parent: root });
    const llm = tracer.startSpan('llm.call', {}, trace(root));
    vi.advanceTimersByTime(5);
    timedSpan(tracer, 'http.request', 600, { parent: llm, error: namedError('TimeoutError', 'upstream timed out') });
    vi.advanceTimersByTime(5);
    llm.end();
    timedSpan(tracer, 'db.save', 150, { parent: root });
    root.end();
    const a = collector.getTraceAnalysis(root.spanContext().traceId)!;
    expect(a).toMatchObject({ rootName: 'POST /chat', durationMs: 790, spanCount: 5 });
    expect(a.timeline.map((e) => [e.name, e.offsetMs, e.durationMs, e.depth, e.status])).toEqual([
      ['POST /chat', 0, 790, 0, 'ok'],
      ['auth', 10, 20, 1, 'ok'],
      ['llm.call', 30, 610, 1, 'ok'],
      ['http.request', 35, 600, 2, 'error'],
      ['db.save', 640, 150, 1, 'ok'],
    ]);
    const id = (name: string) => a.timeline.find((e) => e.name === name)!.spanId;
    expect(a.performance.slowestOperation).toEqual({ name: 'llm.call', spanId: id('llm.call'), durationMs: 610, share: 0.772 });
    expect(a.performance.criticalPath).toEqual([id('POST /chat'), id('db.save')]);
    expect(a.performance.slowSpans.map((s) => s.name)).toEqual(['POST /chat', 'llm.call', 'http.request', 'db.save']);
    expect(a.performance.criticalSpans.map((s) => s.name)).toEqual(['POST /chat', 'llm.call', 'http.request']);
    expect(a.performance.memoryUsage).toBeUndefined();
    expect(a.deepStack).toEqual({ maxDepth: 2, level: 'ok' });
    expect(a.errors).toEqual([{ spanId: id('http.request'), name: 'http.request', service: 'api', type: 'TimeoutError', message: 'upstream timed out' }]);
    expect(a.insights.map((i) => i.message)).toContain('Critical bottleneck detected: http.request took 600ms');
    expect(a.insights.find((i) => i.kind === 'slowest-span')?.message).toBe('Slowest operation: llm.call took 610ms (77% of the trace)');
    expect(collector.getTraceAnalysis('0'.repeat(32))).toBeUndefined();
  });

  it('deep stacks: over 15 levels a warning, over 25 critical', () => {
    const { collector, tracer } = setup();
    const levels = (depth: number) => {
      const root = tracer.startSpan('root');
      let parent = root;
      const open = [];
      for (let i = 0; i < depth; i++) open.push((parent = tracer.startSpan(`level-${i + 1}`, {}, trace(parent))));
      for (const span of open.reverse()) span.end();
      root.end();
      return collector.getTraceAnalysis(root.spanContext().traceId)!;
    };
    expect(levels(15).deepStack).toEqual({ maxDepth: 15, level: 'ok' });
    expect(levels(16).deepStack).toEqual({ maxDepth: 16, level: 'warning' });
    expect(levels(25).deepStack).toEqual({ maxDepth: 25, level: 'warning' });
    const deep = levels(26);
    expect(deep.deepStack).toEqual({ maxDepth: 26, level: 'critical' });
    expect(deep.recommendations.map((r) => r.kind)).toContain('reduce-depth');
  });

  it('trackMemory: heap at start and end as span attributes, summed up per trace', () => {
    const { collector, tracer } = setup({ trackMemory: true });
    const span = tracer.startSpan('work');
    span.end();
    const [record] = collector.getTrace(span.spanContext().traceId)!.spans;
    expect(typeof record.attributes[HEAP_START_ATTRIBUTE]).toBe('number');
    expect(typeof record.attributes[HEAP_END_ATTRIBUTE]).toBe('number');
    expect(collector.getTraceAnalysis(span.spanContext().traceId)!.performance.memoryUsage?.memoryEfficiency).toBeDefined();
  });

  it.each([
    [50, 'good'],
    [150, 'concerning'],
    [600, 'poor'],
  ] as const)('memory growth of %d MB is %s', (mb, efficiency) => {
    const MB = 1024 * 1024;
    const usage = memoryUsageOf([
      { startMs: 0, durationMs: 10, attributes: { [HEAP_START_ATTRIBUTE]: 100 * MB, [HEAP_END_ATTRIBUTE]: 90 * MB } },
      { startMs: 5, durationMs: 20, attributes: { [HEAP_START_ATTRIBUTE]: 120 * MB, [HEAP_END_ATTRIBUTE]: (100 + mb) * MB } },
    ]);
    expect(usage).toEqual({ peakMemoryMB: Math.max(120, 100 + mb), memoryDeltaMB: mb, memoryEfficiency: efficiency });
  });
});

function trace(parent: Span) {
  return api.setSpan(context.active(), parent);
}
