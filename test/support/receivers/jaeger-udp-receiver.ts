/**
 * The Jaeger agent's UDP port: each datagram is one `Agent.emitBatch` oneway message, in the
 * binary protocol (what jaeger-client's UDPSender writes; agent port 6832) or the compact
 * protocol (agent port 6831; read by ./jaeger-compact.ts). UDP has no answer, so the faults are:
 * `fail` and `hang` drop the datagram (logged as 'failed' / 'hung'), `refuse` closes the socket
 * (the sender sees nothing; the datagram is lost) until another fault binds the same port again.
 */
import { createSocket, type Socket } from 'node:dgram';
import { normalizeJaegerBatch } from './jaeger-normalize';
import { decodeAgentDatagram } from './jaeger-thrift';
import { ReceiverState } from './receiver-state';
import type { JaegerReceiver, ReceivedSpan, ReceiverOptions } from './types';

export interface JaegerUdpReceiver extends JaegerReceiver {
  /** The address to give the exporter as `host`. */
  readonly host: string;
}

export async function startJaegerUdpReceiver(options: ReceiverOptions = {}): Promise<JaegerUdpReceiver> {
  const host = options.host ?? '127.0.0.1';
  const state = new ReceiverState('Jaeger agent UDP receiver', options.fault);
  const batches: unknown[] = [];
  let socket: Socket | undefined;
  let closed = false;

  const onMessage = (datagram: Buffer): void => {
    const fault = state.takeFault();
    if (fault.mode !== 'ok') {
      let carried: ReceivedSpan[] = [];
      try {
        carried = normalizeJaegerBatch(decodeAgentDatagram(datagram).batch);
      } catch {
        // undecodable: logged with no spans
      }
      state.record(fault.mode === 'fail' ? 'failed' : 'hung', { contentType: 'udp' }, carried);
      return;
    }
    try {
      const { protocol, batch } = decodeAgentDatagram(datagram);
      const spans = normalizeJaegerBatch(batch);
      batches.push(batch);
      state.accept(spans, { contentType: `udp thrift-${protocol}` });
    } catch (error) {
      state.record('invalid', { contentType: 'udp' }, [], (error as Error).message);
    }
  };

  const bind = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const next = createSocket('udp4');
      next.once('error', reject);
      next.on('message', onMessage);
      next.bind(port, host, () => {
        next.off('error', reject);
        next.on('error', () => undefined);
        socket = next;
        resolve(next.address().port);
      });
    });
  const unbind = (): Promise<void> =>
    new Promise((resolve) => {
      if (!socket) return resolve();
      const current = socket;
      socket = undefined;
      current.close(() => resolve());
    });

  const port = await bind(options.port ?? 0);
  if (state.currentFault.mode === 'refuse') await unbind();

  return {
    url: `udp://${host}:${port}`,
    host,
    port,
    batches,
    get spans() {
      return state.spans;
    },
    get requests() {
      return state.requests;
    },
    get log() {
      return state.log;
    },
    async setFault(fault) {
      if (closed) throw new Error('Jaeger agent UDP receiver: closed');
      state.setFault(fault);
      if (fault.mode === 'refuse') await unbind();
      else if (!socket) await bind(port);
    },
    waitForSpans: (count, timeoutMs) => state.waitForSpans(count, timeoutMs),
    reset() {
      state.reset();
      batches.length = 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      state.rejectWaiters();
      await unbind();
    },
  };
}
