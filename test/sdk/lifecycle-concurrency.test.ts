import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { getInstrumentation, getTracingStats, initializeTracing, isTracingError, shutdownTracing } from '../../src/index';
import { getFinishedSpans, getMemoryExporter } from '../../src/testing';

afterEach(async () => {
  await shutdownTracing();
});

const base = { serviceName: 'concurrency', exporterType: 'memory', handleSignals: false, logLevel: 'none' } as const;

describe('initializeTracing is single-flight', () => {
  it('two calls at once with the same options get the one setup', async () => {
    const [a, b] = await Promise.all([initializeTracing({ ...base }), initializeTracing({ ...base })]);
    expect(a).toBe(b);
    trace.getTracer('m').startSpan('one').end();
    expect((await getFinishedSpans()).map((s) => s.name)).toEqual(['one']);
    expect(getTracingStats().exportedSpans).toBe(1);
  });

  it('a second call with other options while the first runs rejects with a TracingError; the first setup stands', async () => {
    const first = initializeTracing(base);
    const second = initializeTracing({ ...base, serviceName: 'other' });
    await expect(second).rejects.toSatisfy((e: unknown) => isTracingError(e) && (e as { code: string }).code === 'TRACING_INITIALIZING');
    const handle = await first;
    expect(handle.config.serviceName).toBe('concurrency');
  });

  it('shutdown during a start waits for it, so the started setup is flushed and reported', async () => {
    const starting = initializeTracing(base);
    const report = shutdownTracing();
    await starting;
    expect((await report).exportedSpans).toBe(0);
    // the setup the start made is the one that was shut down: nothing is left running
    trace.getTracer('m').startSpan('after').end();
    expect(getMemoryExporter()).toBeUndefined();
  });
});

describe('shutdownTracing called twice at once', () => {
  it('the second resolves with the same report when the first finishes', async () => {
    await initializeTracing(base);
    trace.getTracer('m').startSpan('x').end();
    const [a, b] = await Promise.all([shutdownTracing(), shutdownTracing()]);
    expect(b).toBe(a);
    expect(a.exportedSpans).toBe(1);
  });
});

describe('tracers taken before a re-initialisation follow the new setup', () => {
  it('a module-level trace.getTracer and a getInstrumentation() helper record into the second setup', async () => {
    const moduleTracer = trace.getTracer('module-level');
    await initializeTracing(base);
    const helpers = getInstrumentation();
    moduleTracer.startSpan('first setup').end();
    expect((await getFinishedSpans()).map((s) => s.name)).toEqual(['first setup']);
    await shutdownTracing();

    const between = moduleTracer.startSpan('between setups');
    expect(between.isRecording()).toBe(false);
    between.end();

    await initializeTracing(base);
    const span = moduleTracer.startSpan('second setup');
    expect(span.isRecording()).toBe(true);
    span.end();
    await helpers.instrumentRedisCommand({ command: 'GET', key: 'k' }, async () => 'v');
    const names = (await getFinishedSpans()).map((s) => s.name);
    expect(names).toContain('second setup');
    expect(names).toHaveLength(2);
    expect(getTracingStats().exportedSpans).toBe(2);
  });
});
