/**
 * OTLP/HTTP against collectors that answer slowly or too much, on 127.0.0.1: a real HTTP server
 * that trickles its answer one byte at a time (which keeps an idle timeout alive forever), or
 * floods it. The exporter must give up at its own deadline, read a bounded answer, and keep a
 * bounded number of sockets.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ExportResultCode } from '@opentelemetry/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagedExporter } from '../../src/pipeline/managed-exporter';
import { createOtlpExporter, OTLP_HTTP_MAX_RESPONSE_BYTES, OTLP_HTTP_MAX_SOCKETS } from '../../src/exporters/otlp';
import { classifyExportError } from '../../src/pipeline/retry-policy';
import { exportSpans } from '../support/receivers/export-helpers';
import { makeSpans, pollUntil } from './otlp-test-spans';

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface SlowCollector {
  url: string;
  /** Connections open right now, and the most that were open at once. */
  open: number;
  maxOpen: number;
  requests: number;
  /** Answers the server wrote to the end. */
  finished: number;
}

/** A collector that reads the request, then answers with `answer` (which may never end). */
async function slowCollector(answer: (res: ServerResponse, done: () => void) => () => void): Promise<SlowCollector> {
  const state: SlowCollector = { url: '', open: 0, maxOpen: 0, requests: 0, finished: 0 };
  const sockets = new Set<Socket>();
  const stops = new Set<() => void>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.requests += 1;
    req.resume();
    req.on('end', () => {
      const stop = answer(res, () => {
        state.finished += 1;
        stops.delete(stop);
      });
      stops.add(stop);
      res.on('close', () => {
        stop();
        stops.delete(stop);
      });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    state.open += 1;
    state.maxOpen = Math.max(state.maxOpen, state.open);
    socket.on('close', () => {
      sockets.delete(socket);
      state.open -= 1;
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  closers.push(
    () =>
      new Promise<void>((r) => {
        for (const stop of stops) stop();
        for (const socket of sockets) socket.destroy();
        server.close(() => r());
      }),
  );
  return state;
}

/** 200, then one byte every 20 ms for `bytes` bytes (2 s for 100): an idle timeout never fires. */
const trickle = (bytes: number) => (res: ServerResponse, done: () => void) => {
  res.writeHead(200, { 'content-type': 'application/x-protobuf' });
  let sent = 0;
  const timer = setInterval(() => {
    res.write(Buffer.from([0]));
    if (++sent >= bytes) {
      clearInterval(timer);
      res.end(done);
    }
  }, 20);
  return () => clearInterval(timer);
};

/** 200 and an answer that never ends, written as fast as the socket takes it. */
const flood = (res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/x-protobuf' });
  const chunk = Buffer.alloc(16 * 1024);
  let stopped = false;
  const pump = (): void => {
    while (!stopped && res.write(chunk));
    if (!stopped) res.once('drain', pump);
  };
  pump();
  return () => {
    stopped = true;
  };
};

async function exporterFor(url: string, timeoutMillis: number) {
  const exporter = await createOtlpExporter({ endpoint: url, protocol: 'http/protobuf', timeoutMillis });
  closers.push(() => exporter.shutdown());
  return exporter;
}

describe('OTLP/HTTP against a slowly answering collector', () => {
  it('a trickling answer: the attempt fails at the exporter deadline, before the server finished, and is counted', async () => {
    const collector = await slowCollector(trickle(100));
    const managed = new ManagedExporter('otlp', exporterFor(collector.url, 300));
    closers.push(() => managed.shutdown());
    // The processor-level deadline is far away: only the exporter's own deadline can end this.
    const outcome = await managed.send(makeSpans(2), 30_000);
    expect(collector.requests).toBe(1);
    expect(collector.finished).toBe(0);
    expect(outcome.ok).toBe(false);
    expect(String((outcome.error as Error).message)).toBe('OTLP/HTTP request timed out after 300 ms');
    expect(classifyExportError(outcome.error)).toMatchObject({ retryable: true, reason: 'ETIMEDOUT' });
    expect(managed.getStats()).toMatchObject({ totalExports: 1, failedExports: 1, successfulExports: 0, lastError: 'OTLP/HTTP request timed out after 300 ms' });
    // The aborted request's socket is gone on the server side too.
    expect(await pollUntil(() => collector.open === 0, 5000)).toBe(true);
  });

  it(`many exports at once: never more than ${OTLP_HTTP_MAX_SOCKETS} sockets open at the collector, all closed after`, async () => {
    const collector = await slowCollector(trickle(100));
    const exporter = await exporterFor(collector.url, 400);
    const results = await Promise.all(Array.from({ length: 12 }, () => exportSpans(exporter, makeSpans(1))));
    expect(results.map((r) => r.code)).toEqual(Array(12).fill(ExportResultCode.FAILED));
    expect(collector.finished).toBe(0);
    expect(collector.maxOpen).toBeGreaterThan(0);
    expect(collector.maxOpen).toBeLessThanOrEqual(OTLP_HTTP_MAX_SOCKETS);
    // Then sequentially, more than maxSockets times: the count stays bounded and drains.
    for (let i = 0; i < 6; i++) expect((await exportSpans(exporter, makeSpans(1))).code).toBe(ExportResultCode.FAILED);
    expect(collector.maxOpen).toBeLessThanOrEqual(OTLP_HTTP_MAX_SOCKETS);
    expect(await pollUntil(() => collector.open === 0, 5000)).toBe(true);
  });

  it(`an answer that never ends is read up to ${OTLP_HTTP_MAX_RESPONSE_BYTES} bytes, then aborted and counted as failed`, async () => {
    const collector = await slowCollector(flood);
    const managed = new ManagedExporter('otlp', exporterFor(collector.url, 10_000));
    closers.push(() => managed.shutdown());
    const outcome = await managed.send(makeSpans(1), 30_000);
    expect(outcome.ok).toBe(false);
    expect((outcome.error as Error).message).toBe(`OTLP/HTTP answer exceeded ${OTLP_HTTP_MAX_RESPONSE_BYTES} bytes (status 200); aborted`);
    expect(classifyExportError(outcome.error).retryable).toBe(false);
    expect(managed.getStats()).toMatchObject({ failedExports: 1, failedSpans: 0 });
    expect(await pollUntil(() => collector.open === 0, 5000)).toBe(true);
  });

  it('shutdown() ends a request that is still trickling', async () => {
    const collector = await slowCollector(trickle(100));
    const exporter = await exporterFor(collector.url, 60_000);
    const pending = exportSpans(exporter, makeSpans(1));
    expect(await pollUntil(() => collector.requests === 1, 5000)).toBe(true);
    await exporter.shutdown();
    const result = await pending;
    expect(collector.finished).toBe(0);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(classifyExportError(result.error)).toMatchObject({ retryable: false, reason: 'exporter is shut down' });
    expect(await pollUntil(() => collector.open === 0, 5000)).toBe(true);
  });
});
