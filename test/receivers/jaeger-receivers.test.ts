import { createSocket } from 'node:dgram';
import { ExportResultCode } from '@opentelemetry/core';
import { JaegerExporter } from '@opentelemetry/exporter-jaeger';
import { afterEach, describe, expect, it } from 'vitest';
import { exportSpans } from '../support/receivers/export-helpers';
import { startJaegerHttpReceiver } from '../support/receivers/jaeger-http-receiver';
import { startJaegerUdpReceiver, type JaegerUdpReceiver } from '../support/receivers/jaeger-udp-receiver';
import type { JaegerReceiver } from '../support/receivers/types';
import { CompactWriter, i64Hex, str, stringTag, type CompactValue } from './compact-writer';
import { expectJaegerFidelity, PROCESS_TAGS } from './jaeger-assertions';
import { makeSpanFixture } from './span-fixture';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((fn) => fn()));
});

function jaegerExporter(config: ConstructorParameters<typeof JaegerExporter>[0]): JaegerExporter {
  const exporter = new JaegerExporter({ tags: PROCESS_TAGS, ...config });
  cleanup.push(() => exporter.shutdown().catch(() => undefined));
  return exporter;
}

function sendDatagram(receiver: JaegerUdpReceiver, datagram: Buffer): Promise<void> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) =>
    socket.send(datagram, receiver.port, receiver.host, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    }),
  );
}

describe('startJaegerHttpReceiver (collector, binary thrift over HTTP)', () => {
  const start = async (): Promise<JaegerReceiver> => {
    const receiver = await startJaegerHttpReceiver();
    cleanup.push(() => receiver.close());
    return receiver;
  };

  it('decodes what the official JaegerExporter sends to an endpoint', async () => {
    const receiver = await start();
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}/api/traces`);
    const fixture = makeSpanFixture();
    const result = await exportSpans(jaegerExporter({ endpoint: receiver.url }), fixture.spans);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expectJaegerFidelity(await receiver.waitForSpans(5), fixture);
    expect(receiver.batches).toHaveLength(1);
    expect(receiver.log).toEqual([{ outcome: 'accepted', spanCount: 5, spanIds: fixture.spans.map((s) => s.spanContext().spanId), contentType: 'application/x-thrift' }]);
  });

  it("'fail' surfaces as a failed export naming the status, then the next export succeeds", async () => {
    const receiver = await start();
    const exporter = jaegerExporter({ endpoint: receiver.url });
    await receiver.setFault({ mode: 'fail', status: 503, times: 1 });
    const failed = await exportSpans(exporter, makeSpanFixture().spans);
    expect(failed.code).toBe(ExportResultCode.FAILED);
    expect(failed.error?.message).toMatch(/HTTP 503/);
    expect((await exportSpans(exporter, makeSpanFixture().spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.spans).toHaveLength(5);
    expect(receiver.log.map((r) => r.outcome)).toEqual(['failed', 'accepted']);
  });

  it("'refuse' yields ECONNREFUSED and 'ok' recovers on the same port", async () => {
    const receiver = await start();
    const exporter = jaegerExporter({ endpoint: receiver.url });
    await receiver.setFault({ mode: 'refuse' });
    const refused = await exportSpans(exporter, makeSpanFixture().spans);
    expect(refused.code).toBe(ExportResultCode.FAILED);
    expect(refused.error?.message).toMatch(/ECONNREFUSED/);
    await receiver.setFault({ mode: 'ok' });
    expect((await exportSpans(exporter, makeSpanFixture().spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.spans).toHaveLength(5);
  });

  it('answers 400 to a body that is not a thrift Batch', async () => {
    const receiver = await start();
    const response = await fetch(receiver.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-thrift' },
      body: new Uint8Array([0x0c, 0x00, 0x01, 0xff]),
    });
    expect(response.status).toBe(400);
    expect(receiver.log).toEqual([expect.objectContaining({ outcome: 'invalid', error: expect.stringMatching(/Batch/) })]);
  });
});

describe('startJaegerUdpReceiver (agent, emitBatch over UDP)', () => {
  const start = async (): Promise<JaegerUdpReceiver> => {
    const receiver = await startJaegerUdpReceiver();
    cleanup.push(() => receiver.close());
    return receiver;
  };

  it('decodes the binary-protocol emitBatch that the official JaegerExporter sends to host/port', async () => {
    const receiver = await start();
    const fixture = makeSpanFixture();
    const exporter = jaegerExporter({ host: receiver.host, port: receiver.port });
    expect((await exportSpans(exporter, fixture.spans)).code).toBe(ExportResultCode.SUCCESS);
    expectJaegerFidelity(await receiver.waitForSpans(5), fixture);
    expect(receiver.log).toEqual([{ outcome: 'accepted', spanCount: 5, spanIds: fixture.spans.map((s) => s.spanContext().spanId), contentType: 'udp thrift-binary' }]);
  });

  it('decodes a compact-protocol emitBatch (long headers, 16-element lists, negative i64)', async () => {
    const receiver = await start();
    const tags: CompactValue[] = Array.from({ length: 15 }, (_, i) => stringTag(`k${i}`, `v${i}`));
    tags.push({
      t: 'struct',
      fields: [
        [1, str('neg')],
        [2, { t: 'i32', v: 3 }],
        [6, { t: 'i64', v: -5n }],
      ],
    });
    tags.push({ t: 'struct', fields: [[1, str('ok')], [2, { t: 'i32', v: 2 }], [5, { t: 'bool', v: true }]] });
    tags.push({ t: 'struct', fields: [[1, str('ratio')], [2, { t: 'i32', v: 1 }], [4, { t: 'double', v: 0.5 }]] });
    tags.push(stringTag('span.kind', 'producer'));
    const span: CompactValue = {
      t: 'struct',
      fields: [
        // Out of order on purpose: field 10 first makes field 1 need the long (zigzag id) header.
        [10, { t: 'list', elem: 'struct', items: tags }],
        [1, i64Hex('a3ce929d0e0e4736')],
        [2, i64Hex('4bf92f3577b34da6')],
        [3, i64Hex('00f067aa0ba902b7')],
        [4, i64Hex('b7ad6b7169203331')],
        [5, str('compact op')],
        [7, { t: 'i32', v: 1 }],
        [8, { t: 'i64', v: 1_700_000_000_000_000n }],
        [9, { t: 'i64', v: 2500n }],
        [
          11,
          {
            t: 'list',
            elem: 'struct',
            items: [
              {
                t: 'struct',
                fields: [
                  [1, { t: 'i64', v: 1_700_000_000_000_100n }],
                  [2, { t: 'list', elem: 'struct', items: [stringTag('event', 'retry')] }],
                ],
              },
            ],
          },
        ],
      ],
    };
    const process: CompactValue = { t: 'struct', fields: [[1, str('compact-svc')], [2, { t: 'list', elem: 'struct', items: [stringTag('ip', '10.0.0.1')] }]] };
    const datagram = new CompactWriter().message('emitBatch', {
      t: 'struct',
      fields: [[1, { t: 'struct', fields: [[1, process], [2, { t: 'list', elem: 'struct', items: [span] }]] }]],
    });
    await sendDatagram(receiver, datagram);
    const [got] = await receiver.waitForSpans(1);
    const expectedTags = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, `v${i}`]));
    expect(got).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      parentSpanId: 'b7ad6b7169203331',
      name: 'compact op',
      kind: 'PRODUCER',
      startTimeUnixNano: 1_700_000_000_000_000_000n,
      endTimeUnixNano: 1_700_000_000_002_500_000n,
      attributes: { ...expectedTags, neg: -5, ok: true, ratio: 0.5 },
      events: [{ name: 'retry', timeUnixNano: 1_700_000_000_000_100_000n, attributes: {} }],
      links: [],
      status: { code: 'UNSET' },
      resource: { 'service.name': 'compact-svc', ip: '10.0.0.1' },
    });
    expect(receiver.log[0]!.contentType).toBe('udp thrift-compact');
  });

  it("'fail' drops datagrams (UDP cannot answer), counted in requests, and later ones arrive", async () => {
    const receiver = await start();
    const exporter = jaegerExporter({ host: receiver.host, port: receiver.port });
    await receiver.setFault({ mode: 'fail', status: 0, times: 1 });
    const dropped = makeSpanFixture();
    expect((await exportSpans(exporter, dropped.spans)).code).toBe(ExportResultCode.SUCCESS);
    await exportSpans(exporter, makeSpanFixture().spans);
    await receiver.waitForSpans(5);
    expect(receiver.requests).toBe(2);
    expect(receiver.log.map((r) => r.outcome)).toEqual(['failed', 'accepted']);
    expect(receiver.log[0]!.spanIds).toEqual(dropped.spans.map((s) => s.spanContext().spanId));
    expect(receiver.spans).toHaveLength(5);
  });

  it("'refuse' closes the port (datagrams lost) and 'ok' binds the same port again", async () => {
    const receiver = await start();
    await receiver.setFault({ mode: 'refuse' });
    const exporter = jaegerExporter({ host: receiver.host, port: receiver.port });
    await exportSpans(exporter, makeSpanFixture().spans);
    await receiver.setFault({ mode: 'ok' });
    expect((await exportSpans(exporter, makeSpanFixture().spans)).code).toBe(ExportResultCode.SUCCESS);
    await receiver.waitForSpans(5);
    expect(receiver.requests).toBe(1);
    expect(receiver.spans).toHaveLength(5);
  });

  it('logs datagrams that are not thrift as invalid', async () => {
    const receiver = await start();
    await sendDatagram(receiver, Buffer.from('hello'));
    await sendDatagram(receiver, Buffer.from([0x82, 0x21, 0x00, 0x03]));
    await expect(receiver.waitForSpans(1, 300)).rejects.toThrow(/invalid×2/);
    expect(receiver.log.map((r) => r.outcome)).toEqual(['invalid', 'invalid']);
    expect(receiver.log[0]!.error).toMatch(/not a thrift message/);
  });
});
