import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInstrumentation, type Instrumentation, type InstrumentationOptions } from '../../src/sdk/instrumentation';
import { createTestTracing, type TestTracing } from '../../src/testing/test-tracing';

export const FLAGS = {
  enableHttp: true,
  enableDatabase: true,
  enableRedis: true,
  enableDiscord: true,
  captureBodies: false,
  sanitizeQueries: true,
  sanitizeKeys: true,
} as const;

export interface Harness extends TestTracing {
  inst: Instrumentation;
  teardown(): Promise<void>;
}

/**
 * A fresh provider with an in-memory exporter, the async-hooks context manager, and (for tests
 * where propagation matters) the W3C propagators; `teardown` disables all the globals again.
 */
export function createHarness(options: Partial<InstrumentationOptions> = {}, withPropagation = true): Harness {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  if (withPropagation) {
    propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  }
  const t = createTestTracing();
  const inst = createInstrumentation({ ...FLAGS, ...options, tracer: t.tracer });
  return {
    ...t,
    inst,
    async teardown() {
      await t.shutdown();
      context.disable();
      propagation.disable();
    },
  };
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with an OS-chosen port. */
export async function listen(listener: RequestListener | ((req: IncomingMessage, res: ServerResponse) => unknown)): Promise<RunningServer> {
  const server = createServer(listener as RequestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** An echo server: replies with the request's method, url and headers as JSON, status from `?status=`. */
export function echoListener(req: IncomingMessage, res: ServerResponse): void {
  const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
  res.writeHead(status, { 'content-type': 'application/json', 'x-served-by': 'echo', 'set-cookie': 'sid=1' });
  res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }));
}
