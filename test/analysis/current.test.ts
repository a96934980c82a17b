import { afterEach, describe, expect, it } from 'vitest';
import {
  exportTracingData,
  getCollectorStats,
  getPerformanceOverview,
  getTraceAnalysis,
  getTraceCollector,
  getTracingSummary,
  setCurrentCollector,
} from '../../src/analysis/current';
import { isTracingError } from '../../src/errors';
import { setup } from './support';

afterEach(() => setCurrentCollector(undefined));

describe('the module-level functions read the running setup collector', () => {
  it.each([
    ['getCollectorStats', () => getCollectorStats()],
    ['getTracingSummary', () => getTracingSummary()],
    ['getPerformanceOverview', () => getPerformanceOverview()],
    ['getTraceAnalysis', () => getTraceAnalysis('x')],
    ['exportTracingData', () => exportTracingData()],
  ])('%s throws a TracingError naming the switch when analysis is off', (_name, call) => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expect(isTracingError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'TRACING_ANALYSIS_OFF' });
    expect(String((thrown as Error).message)).toMatch(/initializeTracing\(\{ analysis: true \}\).*TRACING_ANALYSIS=true/);
  });

  it('with a collector set, they answer from it', () => {
    const { collector, tracer } = setup();
    setCurrentCollector(collector);
    const span = tracer.startSpan('op');
    span.end();
    expect(getTraceCollector()).toBe(collector);
    expect(getCollectorStats()).toMatchObject({ traces: 1, spans: 1 });
    expect(getTracingSummary()).toMatchObject({ totalTraces: 1, totalSpans: 1 });
    expect(getPerformanceOverview().operations.map((o) => o.name)).toEqual(['op']);
    expect(getTraceAnalysis(span.spanContext().traceId)?.rootName).toBe('op');
    expect(exportTracingData().traces).toHaveLength(1);
  });
});
