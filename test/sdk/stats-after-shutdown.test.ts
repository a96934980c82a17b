import { afterEach, describe, expect, it } from 'vitest';
import { getExporters, getTracingStats, initializeTracing, shutdownTracing, withSpan } from '../../src/index';

afterEach(async () => {
  await shutdownTracing();
});

const base = { serviceName: 'stats-after-shutdown', exporterType: 'memory', handleSignals: false, logLevel: 'none', batchTimeout: 60_000 } as const;

describe('stats after shutdownTracing()', () => {
  it('getTracingStats() and exporter.getStats() keep the final counts until the next initializeTracing()', async () => {
    const handle = await initializeTracing(base);
    const [exporter] = getExporters();
    for (let i = 0; i < 3; i++) withSpan(`s${i}`, () => i);
    expect(getTracingStats().queueSize).toBe(3);
    const report = await shutdownTracing();
    expect(report.exportedSpans).toBe(3);

    const after = getTracingStats();
    expect(after.exportedSpans).toBe(3);
    expect(after.queueSize).toBe(0);
    expect(after.successfulExports).toBeGreaterThanOrEqual(1);
    expect(handle.getStats().exportedSpans).toBe(3);
    expect(exporter!.getStats().exportedSpans).toBe(3);

    await initializeTracing(base);
    expect(getTracingStats().exportedSpans).toBe(0);
    expect(getTracingStats().totalExports).toBe(0);
  });

  it('is all zero before any run and after a disabled run', async () => {
    await initializeTracing({ ...base, enabled: false });
    expect(getTracingStats().exportedSpans).toBe(0);
    await shutdownTracing();
    expect(getTracingStats().exportedSpans).toBe(0);
  });
});
