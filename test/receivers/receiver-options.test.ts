import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as receivers from '../support/receivers';
import type { Receiver, ReceiverOptions } from '../support/receivers';

const starters: [string, (options?: ReceiverOptions) => Promise<Receiver>][] = [
  ['startOtlpGrpcReceiver', receivers.startOtlpGrpcReceiver],
  ['startOtlpHttpReceiver', receivers.startOtlpHttpReceiver],
  ['startZipkinReceiver', receivers.startZipkinReceiver],
];

const open: Receiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

function freeTcpPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('receiver index and options', () => {
  it('exports exactly the documented functions', () => {
    expect(Object.keys(receivers).sort()).toEqual(
      [
        'createZipkinSpanValidator',
        'exportSpans',
        'findSpan',
        'hrTimeToBigInt',
        'startOtlpGrpcReceiver',
        'startOtlpHttpReceiver',
        'startZipkinReceiver',
        'toOtlpIds',
        'toUnixNanos',
      ].sort(),
    );
  });

  for (const [name, start] of starters) {
    it(`${name}: listens on the given port, closes idempotently, and refuses setFault after close`, async () => {
      const port = await freeTcpPort();
      const receiver = await start({ port });
      expect(receiver.port).toBe(port);
      expect(receiver.url).toContain(`127.0.0.1:${port}`);
      await receiver.close();
      await receiver.close();
      await expect(receiver.setFault({ mode: 'ok' })).rejects.toThrow(/closed/);
    });
  }

  it('close rejects pending waitForSpans at once', async () => {
    const receiver = await receivers.startOtlpGrpcReceiver();
    const waiting = receiver.waitForSpans(1, 60_000);
    await receiver.close();
    await expect(waiting).rejects.toThrow(/OTLP\/gRPC receiver closed while waiting/);
  });

  it('an initial refuse fault keeps the port closed until the fault is cleared', async () => {
    const receiver = await receivers.startOtlpHttpReceiver({ fault: { mode: 'refuse' } });
    open.push(receiver);
    await expect(fetch(receiver.url, { method: 'POST' })).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    await receiver.setFault({ mode: 'ok' });
    expect((await fetch(receiver.url, { method: 'POST' })).status).toBe(415);
    expect(receiver.requests).toBe(1);
  });

  it('rejects malformed faults with a message naming what is allowed', async () => {
    const receiver = await receivers.startZipkinReceiver();
    open.push(receiver);
    await expect(receiver.setFault({ mode: 'explode' } as never)).rejects.toThrow(/mode must be one of ok, fail, hang, refuse/);
    await expect(receiver.setFault({ mode: 'fail', status: 503, times: 0 })).rejects.toThrow(/positive integer/);
    await expect(receiver.setFault({ mode: 'fail', status: 1.5 })).rejects.toThrow(/status/);
  });

  it("'fail' without times lasts until changed; reset keeps the fault", async () => {
    const receiver = await receivers.startZipkinReceiver({ fault: { mode: 'fail', status: 500 } });
    open.push(receiver);
    const post = () => fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
    expect((await post()).status).toBe(500);
    receiver.reset();
    expect((await post()).status).toBe(500);
    expect(receiver.requests).toBe(1);
    await receiver.setFault({ mode: 'ok' });
    expect((await post()).status).toBe(202);
    expect(receiver.log.map((r) => r.outcome)).toEqual(['failed', 'accepted']);
  });
});
