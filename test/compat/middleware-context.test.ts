/**
 * `app.use(tracingMiddleware)` (without the call) on a real Express app; the propagation
 * document's `extractTraceContext(request)` over every carrier; `baggage.set` in a traced scope
 * reaching later code and an outgoing request to a real local server.
 */
import { context, propagation, SpanKind, type Context } from '@opentelemetry/api';
import express from 'express';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  baggage,
  extractTraceContext,
  getAllBaggage,
  injectTraceContext,
  initializeTracing,
  shutdownTracing,
  traceFetch,
  tracingMiddleware,
  withBaggage,
  withSpan,
} from '../../src/index';
import { getFinishedSpans } from '../../src/testing';
import { listen, type RunningServer } from '../instrument/support';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT = 'b7ad6b7169203331';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT}-01`;

beforeEach(async () => {
  await initializeTracing({ serviceName: 'compat-mw', exporterType: 'memory', handleSignals: false, logLevel: 'none' });
});
afterEach(async () => {
  await shutdownTracing();
});

describe('app.use(tracingMiddleware) without the call', () => {
  it('acts as the middleware: requests complete and get SERVER spans', async () => {
    const app = express();
    app.use(tracingMiddleware);
    app.get('/users/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    const server = await listen(app);
    try {
      const response = await fetch(`${server.url}/users/7`, { headers: { traceparent: TRACEPARENT }, signal: AbortSignal.timeout(5_000) });
      expect(await response.json()).toEqual({ id: '7' });
    } finally {
      await server.close();
    }
    const [span] = await getFinishedSpans();
    expect(span!.name).toBe('GET /users/:id');
    expect(span!.kind).toBe(SpanKind.SERVER);
    expect(span!.spanContext().traceId).toBe(TRACE_ID);
    expect(span!.parentSpanContext?.spanId).toBe(PARENT);
  });

  it('tracingMiddleware() still returns a middleware', () => {
    expect(typeof tracingMiddleware()).toBe('function');
    expect(typeof tracingMiddleware({ ignorePaths: ['/health'] })).toBe('function');
  });
});

describe('extractTraceContext(source): one function for every carrier', () => {
  const spanContextOf = (ctx: Context) => context.with(ctx, () => withSpan('continued', (s) => s.spanContext()));

  it('reads a fetch Request, Headers, a header record (any case), an IncomingMessage and job data', async () => {
    const fromRequest = extractTraceContext(new Request('http://x/', { headers: { traceparent: TRACEPARENT, baggage: 'tenant=acme' } }));
    const fromHeaders = extractTraceContext(new Headers({ TraceParent: TRACEPARENT }));
    const fromRecord = extractTraceContext({ 'Traceparent': TRACEPARENT });
    const job = withSpan('producer', () => injectTraceContext({ orderId: 1 }));
    const fromJob = extractTraceContext(job);

    let incoming: Context | undefined;
    const server = createServer((req: IncomingMessage, res) => {
      incoming = extractTraceContext(req);
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, headers: { traceparent: TRACEPARENT } }, (res) => res.resume().on('end', resolve)).on('error', reject).end();
    });
    await new Promise((r) => server.close(r));

    for (const ctx of [fromRequest, fromHeaders, fromRecord, incoming!]) expect(spanContextOf(ctx).traceId).toBe(TRACE_ID);
    expect(propagation.getBaggage(fromRequest)?.getEntry('tenant')?.value).toBe('acme');
    const producer = (await getFinishedSpans()).find((s) => s.name === 'producer')!;
    expect(spanContextOf(fromJob).traceId).toBe(producer.spanContext().traceId);
    expect(extractTraceContext({ orderId: 2 })).toBe(context.active());
    expect(extractTraceContext(undefined)).toBe(context.active());
  });
});

describe('baggage: changes in the current traced scope', () => {
  let echo: RunningServer;
  beforeEach(async () => {
    echo = await listen((req: IncomingMessage, res: ServerResponse) => res.end(JSON.stringify({ baggage: req.headers.baggage ?? null })));
  });
  afterEach(() => echo.close());

  it('set / get / getAll / remove are seen by later code, nested spans and an outgoing request', async () => {
    const seen = await withBaggage({ region: 'eu' }, () =>
      withSpan('request', async () => {
        expect(baggage.set('tenant', 'acme')).toBe(true);
        baggage.set('plan', 'pro');
        const nested = withSpan('nested', () => baggage.get('tenant'));
        baggage.remove('plan');
        const sent = (await (await traceFetch(`${echo.url}/x`)).json()) as { baggage: string };
        return { nested, all: baggage.getAll(), helper: getAllBaggage(), sent: sent.baggage.split(',').sort() };
      }),
    );
    expect(seen).toEqual({
      nested: 'acme',
      all: { region: 'eu', tenant: 'acme' },
      helper: { region: 'eu', tenant: 'acme' },
      sent: ['region=eu', 'tenant=acme'],
    });
  });

  it('a change inside withBaggage stays inside it; outside any traced scope set changes nothing', () => {
    expect(baggage.set('tenant', 'nobody')).toBe(false);
    expect(baggage.get('tenant')).toBeUndefined();
    withSpan('outer', () => {
      baggage.set('tenant', 'acme');
      withBaggage({ region: 'eu' }, () => {
        expect(baggage.getAll()).toEqual({ tenant: 'acme', region: 'eu' });
        baggage.set('tenant', 'inner');
        expect(baggage.get('tenant')).toBe('inner');
      });
      expect(baggage.getAll()).toEqual({ tenant: 'acme' });
    });
  });

  it('job data injected after baggage.set carries the change', () => {
    const job = withSpan('enqueue', () => {
      baggage.set('tenant', 'acme');
      return injectTraceContext({ id: 1 });
    });
    expect(job._traceContext?.baggage).toBe('tenant=acme');
    expect(propagation.getBaggage(extractTraceContext(job))?.getEntry('tenant')?.value).toBe('acme');
  });
});
