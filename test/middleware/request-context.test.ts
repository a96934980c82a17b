import { context, createContextKey, propagation, trace, type Context, type TextMapGetter, type TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tracingMiddleware } from '../../src/middleware/express';
import { traceFetchHandler } from '../../src/middleware/fetch-handler';
import { wrapRequestListener } from '../../src/middleware/node-http';
import { getBaggage } from '../../src/propagation/baggage';
import { getCorrelationId } from '../../src/propagation/correlation';
import { CorrelationIdPropagator } from '../../src/propagation/correlation-propagator';
import { getLogContext } from '../../src/logging/log-context';
import { createHarness, listen, type Harness, type RunningServer } from '../instrument/support';
import { waitForSpans as waitFor } from '../support/wait-for-spans';

// The handler must run in the context the propagators extracted from the request (plus the
// SERVER span), not in whatever context was active when the request arrived.

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';

/** A propagator of some vendor's own: puts `x-tenant` into the context under its own key. */
const TENANT_KEY = createContextKey('test.tenant');
const tenantPropagator: TextMapPropagator = {
  inject: () => undefined,
  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const value = getter.get(carrier, 'x-tenant');
    const first = Array.isArray(value) ? value[0] : value;
    return first ? ctx.setValue(TENANT_KEY, first) : ctx;
  },
  fields: () => ['x-tenant'],
};

interface Seen {
  tenantBaggage?: string;
  tenantKey?: unknown;
  correlationId?: string;
  logCorrelationId?: string;
  traceId?: string;
  spanId?: string;
}

function look(): Seen {
  return {
    tenantBaggage: getBaggage('tenant'),
    tenantKey: context.active().getValue(TENANT_KEY),
    correlationId: getCorrelationId(),
    logCorrelationId: getLogContext().correlation_id,
    traceId: trace.getActiveSpan()?.spanContext().traceId,
    spanId: trace.getActiveSpan()?.spanContext().spanId,
  };
}

let h: Harness;
let server: RunningServer | undefined;
beforeEach(() => {
  h = createHarness({}, false);
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator(), new CorrelationIdPropagator(), tenantPropagator],
    }),
  );
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await h.teardown();
});

/** Each middleware flavour: serve a handler that reports what it saw, then make one request. */
const flavours: { name: string; start: () => Promise<(headers: Record<string, string>) => Promise<Seen>> }[] = [
  {
    name: 'node:http (wrapRequestListener)',
    async start() {
      server = await listen(wrapRequestListener((_req, res) => res.end(JSON.stringify(look())), { tracer: h.tracer }));
      const url = server.url;
      return async (headers) => (await fetch(`${url}/x`, { headers })).json() as Promise<Seen>;
    },
  },
  {
    name: 'Express (tracingMiddleware)',
    async start() {
      const app = express();
      app.use(tracingMiddleware({ tracer: h.tracer }));
      app.get('/x', async (_req, res) => {
        await new Promise((r) => setTimeout(r, 1)); // across an async hop, too
        res.json(look());
      });
      server = await listen(app);
      const url = server.url;
      return async (headers) => (await fetch(`${url}/x`, { headers })).json() as Promise<Seen>;
    },
  },
  {
    name: 'fetch handler (traceFetchHandler)',
    async start() {
      const handler = traceFetchHandler(
        async (_req: Request) => {
          await new Promise((r) => setTimeout(r, 1));
          return Response.json(look());
        },
        { tracer: h.tracer },
      );
      return async (headers) => (await handler(new Request('http://app.test/x', { headers }))).json() as Promise<Seen>;
    },
  },
];

describe.each(flavours)('$name: the handler runs in the extracted context', ({ start }) => {
  it('sees the incoming baggage, correlation id and any other extracted value', async () => {
    const send = await start();
    const seen = await send({
      traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`,
      baggage: 'tenant=acme,plan=pro',
      'x-correlation-id': 'corr-123',
      'x-tenant': 'globex',
    });
    expect(seen).toMatchObject({
      tenantBaggage: 'acme',
      tenantKey: 'globex',
      correlationId: 'corr-123',
      logCorrelationId: 'corr-123',
      traceId: TRACE_ID,
    });
    await waitForSpans(1);
    const span = h.spans()[0]!;
    expect(seen.spanId).toBe(span.spanContext().spanId);
    expect(span.attributes['correlation.id']).toBe('corr-123');
  });

  it('keeps an incoming x-request-id when there is no x-correlation-id', async () => {
    const send = await start();
    const seen = await send({ 'x-request-id': 'req-9', baggage: 'tenant=initech' });
    expect(seen).toMatchObject({ tenantBaggage: 'initech', correlationId: 'req-9', logCorrelationId: 'req-9' });
  });

  it('without an incoming id the correlation id is the trace id (joined or fresh)', async () => {
    const send = await start();
    const joined = await send({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` });
    expect(joined).toMatchObject({ correlationId: TRACE_ID, logCorrelationId: TRACE_ID, traceId: TRACE_ID });
    const fresh = await send({});
    expect(fresh.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.traceId).not.toBe(TRACE_ID);
    expect(fresh.correlationId).toBe(fresh.traceId);
    expect(fresh.logCorrelationId).toBe(fresh.traceId);
    expect(fresh.tenantBaggage).toBeUndefined();
  });
});

const waitForSpans = (n: number) => waitFor(() => h.spans(), n);
