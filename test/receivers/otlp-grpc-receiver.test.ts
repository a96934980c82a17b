import { Client, credentials, status as GrpcStatus } from '@grpc/grpc-js';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportSpans } from '../support/receivers/export-helpers';
import { startOtlpGrpcReceiver } from '../support/receivers/otlp-grpc-receiver';
import type { Receiver } from '../support/receivers/types';
import { expectOtlpFidelity } from './otlp-assertions';
import { makeSpanFixture } from './span-fixture';

type GrpcError = Error & { code?: number; metadata?: { get(key: string): (string | Buffer)[] } };

describe('startOtlpGrpcReceiver', () => {
  let receiver: Receiver;
  const exporters: OTLPTraceExporter[] = [];
  // The config's CompressionAlgorithm enum lives in a transitive package; its values are these strings.
  type Compression = NonNullable<ConstructorParameters<typeof OTLPTraceExporter>[0]>['compression'];
  const exporterFor = (options: { compression?: 'gzip'; timeoutMillis?: number } = {}) => {
    const exporter = new OTLPTraceExporter({
      url: receiver.url,
      timeoutMillis: options.timeoutMillis ?? 5000,
      ...(options.compression ? { compression: options.compression as Compression } : {}),
    });
    exporters.push(exporter);
    return exporter;
  };

  beforeEach(async () => {
    receiver = await startOtlpGrpcReceiver();
  });
  afterEach(async () => {
    await Promise.all(exporters.splice(0).map((e) => e.shutdown()));
    await receiver.close();
  });

  it('listens on a loopback port chosen by the OS and exposes an http:// url', () => {
    expect(receiver.port).toBeGreaterThan(0);
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}`);
  });

  it('decodes every field the official gRPC exporter sends', async () => {
    const fixture = makeSpanFixture();
    const result = await exportSpans(exporterFor(), fixture.spans);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expectOtlpFidelity(await receiver.waitForSpans(fixture.spans.length), fixture);
    expect(receiver.requests).toBe(1);
    expect(receiver.log).toEqual([{ outcome: 'accepted', spanCount: 5, spanIds: fixture.spans.map((s) => s.spanContext().spanId), contentType: 'application/grpc' }]);
  });

  it('decodes gzip-compressed messages and records the grpc-encoding', async () => {
    const fixture = makeSpanFixture();
    const result = await exportSpans(exporterFor({ compression: 'gzip' }), fixture.spans);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expectOtlpFidelity(receiver.spans, fixture);
    expect(receiver.log[0]).toMatchObject({ outcome: 'accepted', encoding: 'gzip', spanCount: 5 });
  });

  it("'fail' answers with the given gRPC status `times` times, then accepts", async () => {
    const fixture = makeSpanFixture();
    const exporter = exporterFor();
    await receiver.setFault({ mode: 'fail', status: GrpcStatus.UNAVAILABLE, times: 2 });
    const first = await exportSpans(exporter, fixture.spans);
    const second = await exportSpans(exporter, fixture.spans);
    const third = await exportSpans(exporter, fixture.spans);
    expect(first.code).toBe(ExportResultCode.FAILED);
    expect((first.error as GrpcError).code).toBe(GrpcStatus.UNAVAILABLE);
    expect((second.error as GrpcError).code).toBe(GrpcStatus.UNAVAILABLE);
    expect(third.code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.requests).toBe(3);
    expect(receiver.spans).toHaveLength(5);
    expect(receiver.log.map((r) => r.outcome)).toEqual(['failed', 'failed', 'accepted']);
    // Faulted requests are decoded for the log only: the same five ids three times, accepted once.
    for (const entry of receiver.log) expect(entry).toMatchObject({ spanCount: 5, spanIds: fixture.spans.map((s) => s.spanContext().spanId) });
  });

  it("'fail' with retryAfterSeconds sends a google.rpc.RetryInfo detail", async () => {
    await receiver.setFault({ mode: 'fail', status: GrpcStatus.RESOURCE_EXHAUSTED, retryAfterSeconds: 2 });
    const result = await exportSpans(exporterFor(), makeSpanFixture().spans);
    const error = result.error as GrpcError;
    expect(error.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    const details = error.metadata?.get('grpc-status-details-bin')[0] as Buffer;
    expect(Buffer.isBuffer(details)).toBe(true);
    expect(details.toString('latin1')).toContain('type.googleapis.com/google.rpc.RetryInfo');
    // Status.code (field 1) first: tag 0x08 then the varint 8.
    expect([...details.subarray(0, 2)]).toEqual([0x08, GrpcStatus.RESOURCE_EXHAUSTED]);
    expect(receiver.spans).toHaveLength(0);
    expect(receiver.requests).toBe(1);
  });

  it("'refuse' makes connections fail with ECONNREFUSED and 'ok' listens again on the same port", async () => {
    const fixture = makeSpanFixture();
    const exporter = exporterFor({ timeoutMillis: 2000 });
    await receiver.setFault({ mode: 'refuse' });
    const refused = await exportSpans(exporter, fixture.spans);
    expect(refused.code).toBe(ExportResultCode.FAILED);
    expect((refused.error as GrpcError).code).toBe(GrpcStatus.UNAVAILABLE);
    expect(refused.error?.message).toMatch(/ECONNREFUSED/);
    expect(receiver.requests).toBe(0);

    await receiver.setFault({ mode: 'ok' });
    // grpc-js reconnects with its own backoff; calls fail fast until then.
    let result = await exportSpans(exporter, fixture.spans);
    for (let attempt = 0; attempt < 20 && result.code !== ExportResultCode.SUCCESS; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      result = await exportSpans(exporter, fixture.spans);
    }
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.spans).toHaveLength(5);
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}`);
  });

  it("'hang' never answers, so the exporter hits its deadline; the spans are not accepted", async () => {
    const fixture = makeSpanFixture();
    const exporter = exporterFor({ timeoutMillis: 300 });
    await receiver.setFault({ mode: 'hang', times: 1 });
    const hung = await exportSpans(exporter, fixture.spans);
    expect(hung.code).toBe(ExportResultCode.FAILED);
    expect((hung.error as GrpcError).code).toBe(GrpcStatus.DEADLINE_EXCEEDED);
    const next = await exportSpans(exporter, fixture.spans);
    expect(next.code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.log.map((r) => [r.outcome, r.spanCount])).toEqual([
      ['hung', 5],
      ['accepted', 5],
    ]);
    expect(receiver.spans).toHaveLength(5);
  });

  it('answers INVALID_ARGUMENT to bytes that are not an ExportTraceServiceRequest', async () => {
    const client = new Client(`127.0.0.1:${receiver.port}`, credentials.createInsecure());
    const error = await new Promise<GrpcError | null>((resolve) =>
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from([0x0a, 0xff, 0xff, 0x01]),
        (err) => resolve(err as GrpcError | null),
      ),
    );
    client.close();
    expect(error?.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(error?.message).toMatch(/cannot decode ExportTraceServiceRequest/);
    expect(receiver.log).toEqual([
      expect.objectContaining({ outcome: 'invalid', spanCount: 0, contentType: 'application/grpc' }),
    ]);
    expect(receiver.spans).toHaveLength(0);
  });

  it('waitForSpans rejects with what did arrive', async () => {
    await exportSpans(exporterFor(), makeSpanFixture().spans);
    await expect(receiver.waitForSpans(6, 50)).rejects.toThrow(
      /OTLP\/gRPC receiver: expected at least 6 span\(s\) within 50 ms, got 5[\s\S]*accepted×1[\s\S]*"SELECT users" CLIENT/,
    );
    receiver.reset();
    expect(receiver.spans).toHaveLength(0);
    expect(receiver.requests).toBe(0);
  });
});
