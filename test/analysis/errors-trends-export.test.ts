import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { normalizeMessage } from '../../src/analysis/error-patterns';
import { compare } from '../../src/analysis/trends';
import { namedError, setup, timedSpan, useFakeClock } from './support';

describe('error patterns', () => {
  it.each([
    ['user "bob" not found', 'user <str> not found'],
    ["key 'a:b' missing", 'key <str> missing'],
    ['order 12345 failed after 3.5s', 'order <n> failed after <n>s'],
    ['job 9f1c2d3e-1a2b-4c3d-8e9f-0123456789ab crashed', 'job <id> crashed'],
    ['address 0xdeadbeef invalid', 'address <hex> invalid'],
    ['trace 4bf92f3577b34da6a3ce929d0e0e4736 lost', 'trace <hex> lost'],
    ['user usr_42 banned', 'user <id> banned'],
  ])('%s -> %s', (message, pattern) => {
    expect(normalizeMessage(message)).toBe(pattern);
  });

  describe('grouped from spans', () => {
    beforeEach(() => useFakeClock());
    afterEach(() => vi.useRealTimers());

    it('counts, first and last seen, operations and an example trace', () => {
      const { collector, tracer } = setup();
      const start = Date.now();
      const first = timedSpan(tracer, 'a', 1, { error: namedError('NotFound', 'item 1 missing') });
      vi.advanceTimersByTime(1000);
      timedSpan(tracer, 'b', 1, { error: namedError('NotFound', 'item 22 missing') });
      timedSpan(tracer, 'b', 1, { error: namedError('TypeError', 'x is undefined') });
      const [top, second] = collector.getPerformanceOverview().topErrorPatterns;
      expect(top).toEqual({
        type: 'NotFound',
        pattern: 'item <n> missing',
        count: 2,
        firstSeenMs: start + 1,
        lastSeenMs: start + 1002,
        operations: ['api: a', 'api: b'],
        exampleTraceId: first.spanContext().traceId,
        timeout: false,
      });
      expect(second).toMatchObject({ type: 'TypeError', count: 1 });
    });
  });
});

describe('trends', () => {
  it.each([
    [{ count: 10, meanMs: 100, errorRate: 0 }, { count: 10, meanMs: 100, errorRate: 0 }, 'stable', 'stable'],
    [{ count: 10, meanMs: 100, errorRate: 0 }, { count: 10, meanMs: 130, errorRate: 0.1 }, 'degrading', 'degrading'],
    [{ count: 10, meanMs: 100, errorRate: 0.2 }, { count: 10, meanMs: 70, errorRate: 0.1 }, 'improving', 'improving'],
    [{ count: 2, meanMs: 100, errorRate: 0 }, { count: 10, meanMs: 900, errorRate: 1 }, 'stable', 'stable'],
  ])('%j then %j', (previous, current, latency, errors) => {
    const w = (f: typeof previous) => ({ startMs: 0, errorCount: Math.round(f.errorRate * f.count), ...f });
    expect(compare(w(previous), w(current))).toEqual({ latencyTrend: latency, errorRateTrend: errors });
  });

  describe('over real windows', () => {
    beforeEach(() => useFakeClock());
    afterEach(() => vi.useRealTimers());

    it('compares the current window with the one before', () => {
      const { collector, tracer } = setup({ trendWindowMs: 60_000 });
      for (let i = 0; i < 10; i++) timedSpan(tracer, 'op', 100);
      expect(collector.getPerformanceOverview().trends).toMatchObject({ latencyTrend: 'stable', errorRateTrend: 'stable', previous: undefined });
      vi.advanceTimersByTime(60_000);
      for (let i = 0; i < 10; i++) timedSpan(tracer, 'op', 200, { error: i < 3 ? new Error('boom') : undefined });
      const trends = collector.getPerformanceOverview().trends;
      expect(trends).toMatchObject({ windowMs: 60_000, latencyTrend: 'degrading', errorRateTrend: 'degrading' });
      expect(trends.previous).toMatchObject({ count: 10, meanMs: 100, errorRate: 0 });
      expect(trends.current).toMatchObject({ count: 10, meanMs: 200, errorRate: 0.3 });
      expect(collector.getPerformanceOverview().insights.map((i) => i.kind)).toEqual(expect.arrayContaining(['latency-degrading', 'errors-degrading']));
      // Two windows later with nothing in between, there is nothing to compare.
      vi.advanceTimersByTime(180_000);
      expect(collector.getPerformanceOverview().trends).toMatchObject({ latencyTrend: 'stable', previous: { count: 0 } });
    });
  });
});

describe('exportTracingData', () => {
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('keeps the traces that started in the window, without attribute values unless listed', () => {
    const { collector, tracer } = setup({ exportAttributes: ['http.route'] });
    const t0 = Date.now();
    timedSpan(tracer, 'before', 5, { attributes: { 'http.route': '/a', 'user.email': 'a@example.com' } });
    vi.advanceTimersByTime(10_000);
    const inside = timedSpan(tracer, 'inside', 5, { attributes: { 'http.route': '/b', 'user.email': 'b@example.com' }, error: new Error('secret token abc') });
    vi.advanceTimersByTime(10_000);
    timedSpan(tracer, 'after', 5);
    const data = collector.exportTracingData({ start: new Date(t0 + 5_000), end: t0 + 15_000 });
    expect(data.traces).toHaveLength(1);
    expect(data.traces[0]).toMatchObject({ traceId: inside.spanContext().traceId, rootName: 'inside', durationMs: 5, spanCount: 1, errorCount: 1, status: 'error', services: ['api'] });
    expect(data.traces[0].spans[0].attributes).toEqual({ 'http.route': '/b' });
    const json = JSON.stringify(data);
    expect(json).not.toContain('example.com');
    expect(JSON.parse(json)).toEqual(data);
    expect(data.serviceHealth).toEqual(data.overview.serviceHealth);
    expect(data.window).toEqual({ start: new Date(t0 + 5_000).toISOString(), end: new Date(t0 + 15_000).toISOString() });
  });
});
