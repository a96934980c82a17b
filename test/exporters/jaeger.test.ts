import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { isTracingConfigError } from '../../src/errors';
import { createJaegerExporter, JaegerExporter } from '../../src/exporters/jaeger';
import type { ManagedExporter } from '../../src/pipeline/managed-exporter';
import { createExporter } from '../../src/exporters/registry';
import { startOtlpGrpcReceiver, startOtlpHttpReceiver, type Receiver } from '../support/receivers/index';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

/** One parent and one child span through a fresh provider (never global) into `exporter`. */
async function sendTrace(exporter: ManagedExporter): Promise<{ traceId: string; parentId: string }> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  cleanups.push(() => provider.shutdown());
  const tracer = provider.getTracer('jaeger-test', '1.0.0');
  const parent = tracer.startSpan('GET /orders/:id', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET' } });
  const ctx = trace.setSpan(ROOT_CONTEXT, parent);
  const child = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql' } }, ctx);
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
  child.end();
  parent.end();
  await provider.forceFlush();
  return { traceId: parent.spanContext().traceId, parentId: parent.spanContext().spanId };
}

async function expectDelivered(receiver: Receiver, exporter: ManagedExporter): Promise<void> {
  const { traceId, parentId } = await sendTrace(exporter);
  const spans = await receiver.waitForSpans(2);
  expect(spans.map((s) => [s.name, s.kind])).toEqual([
    ['SELECT orders', 'CLIENT'],
    ['GET /orders/:id', 'SERVER'],
  ]);
  const [child, parent] = spans;
  expect(child).toMatchObject({ traceId, parentSpanId: parentId, status: { code: 'ERROR', message: 'timeout' }, attributes: { 'db.system.name': 'postgresql' } });
  expect(parent).toMatchObject({ traceId, spanId: parentId, attributes: { 'http.request.method': 'GET' }, resource: { 'service.name': 'checkout' } });
  expect(parent.parentSpanId).toBeUndefined();
  expect(exporter.getStats()).toMatchObject({ exportedSpans: 2, failedSpans: 0, droppedSpans: 0 });
}

describe("the 'jaeger' exporter sends OTLP", () => {
  it('JAEGER_HOST=127.0.0.1 with a non-agent JAEGER_PORT: OTLP gRPC to that port, parent and child delivered', async () => {
    const receiver = await startOtlpGrpcReceiver();
    cleanups.push(() => receiver.close());
    const exporter = createExporter('jaeger', 'checkout', {}, { JAEGER_HOST: '127.0.0.1', JAEGER_PORT: String(receiver.port) });
    cleanups.push(() => exporter.shutdown());
    await expectDelivered(receiver, exporter);
    expect(String(exporter)).toBe(`ManagedExporter(jaeger: JaegerExporter(checkout: otlp grpc http://127.0.0.1:${receiver.port}))`);
    expect(receiver.log.every((r) => r.contentType === 'application/grpc')).toBe(true);
  });

  it('OTEL_EXPORTER_JAEGER_ENDPOINT pointing at the receiver (OTLP headers from the env alongside)', async () => {
    const receiver = await startOtlpGrpcReceiver();
    cleanups.push(() => receiver.close());
    const exporter = createExporter('jaeger', 'checkout', {}, { OTEL_EXPORTER_JAEGER_ENDPOINT: `http://127.0.0.1:${receiver.port}`, OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme' });
    cleanups.push(() => exporter.shutdown());
    await expectDelivered(receiver, exporter);
  });

  it('jaegerAgentHost/Port options with protocol http/protobuf: OTLP/HTTP to HOST:PORT/v1/traces', async () => {
    const receiver = await startOtlpHttpReceiver();
    cleanups.push(() => receiver.close());
    const exporter = createExporter('jaeger', 'checkout', { protocol: 'http/protobuf', jaegerAgentHost: '127.0.0.1', jaegerAgentPort: receiver.port }, {});
    cleanups.push(() => exporter.shutdown());
    await expectDelivered(receiver, exporter);
    expect(String(exporter)).toContain(`otlp http/protobuf http://127.0.0.1:${receiver.port}/v1/traces`);
  });

  it('an explicit OTLP endpoint beats JAEGER_HOST', async () => {
    const receiver = await startOtlpGrpcReceiver();
    cleanups.push(() => receiver.close());
    const exporter = createExporter('jaeger', 'checkout', { endpoint: receiver.url }, { JAEGER_HOST: '192.0.2.1', JAEGER_PORT: '6831' });
    cleanups.push(() => exporter.shutdown());
    await expectDelivered(receiver, exporter);
  });

  it("jaegerTransport 'udp' is a TracingConfigError that says how to switch", () => {
    let error: unknown;
    try {
      createExporter('jaeger', 'checkout', { jaegerTransport: 'udp' as never }, {});
    } catch (e) {
      error = e;
    }
    expect(isTracingConfigError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/"jaegerTransport": got "udp"; allowed: 'otlp' \(the thrift transports 'http' and 'udp' were removed\)\. The jaeger exporter sends OTLP: .*4317.*4318/);
  });

  it('createJaegerExporter on its own: the OTLP defaults, described', async () => {
    const exporter = await createJaegerExporter({ serviceName: 's' });
    expect(exporter).toBeInstanceOf(JaegerExporter);
    expect(String(exporter)).toBe('JaegerExporter(s: otlp grpc http://localhost:4317)');
    await exporter.shutdown();
  });
});
