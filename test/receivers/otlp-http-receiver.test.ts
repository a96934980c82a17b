import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as OTLPJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportSpans } from '../support/receivers/export-helpers';
import { startOtlpHttpReceiver } from '../support/receivers/otlp-http-receiver';
import type { Receiver } from '../support/receivers/types';
import { expectOtlpFidelity } from './otlp-assertions';
import { makeSpanFixture } from './span-fixture';

type Compression = NonNullable<ConstructorParameters<typeof OTLPProtoExporter>[0]>['compression'];
type HttpError = Error & { code?: number | string; data?: string };

const flavours = [
  { name: 'protobuf (exporter-trace-otlp-proto)', Exporter: OTLPProtoExporter, contentType: 'application/x-protobuf' },
  { name: 'JSON (exporter-trace-otlp-http)', Exporter: OTLPJsonExporter, contentType: 'application/json' },
] as const;

describe('startOtlpHttpReceiver', () => {
  let receiver: Receiver;
  const exporters: SpanExporter[] = [];
  const track = <T extends SpanExporter>(exporter: T): T => {
    exporters.push(exporter);
    return exporter;
  };

  beforeEach(async () => {
    receiver = await startOtlpHttpReceiver();
  });
  afterEach(async () => {
    await Promise.all(exporters.splice(0).map((e) => e.shutdown()));
    await receiver.close();
  });

  it('exposes the full /v1/traces URL on an OS-chosen loopback port', () => {
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}/v1/traces`);
  });

  for (const { name, Exporter, contentType } of flavours) {
    describe(name, () => {
      it('decodes every field exactly', async () => {
        const fixture = makeSpanFixture();
        const result = await exportSpans(track(new Exporter({ url: receiver.url })), fixture.spans);
        expect(result.code).toBe(ExportResultCode.SUCCESS);
        expectOtlpFidelity(await receiver.waitForSpans(5), fixture);
        expect(receiver.log).toEqual([{ outcome: 'accepted', spanCount: 5, spanIds: fixture.spans.map((s) => s.spanContext().spanId), contentType }]);
      });

      it('decodes gzip Content-Encoding', async () => {
        const fixture = makeSpanFixture();
        const exporter = track(new Exporter({ url: receiver.url, compression: 'gzip' as Compression }));
        expect((await exportSpans(exporter, fixture.spans)).code).toBe(ExportResultCode.SUCCESS);
        expectOtlpFidelity(receiver.spans, fixture);
        expect(receiver.log[0]).toMatchObject({ outcome: 'accepted', encoding: 'gzip', contentType });
      });
    });
  }

  it("'fail' with a permanent status surfaces as a failed export with that status, then accepts", async () => {
    const fixture = makeSpanFixture();
    const exporter = track(new OTLPProtoExporter({ url: receiver.url }));
    await receiver.setFault({ mode: 'fail', status: 400, times: 1 });
    const failed = await exportSpans(exporter, fixture.spans);
    expect(failed.code).toBe(ExportResultCode.FAILED);
    expect((failed.error as HttpError).code).toBe(400);
    const ok = await exportSpans(exporter, fixture.spans);
    expect(ok.code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.requests).toBe(2);
    expect(receiver.spans).toHaveLength(5);
    expect(receiver.log.map((r) => r.outcome)).toEqual(['failed', 'accepted']);
  });

  it("'fail' 503 with Retry-After is retried by the exporter itself and counted per request", async () => {
    const exporter = track(new OTLPJsonExporter({ url: receiver.url }));
    await receiver.setFault({ mode: 'fail', status: 503, times: 2, retryAfterSeconds: 0 });
    const result = await exportSpans(exporter, makeSpanFixture().spans);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.requests).toBe(3);
    expect(receiver.log.map((r) => [r.outcome, r.spanCount])).toEqual([
      ['failed', 5],
      ['failed', 5],
      ['accepted', 5],
    ]);
    expect(receiver.spans).toHaveLength(5);
  });

  it("'fail' sends Retry-After so a long delay beyond the timeout makes the export fail", async () => {
    const exporter = track(new OTLPProtoExporter({ url: receiver.url, timeoutMillis: 1000 }));
    await receiver.setFault({ mode: 'fail', status: 429, retryAfterSeconds: 30 });
    const result = await exportSpans(exporter, makeSpanFixture().spans);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(receiver.requests).toBe(1);
    const response = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
  });

  it("'refuse' yields ECONNREFUSED, and 'ok' accepts again on the same port", async () => {
    const fixture = makeSpanFixture();
    const exporter = track(new OTLPProtoExporter({ url: receiver.url, timeoutMillis: 500 }));
    await receiver.setFault({ mode: 'refuse' });
    const refused = await exportSpans(exporter, fixture.spans);
    expect(refused.code).toBe(ExportResultCode.FAILED);
    expect((refused.error as HttpError).code).toBe('ECONNREFUSED');
    expect(receiver.requests).toBe(0);
    await receiver.setFault({ mode: 'ok' });
    expect((await exportSpans(exporter, fixture.spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.spans).toHaveLength(5);
  });

  it("'hang' makes the exporter time out; the hung request's spans are not accepted", async () => {
    const fixture = makeSpanFixture();
    const exporter = track(new OTLPProtoExporter({ url: receiver.url, timeoutMillis: 300 }));
    await receiver.setFault({ mode: 'hang', times: 1 });
    const hung = await exportSpans(exporter, fixture.spans);
    expect(hung.code).toBe(ExportResultCode.FAILED);
    expect(receiver.spans).toHaveLength(0);
    expect((await exportSpans(exporter, fixture.spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.log.map((r) => r.outcome)).toEqual(['hung', 'accepted']);
    expect(receiver.spans).toHaveLength(5);
  });

  it('decodes hand-written OTLP JSON: kvlist, bytes, 64-bit ints beyond 2^53, enum names, base64 ids', async () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json-svc' } }] },
          scopeSpans: [
            {
              scope: { name: 'hand' },
              spans: [
                {
                  traceId: Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736', 'hex').toString('base64'),
                  spanId: '00F067AA0BA902B7',
                  parentSpanId: '',
                  name: 'hand-made',
                  kind: 'SPAN_KIND_PRODUCER',
                  startTimeUnixNano: '1700000000000000001',
                  endTimeUnixNano: 1700000000,
                  attributes: [
                    { key: 'big', value: { intValue: '9007199254740993' } },
                    { key: 'small', value: { intValue: '-7' } },
                    { key: 'bytes', value: { bytesValue: Buffer.from([1, 2, 3]).toString('base64') } },
                    { key: 'map', value: { kvlistValue: { values: [{ key: 'inner', value: { boolValue: true } }] } } },
                    { key: 'mixed', value: { arrayValue: { values: [{ doubleValue: 1.5 }, { stringValue: 'x' }] } } },
                  ],
                  status: { code: 'STATUS_CODE_ERROR' },
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(receiver.spans).toEqual([
      {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        name: 'hand-made',
        kind: 'PRODUCER',
        startTimeUnixNano: 1_700_000_000_000_000_001n,
        endTimeUnixNano: 1_700_000_000n,
        attributes: {
          big: 9_007_199_254_740_993n,
          small: -7,
          bytes: new Uint8Array([1, 2, 3]),
          map: { inner: true },
          mixed: [1.5, 'x'],
        },
        events: [],
        links: [],
        status: { code: 'ERROR' },
        resource: { 'service.name': 'json-svc' },
        scope: { name: 'hand' },
      },
    ]);
  });

  it('rejects other paths, methods and content types, and logs why', async () => {
    expect((await fetch(receiver.url)).status).toBe(404);
    const wrongType = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(wrongType.status).toBe(415);
    const garbage = await fetch(receiver.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0x0a, 0xff, 0xff]),
    });
    expect(garbage.status).toBe(400);
    expect(receiver.log.map((r) => r.outcome)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(receiver.log[1]!.error).toMatch(/unsupported content-type "text\/plain"/);
    expect(receiver.spans).toHaveLength(0);
    expect(receiver.requests).toBe(3);
  });
});
