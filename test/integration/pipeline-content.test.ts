import { afterEach, describe, expect, it } from 'vitest';
import { hrTimeToMicroseconds } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { createOtlpExporter, type OtlpProtocol } from '../../src/exporters/otlp';
import { createZipkinExporter } from '../../src/exporters/zipkin';
import { createJaegerExporter } from '../../src/exporters/jaeger';
import {
  hrTimeToBigInt,
  startOtlpGrpcReceiver,
  startOtlpHttpReceiver,
  startZipkinReceiver,
  type ReceivedSpan,
  type Receiver,
} from '../support/receivers/index';
import { KIND_NAMES, STATUS_NAMES, buildPipeline, counters, emitRichTrace, type Pipeline } from '../pipeline/pipeline-harness';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

type Format = 'otlp' | 'zipkin';

/** What a backend of this format must have received for `span`, field for field. */
function expected(span: ReadableSpan, format: Format): ReceivedSpan {
  const ctx = span.spanContext();
  const resource = { ...span.resource.attributes } as Record<string, unknown>;
  // Zipkin rounds fractional microseconds.
  const micros = (t: ReadableSpan['startTime']) => BigInt(Math.round(hrTimeToMicroseconds(t))) * 1000n;
  const exactTimes = format === 'otlp';
  const start = exactTimes ? hrTimeToBigInt(span.startTime) : micros(span.startTime);
  const end = exactTimes ? hrTimeToBigInt(span.endTime) : start + micros(span.duration);
  const flat = (v: unknown) => (Array.isArray(v) ? v.join(',') : v);
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(span.attributes)) {
    attributes[k] = format === 'otlp' ? v : String(flat(v));
  }
  if (format !== 'otlp') Object.assign(attributes, mapValues(resource, String));
  const status: ReceivedSpan['status'] = { code: STATUS_NAMES[span.status.code] };
  if (span.status.message) status.message = span.status.message;
  const out: ReceivedSpan = {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    name: span.name,
    kind: KIND_NAMES[span.kind],
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    attributes,
    events: span.events.map((e) => ({
      name: e.name,
      timeUnixNano: exactTimes ? hrTimeToBigInt(e.time) : micros(e.time),
      attributes: format === 'zipkin' ? {} : { ...e.attributes },
    })),
    links: format === 'zipkin' ? [] : span.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      attributes: format === 'otlp' ? { ...l.attributes } : {},
    })),
    status,
    resource: format === 'otlp' ? resource : { 'service.name': resource['service.name'] },
  };
  if (span.parentSpanContext?.spanId) out.parentSpanId = span.parentSpanContext.spanId;
  if (format !== 'zipkin') out.scope = { name: span.instrumentationScope.name, version: span.instrumentationScope.version };
  return out;
}

function expectWithin(actual: bigint, wanted: bigint, toleranceNs = 1000n): void {
  const diff = actual > wanted ? actual - wanted : wanted - actual;
  expect(diff <= toleranceNs, `${actual} vs ${wanted}`).toBe(true);
}

function mapValues(record: Record<string, unknown>, fn: (v: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}

async function deliverRichTrace(receiver: Receiver, pipeline: Pipeline, format: Format): Promise<void> {
  cleanups.push(() => receiver.close(), () => pipeline.close());
  emitRichTrace(pipeline.tracer);
  await pipeline.processor.forceFlush();
  const sent = pipeline.memory.getFinishedSpans();
  expect(sent).toHaveLength(5);
  const got = await receiver.waitForSpans(5, 5000);
  expect(got).toHaveLength(5);
  for (const span of sent) {
    const received = got.find((r) => r.spanId === span.spanContext().spanId);
    expect(received, span.name).toBeDefined();
    const want = expected(span, format);
    const got1 = { ...received!, traceState: undefined };
    if (format !== 'otlp') {
      // Zipkin carries microseconds converted from floating-point values: exact to ±1 µs.
      expectWithin(got1.startTimeUnixNano, want.startTimeUnixNano);
      expectWithin(got1.endTimeUnixNano, want.endTimeUnixNano);
      got1.startTimeUnixNano = want.startTimeUnixNano;
      got1.endTimeUnixNano = want.endTimeUnixNano;
      got1.events = got1.events.map((e, i) => {
        expectWithin(e.timeUnixNano, want.events[i]?.timeUnixNano ?? 0n);
        return { ...e, timeUnixNano: want.events[i]?.timeUnixNano ?? e.timeUnixNano };
      });
    }
    expect(got1).toEqual(want);
  }
  // The trace shape: three children of the root, one linked span in its own trace.
  const root = sent.find((s) => s.name === 'GET /users/:id')!;
  expect(got.filter((r) => r.parentSpanId === root.spanContext().spanId).map((r) => r.name).sort()).toEqual(
    ['SELECT users', 'consume user.viewed', 'publish user.viewed'],
  );
  expect(counters(pipeline.stats())).toEqual({
    totalExports: 1, successfulExports: 1, failedExports: 0, retriedExports: 0, queueSize: 0,
    exportedSpans: 5, droppedSpans: 0, failedSpans: 0, inFlightSpans: 0,
  });
  expect(pipeline.violations).toEqual([]);
}

describe('exact content through the real pipeline', () => {
  it('OTLP gRPC', async () => {
    const receiver = await startOtlpGrpcReceiver();
    const pipeline = buildPipeline('otlp', createOtlpExporter({ endpoint: receiver.url, headers: { 'x-api-key': 'k1' } }));
    await deliverRichTrace(receiver, pipeline, 'otlp');
    expect(receiver.log[0]).toMatchObject({ outcome: 'accepted', spanCount: 5, contentType: 'application/grpc' });
  });

  it.each<[OtlpProtocol, string]>([
    ['http/protobuf', 'application/x-protobuf'],
    ['http/json', 'application/json'],
  ])('OTLP %s', async (protocol, contentType) => {
    const receiver = await startOtlpHttpReceiver();
    const pipeline = buildPipeline('otlp', createOtlpExporter({ endpoint: receiver.url, protocol }));
    await deliverRichTrace(receiver, pipeline, 'otlp');
    expect(receiver.log[0]).toMatchObject({ outcome: 'accepted', spanCount: 5, contentType });
  });

  it('OTLP gRPC and HTTP with gzip (over HTTP only from GZIP_MIN_BYTES: this small trace goes plain)', async () => {
    const grpc = await startOtlpGrpcReceiver();
    const http = await startOtlpHttpReceiver();
    const a = buildPipeline('otlp-grpc', createOtlpExporter({ endpoint: grpc.url, compression: 'gzip' }));
    const b = buildPipeline('otlp-http', createOtlpExporter({ endpoint: http.url, protocol: 'http/protobuf', compression: 'gzip' }));
    await deliverRichTrace(grpc, a, 'otlp');
    await deliverRichTrace(http, b, 'otlp');
    expect(grpc.log[0]?.encoding).toBe('gzip');
    expect(http.log[0]?.encoding).toBeUndefined();
  });

  it('Zipkin v2 JSON, with zero schema violations', async () => {
    const receiver = await startZipkinReceiver();
    const pipeline = buildPipeline('zipkin', createZipkinExporter({ serviceName: 'pipeline-test', endpoint: receiver.url }));
    await deliverRichTrace(receiver, pipeline, 'zipkin');
    expect(receiver.raw).toHaveLength(5);
    expect(receiver.invalid).toEqual([]);
  });

  it('Jaeger: OTLP, as Jaeger v2 and v1 >= 1.35 ingest it', async () => {
    const receiver = await startOtlpGrpcReceiver();
    const pipeline = buildPipeline('jaeger', createJaegerExporter({ serviceName: 'pipeline-test', otlp: { endpoint: receiver.url } }));
    await deliverRichTrace(receiver, pipeline, 'otlp');
  });
});
