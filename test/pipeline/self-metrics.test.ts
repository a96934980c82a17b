import { trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type DataPoint, type MetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { getTracingStats, initializeTracing, shutdownTracing } from '../../src';
import { startOtlpGrpcReceiver } from '../support/receivers';

/** An in-memory reader: metrics are collected when the test asks. */
class ManualReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function collect(reader: ManualReader): Promise<Map<string, MetricData>> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  const scope = resourceMetrics.scopeMetrics.find((s) => s.scope.name === 'tracewright');
  expect(scope?.scope.version).toMatch(/^\d+\.\d+\.\d+/);
  return new Map(scope!.metrics.map((m) => [m.descriptor.name, m]));
}

function point(metric: MetricData | undefined, attrs: Record<string, unknown>): DataPoint<unknown> | undefined {
  return (metric?.dataPoints as DataPoint<unknown>[] | undefined)?.find((p) => Object.entries(attrs).every(([k, v]) => p.attributes[k] === v) && Object.keys(p.attributes).length === Object.keys(attrs).length);
}

describe('self-metrics (OTel semantic conventions for SDK self-observability)', () => {
  it('publishes spans started/live, processor and exporter counters, and the export duration with error.type', async () => {
    const receiver = await startOtlpGrpcReceiver({ fault: { mode: 'fail', status: 14, times: 1 } });
    cleanups.push(() => receiver.close());
    const reader = new ManualReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    cleanups.push(() => meterProvider.shutdown());
    await initializeTracing({
      serviceName: 'metrics-test',
      exporterType: 'otlp',
      endpoint: receiver.url,
      protocol: 'grpc',
      maxQueueSize: 100,
      maxBatchSize: 5,
      handleSignals: false,
      logLevel: 'none',
      retry: { initialDelayMs: 10, maxDelayMs: 20 },
      selfMetrics: meterProvider,
    });
    cleanups.push(() => shutdownTracing());
    const tracer = trace.getTracer('m');
    const open = tracer.startSpan('still open');
    for (let i = 0; i < 10; i++) tracer.startSpan(`s${i}`).end();
    await receiver.waitForSpans(10);
    // The stats count a batch when its answer arrives, just after the receiver stored it.
    const until = Date.now() + 5_000;
    while (getTracingStats().exportedSpans < 10 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));

    const m = await collect(reader);
    const exporter = { 'otel.component.type': 'otlp_grpc_span_exporter', 'otel.component.name': 'otlp_grpc_span_exporter/0' };
    const processor = { 'otel.component.type': 'batching_span_processor', 'otel.component.name': 'batching_span_processor/0' };
    expect(point(m.get('otel.sdk.span.started'), { 'otel.span.sampling_result': 'RECORD_AND_SAMPLE' })?.value).toBe(11);
    expect(point(m.get('otel.sdk.span.live'), { 'otel.span.sampling_result': 'RECORD_AND_SAMPLE' })?.value).toBe(1);
    expect(point(m.get('otel.sdk.processor.span.processed'), processor)?.value).toBe(10);
    expect(point(m.get('otel.sdk.processor.span.processed'), { ...processor, 'error.type': 'queue_full' })?.value).toBe(0);
    expect(point(m.get('otel.sdk.processor.span.queue.size'), processor)?.value).toBe(0);
    expect(point(m.get('otel.sdk.processor.span.queue.capacity'), processor)?.value).toBe(100);
    expect(point(m.get('otel.sdk.exporter.span.exported'), exporter)?.value).toBe(10);
    expect(point(m.get('otel.sdk.exporter.span.inflight'), exporter)?.value).toBe(0);
    expect(point(m.get('tracewright.spool.spans'), exporter)?.value).toBe(0);
    expect(m.get('otel.sdk.exporter.operation.duration')?.descriptor.unit).toBe('s');
    const ok = point(m.get('otel.sdk.exporter.operation.duration'), exporter)?.value as { count: number };
    const failed = point(m.get('otel.sdk.exporter.operation.duration'), { ...exporter, 'error.type': '14' })?.value as { count: number };
    expect(failed.count).toBe(1);
    expect(ok.count).toBe(2);
    open.end();
  });

  it('selfMetrics: false registers nothing; a junk value is a TracingConfigError', async () => {
    const reader = new ManualReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    cleanups.push(() => meterProvider.shutdown());
    await expect(initializeTracing({ serviceName: 'x', exporterType: 'none', selfMetrics: 'yes' as never })).rejects.toThrow(/"selfMetrics": got "yes"; allowed: true, false or a MeterProvider/);
    await initializeTracing({ serviceName: 'x', exporterType: 'memory', handleSignals: false, logLevel: 'none', selfMetrics: false });
    cleanups.push(() => shutdownTracing());
    trace.getTracer('m').startSpan('s').end();
    const { resourceMetrics } = await reader.collect();
    expect(resourceMetrics.scopeMetrics).toEqual([]);
  });
});
