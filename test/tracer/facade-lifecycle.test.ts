// The facade getTracer() hands out follows the running setup: functions wrapped at import time
// record under a later initializeTracing(), do nothing while tracing is disabled, and feed the
// new provider after a re-initialisation.
import { afterEach, describe, expect, it } from 'vitest';
import { getTracer } from '../../src/tracer/facade';
import { initializeTracing, shutdownTracing } from '../../src/sdk/lifecycle';
import { getFinishedSpans } from '../../src/testing/index';

const base = { serviceName: 'facade-lifecycle', handleSignals: false, logLevel: 'none' } as const;

afterEach(async () => {
  await shutdownTracing();
});

describe('getTracer() across setups', () => {
  it('wrapWithSpan / wrapAsyncWithSpan made before initializeTracing follow each later setup', async () => {
    const add = getTracer().wrapWithSpan('add', (a: number, b: number) => a + b);
    const later = getTracer().wrapAsyncWithSpan('later', async (x: string) => x.toUpperCase());

    await initializeTracing({ ...base, exporterType: 'memory' });
    expect(add(2, 3)).toBe(5);
    await expect(later('a')).resolves.toBe('A');
    expect((await getFinishedSpans()).map((s) => s.name)).toEqual(['add', 'later']);
    await shutdownTracing();

    await initializeTracing({ ...base, enabled: false });
    expect(add(1, 1)).toBe(2);
    await expect(later('b')).resolves.toBe('B');
    const span = getTracer().startSpan('manual');
    expect(span.isRecording()).toBe(false);
    span.end();
    await shutdownTracing();

    await initializeTracing({ ...base, exporterType: 'memory' });
    expect(add(4, 4)).toBe(8);
    expect(getTracer('other-scope').withSpan('scoped', (s) => s.isRecording())).toBe(true);
    expect((await getFinishedSpans()).map((s) => s.name)).toEqual(['add', 'scoped']);
  });
});
