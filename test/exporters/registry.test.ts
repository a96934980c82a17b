import { ExportResultCode } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createExporter,
  initializeTracing,
  isTracingConfigError,
  isTracingError,
  listExporterNames,
  registerExporterFactory,
  shutdownTracing,
  unregisterExporterFactory,
  withSpan,
  forceFlush,
  type ExporterFactoryContext,
} from '../../src/index';

afterEach(async () => {
  await shutdownTracing();
  unregisterExporterFactory('collecting');
  vi.unstubAllEnvs();
});

function collectingFactory(seen: ExporterFactoryContext[], sink: InMemorySpanExporter) {
  return (context: ExporterFactoryContext): SpanExporter => {
    seen.push(context);
    return sink;
  };
}

describe('exporter registry', () => {
  it('a registered factory is usable by name in exporterType, gets the service name and config, and counts in stats', async () => {
    const seen: ExporterFactoryContext[] = [];
    const sink = new InMemorySpanExporter();
    registerExporterFactory('collecting', collectingFactory(seen, sink));
    expect(listExporterNames()).toContain('collecting');
    const handle = await initializeTracing({ serviceName: 'reg', exporterType: ['collecting'], handleSignals: false, logLevel: 'none' });
    withSpan('custom', () => 1);
    await forceFlush();
    expect(sink.getFinishedSpans().map((s: ReadableSpan) => s.name)).toEqual(['custom']);
    expect(seen).toHaveLength(1);
    expect(seen[0].serviceName).toBe('reg');
    expect(seen[0].config.processor.maxQueueSize).toBe(8192);
    expect(handle.exporters[0].name).toBe('collecting');
    expect(handle.exporters[0].getStats()).toMatchObject({ exportedSpans: 1, successfulExports: 1 });
  });

  it('a registered name works from OTEL_TRACES_EXPORTER too', async () => {
    const sink = new InMemorySpanExporter();
    registerExporterFactory('collecting', collectingFactory([], sink));
    vi.stubEnv('OTEL_TRACES_EXPORTER', 'collecting');
    await initializeTracing({ serviceName: 'reg-env', handleSignals: false, logLevel: 'none' });
    withSpan('from env', () => 1);
    await forceFlush();
    expect(sink.getFinishedSpans().map((s) => s.name)).toEqual(['from env']);
  });

  it('refuses built-in names, bad names and non-functions with a TracingConfigError', () => {
    for (const [name, factory] of [
      ['otlp', () => new InMemorySpanExporter()],
      ['Bad Name', () => new InMemorySpanExporter()],
      ['ok-name', 'not a function'],
    ] as const) {
      let error: unknown;
      try {
        registerExporterFactory(name, factory as never);
      } catch (e) {
        error = e;
      }
      expect(isTracingConfigError(error)).toBe(true);
    }
  });

  it('createExporter builds a managed exporter with getStats(), for built-ins and instances', async () => {
    const none = createExporter('none', 'svc');
    const result = await new Promise<{ code: number }>((resolve) => none.export([], resolve));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(none.getStats()).toMatchObject({ totalExports: 1, successfulExports: 1, failedExports: 0 });
    const wrapped = createExporter(new InMemorySpanExporter(), 'svc');
    expect(wrapped.getStats().totalExports).toBe(0);
    await none.shutdown();
    await wrapped.shutdown();
  });

  it('createExporter with an unknown name throws, naming what is known', () => {
    let error: unknown;
    try {
      createExporter('jeager', 'svc');
    } catch (e) {
      error = e;
    }
    expect(isTracingError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/Did you mean 'jaeger'/);
  });

  it('a factory that rejects (a missing optional module) makes initializeTracing fail clearly, and tracing stays off', async () => {
    registerExporterFactory('collecting', () => Promise.reject(new Error('Cannot find module "kafkajs"')));
    await expect(initializeTracing({ serviceName: 'reg-bad', exporterType: 'collecting', handleSignals: false, logLevel: 'none' })).rejects.toThrow(
      'kafkajs',
    );
    // Nothing half-registered: a correct start works right after.
    await initializeTracing({ serviceName: 'reg-ok', exporterType: 'memory', handleSignals: false, logLevel: 'none' });
  });
});
