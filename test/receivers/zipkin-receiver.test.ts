import { ExportResultCode, hrTimeToMicroseconds } from '@opentelemetry/core';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportSpans, findSpan, toOtlpIds } from '../support/receivers/export-helpers';
import type { ZipkinReceiver } from '../support/receivers/types';
import { createZipkinSpanValidator, startZipkinReceiver } from '../support/receivers/zipkin-receiver';
import { KIND_NAMES } from './otlp-assertions';
import { makeSpanFixture, SERVICE_NAME } from './span-fixture';

const VALID_SPAN = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  id: '00f067aa0ba902b7',
  parentId: 'b7ad6b7169203331',
  name: 'get /users',
  kind: 'SERVER',
  timestamp: 1_700_000_000_000_000,
  duration: 1500,
  debug: false,
  shared: true,
  localEndpoint: { serviceName: 'api', ipv4: '10.0.0.1', port: 8080 },
  remoteEndpoint: { ipv6: '2001:db8::c001', port: 52000 },
  annotations: [{ timestamp: 1_700_000_000_000_100, value: 'ws' }],
  tags: { 'http.method': 'GET' },
};

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('startZipkinReceiver', () => {
  let receiver: ZipkinReceiver;
  const exporters: ZipkinExporter[] = [];
  const exporter = () => {
    const created = new ZipkinExporter({ url: receiver.url });
    exporters.push(created);
    return created;
  };

  beforeEach(async () => {
    receiver = await startZipkinReceiver();
  });
  afterEach(async () => {
    await Promise.all(exporters.splice(0).map((e) => e.shutdown()));
    await receiver.close();
  });

  it('accepts what the official Zipkin exporter sends, every span valid, and maps it back', async () => {
    const fixture = makeSpanFixture();
    const result = await exportSpans(exporter(), fixture.spans);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const received = await receiver.waitForSpans(5);
    expect(receiver.invalid).toEqual([]);
    expect(receiver.raw).toHaveLength(5);
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}/api/v2/spans`);

    for (const sent of fixture.spans) {
      const got = findSpan(received, sent.name);
      const startMicros = BigInt(hrTimeToMicroseconds(sent.startTime));
      expect({ traceId: got.traceId, spanId: got.spanId, parentSpanId: got.parentSpanId }).toEqual({
        parentSpanId: undefined,
        ...toOtlpIds(sent),
      });
      expect(got.kind).toBe(KIND_NAMES[sent.kind]);
      expect(got.startTimeUnixNano).toBe(startMicros * 1000n);
      expect(got.endTimeUnixNano).toBe((startMicros + BigInt(Math.round(hrTimeToMicroseconds(sent.duration)))) * 1000n);
      const stringified = Object.fromEntries(
        Object.entries({ ...sent.attributes, ...sent.resource.attributes }).map(([k, v]) => [k, String(v)]),
      );
      expect(got.attributes).toEqual(stringified);
      expect(got.resource).toEqual({ 'service.name': SERVICE_NAME });
      expect(got.links).toEqual([]);
    }
    const root = findSpan(received, 'GET /users/:id');
    expect(root.attributes).toMatchObject({ 'http.response.status_code': '200', 'app.tags': 'a,b', 'app.cached': 'false' });
    const child = findSpan(received, 'SELECT users');
    expect(child.status).toEqual({ code: 'ERROR', message: 'db down' });
    const sentEvent = fixture.byName('SELECT users').events[0]!;
    expect(child.events).toEqual([
      { name: 'cache.miss', timeUnixNano: BigInt(Math.round(hrTimeToMicroseconds(sentEvent.time))) * 1000n, attributes: {} },
    ]);
    expect(findSpan(received, 'publish user.viewed').status).toEqual({ code: 'OK' });
    expect(findSpan(received, 'render')).toMatchObject({ kind: 'INTERNAL', status: { code: 'UNSET' } });
    const rawRender = receiver.raw.find((s) => (s as { name: string }).name === 'render') as Record<string, unknown>;
    expect(rawRender.kind).toBeUndefined();
  });

  it('the schema can fail: uppercase hex, numeric tags and other breaches are answered 400 and recorded', async () => {
    const bad = [
      { ...VALID_SPAN, traceId: VALID_SPAN.traceId.toUpperCase() },
      { ...VALID_SPAN, tags: { 'http.status_code': 200 } },
      { ...VALID_SPAN, kind: 'INTERNAL' },
      { ...VALID_SPAN, id: '00f067aa0ba902' },
      { ...VALID_SPAN, timestamp: 1.5 },
      { ...VALID_SPAN, annotations: [{ timestamp: 1 }] },
      { ...VALID_SPAN, parentSpanId: 'b7ad6b7169203331' },
      { ...VALID_SPAN, localEndpoint: { serviceName: 'api', ipv4: '10.0.0.300' } },
    ];
    const response = await post(receiver.url, [VALID_SPAN, ...bad]);
    expect(response.status).toBe(400);
    expect(receiver.spans).toHaveLength(0);
    expect(receiver.raw).toHaveLength(9);
    expect(receiver.invalid.map((entry) => entry.span)).toEqual(bad);
    const errors = receiver.invalid.map((entry) => entry.errors.join('; '));
    expect(errors[0]).toMatch(/^\/traceId must match pattern/);
    expect(errors[1]).toBe('/tags/http.status_code must be string');
    expect(errors[2]).toMatch(/^\/kind must be equal to one of the allowed values/);
    expect(errors[3]).toMatch(/^\/id must match pattern/);
    expect(errors[4]).toBe('/timestamp must be integer');
    expect(errors[5]).toBe("/annotations/0 must have required property 'value'");
    expect(errors[6]).toBe('/ must NOT have additional properties (parentSpanId)');
    expect(errors[7]).toMatch(/^\/localEndpoint\/ipv4 must match pattern/);
    expect(receiver.log).toEqual([
      expect.objectContaining({ outcome: 'invalid', spanCount: 0, error: expect.stringMatching(/^8 invalid span\(s\)/) }),
    ]);
  });

  it('a hand-made span that follows the API passes the schema', async () => {
    expect(createZipkinSpanValidator()(VALID_SPAN)).toEqual([]);
    expect(createZipkinSpanValidator()({ traceId: '00f067aa0ba902b7', id: '00f067aa0ba902b7' })).toEqual([]);
    expect((await post(receiver.url, [VALID_SPAN])).status).toBe(202);
    expect(receiver.spans[0]).toMatchObject({
      traceId: VALID_SPAN.traceId,
      spanId: VALID_SPAN.id,
      parentSpanId: VALID_SPAN.parentId,
      kind: 'SERVER',
      startTimeUnixNano: 1_700_000_000_000_000_000n,
      endTimeUnixNano: 1_700_000_000_001_500_000n,
      events: [{ name: 'ws', timeUnixNano: 1_700_000_000_000_100_000n, attributes: {} }],
      resource: { 'service.name': 'api' },
    });
  });

  it('flags the official exporter sending a fractional timestamp for a sub-microsecond start time', async () => {
    // exporter-zipkin 2.12 rounds duration and annotation times but not the span timestamp, so a
    // start time with sub-µs precision (an HrTime from performance.now(), say) breaks the API.
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
    provider.getTracer('t').startSpan('precise', { startTime: [1_700_000_000, 500] }).end([1_700_000_001, 0]);
    const result = await exportSpans(exporter(), memory.getFinishedSpans());
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(receiver.invalid).toHaveLength(1);
    expect(receiver.invalid[0]!.errors).toEqual(['/timestamp must be integer']);
    expect((receiver.raw[0] as { timestamp: number }).timestamp).toBe(1_700_000_000_000_000.5);
    await provider.shutdown();
  });

  it('rejects bodies that are not a JSON array', async () => {
    expect((await post(receiver.url, { spans: [] })).status).toBe(400);
    const notJson = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[{' });
    expect(notJson.status).toBe(400);
    expect(receiver.log.map((r) => r.outcome)).toEqual(['invalid', 'invalid']);
  });

  it("'fail' makes the exporter report the status, then it succeeds", async () => {
    const fixture = makeSpanFixture();
    const zipkin = exporter();
    await receiver.setFault({ mode: 'fail', status: 503, times: 1 });
    const failed = await exportSpans(zipkin, fixture.spans);
    expect(failed.code).toBe(ExportResultCode.FAILED);
    expect(failed.error?.message).toMatch(/503/);
    expect((await exportSpans(zipkin, fixture.spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.spans).toHaveLength(5);
    expect(receiver.raw).toHaveLength(5);
    expect(receiver.log.map((r) => r.outcome)).toEqual(['failed', 'accepted']);
    expect(receiver.log[0]!.spanIds).toEqual(receiver.log[1]!.spanIds);
    expect(receiver.log[0]!.spanCount).toBe(5);
  });

  it("'refuse' yields ECONNREFUSED and 'ok' recovers on the same port", async () => {
    const fixture = makeSpanFixture();
    const zipkin = exporter();
    await receiver.setFault({ mode: 'refuse' });
    const refused = await exportSpans(zipkin, fixture.spans);
    expect(refused.code).toBe(ExportResultCode.FAILED);
    expect((refused.error as Error & { code?: string }).code).toBe('ECONNREFUSED');
    await receiver.setFault({ mode: 'ok' });
    expect((await exportSpans(zipkin, fixture.spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.spans).toHaveLength(5);
  });

  it("'hang' blocks the exporter (it has no timeout) until the fault is cleared, then the export fails", async () => {
    const fixture = makeSpanFixture();
    await receiver.setFault({ mode: 'hang' });
    const pending = exportSpans(exporter(), fixture.spans);
    await vi.waitFor(() => expect(receiver.log).toHaveLength(1));
    await receiver.setFault({ mode: 'ok' });
    const result = await pending;
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect((result.error as Error & { code?: string }).code).toBe('ECONNRESET');
    expect(receiver.log[0]).toMatchObject({ outcome: 'hung', spanCount: 5 });
    expect(receiver.spans).toHaveLength(0);
  });

  it("'hang' holds the request without an answer until the fault is cleared, then drops it", async () => {
    await receiver.setFault({ mode: 'hang' });
    const outcome = post(receiver.url, [VALID_SPAN]).then(
      (response) => `answered ${response.status}`,
      () => 'dropped',
    );
    await vi.waitFor(() => expect(receiver.log).toHaveLength(1));
    expect(receiver.log[0]!.outcome).toBe('hung');
    await receiver.setFault({ mode: 'ok' });
    expect(await outcome).toBe('dropped');
    expect(receiver.spans).toHaveLength(0);
    expect((await post(receiver.url, [VALID_SPAN])).status).toBe(202);
    expect(receiver.spans).toHaveLength(1);
  });
});
