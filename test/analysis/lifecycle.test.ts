import { afterEach, describe, expect, it } from 'vitest';
import { getCollectorStats, getPerformanceOverview, getTraceCollector, initializeTracing, isTracingError, shutdownTracing, withSpan } from '../../src/index';

// Runs once src/sdk/lifecycle.ts is on SDK 3 (until then src/index cannot load).
afterEach(async () => {
  await shutdownTracing();
});

const base = { serviceName: 'analysis-test', exporterType: 'none', handleSignals: false, logLevel: 'none' } as const;

describe('initializeTracing({ analysis })', () => {
  it('adds a TraceCollector beside the exporters; the exported functions read it until shutdown', async () => {
    await initializeTracing({ ...base, analysis: { maxTraces: 5 } });
    expect(getTraceCollector()?.options.maxTraces).toBe(5);
    withSpan('checkout', () => withSpan('charge', () => 'ok'));
    expect(getCollectorStats()).toMatchObject({ traces: 1, spans: 2 });
    expect(getPerformanceOverview().operations.map((o) => [o.service, o.name])).toEqual([
      ['analysis-test', 'charge'],
      ['analysis-test', 'checkout'],
    ]);
    await shutdownTracing();
    expect(getTraceCollector()).toBeUndefined();
    expect(() => getCollectorStats()).toThrow(expect.objectContaining({ code: 'TRACING_ANALYSIS_OFF' }));
  });

  it('off by default: a clear TracingError', async () => {
    await initializeTracing(base);
    let thrown: unknown;
    try {
      getPerformanceOverview();
    } catch (error) {
      thrown = error;
    }
    expect(isTracingError(thrown)).toBe(true);
  });
});
