import { getLogContext } from '../../src/logging/log-context';
import { request, createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createContextManagerFacade,
  createPropagator,
  getAllBaggage,
  resolveCorrelationId,
  withCorrelationId,
} from '../../src/propagation/index';

// Global wiring on purpose: services A → B → C on loopback, each with a SERVER span extracted from
// the incoming headers and a CLIENT span per outgoing call, injected into the outgoing headers.
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: exporter })] });
const tracer = provider.getTracer('chain');
const cm = createContextManagerFacade();

interface Seen {
  service: string;
  headers: IncomingHttpHeaders;
  baggage: Record<string, string>;
  log: ReturnType<typeof getLogContext>;
}
const seen: Seen[] = [];
const servers: Server[] = [];
const urls: Record<string, string> = {};

function call(url: string): Promise<string> {
  return tracer.startActiveSpan(`GET ${new URL(url).pathname}`, { kind: SpanKind.CLIENT }, (span) => {
    const headers = cm.injectContext(context.active(), {} as Record<string, string>);
    return new Promise<string>((resolve, reject) => {
      const req = request(url, { headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          span.setAttribute('http.response.status_code', res.statusCode ?? 0);
          span.end();
          resolve(body);
        });
      });
      req.on('error', (error) => {
        span.end();
        reject(error);
      });
      req.end();
    });
  });
}

function service(name: string, downstream: () => string[]): Server {
  return createServer((req, res) => {
    const parent = cm.extractContext(req.headers, ROOT_CONTEXT);
    const span = tracer.startSpan(`GET /${name}`, { kind: SpanKind.SERVER, attributes: { 'url.path': `/${name}` } }, parent);
    const correlationId = resolveCorrelationId(req.headers, span.spanContext());
    context.with(trace.setSpan(parent, span), () =>
      withCorrelationId(correlationId, async () => {
        seen.push({ service: name, headers: req.headers, baggage: getAllBaggage(), log: getLogContext() });
        const bodies: string[] = [];
        for (const url of downstream()) bodies.push(await call(url));
        span.end();
        res.end(JSON.stringify({ name, bodies }));
      }),
    );
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(createPropagator(['tracecontext', 'baggage']));
  trace.setGlobalTracerProvider(provider);
  urls.c = (await listen(service('c', () => []))) + '/c';
  urls.b = (await listen(service('b', () => [urls.c]))) + '/b';
  urls.a = (await listen(service('a', () => [urls.b, urls.b]))) + '/a';
});

afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

describe('propagation across three HTTP services (A calls B twice, B calls C)', () => {
  const TRACE = '0af7651916cd43dd8448eb211c80319c';
  const CALLER = 'b7ad6b7169203331';

  it('keeps one trace, a new parent at each hop, baggage, tracestate and the random flag', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        urls.a,
        {
          headers: {
            traceparent: `00-${TRACE}-${CALLER}-03`,
            tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
            baggage: 'tenant=acme,user=J%C3%BCrgen;pii',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body).bodies).toHaveLength(2);

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(9); // A: server + 2 clients; B: 2 × (server + client); C: 2 servers
    for (const s of spans) expect(s.spanContext().traceId).toBe(TRACE);
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: (typeof spans)[number]) => s.parentSpanContext?.spanId;

    const serverA = spans.filter((s) => s.name === 'GET /a');
    expect(serverA).toHaveLength(1);
    expect(serverA[0].kind).toBe(SpanKind.SERVER);
    expect(parentOf(serverA[0])).toBe(CALLER);

    const clientsToB = spans.filter((s) => s.name === 'GET /b' && s.kind === SpanKind.CLIENT);
    const serversB = spans.filter((s) => s.name === 'GET /b' && s.kind === SpanKind.SERVER);
    const clientsToC = spans.filter((s) => s.name === 'GET /c' && s.kind === SpanKind.CLIENT);
    const serversC = spans.filter((s) => s.name === 'GET /c' && s.kind === SpanKind.SERVER);
    expect([clientsToB.length, serversB.length, clientsToC.length, serversC.length]).toEqual([2, 2, 2, 2]);
    for (const client of clientsToB) expect(parentOf(client)).toBe(serverA[0].spanContext().spanId);
    // Each outgoing call has its own client span, so each hop's server has a different parent.
    expect(new Set(serversB.map(parentOf)).size).toBe(2);
    for (const server of serversB) expect(byId.get(parentOf(server)!)?.name).toBe('GET /b');
    for (const server of serversB) expect(byId.get(parentOf(server)!)?.kind).toBe(SpanKind.CLIENT);
    for (const client of clientsToC) expect(serversB.map((s) => s.spanContext().spanId)).toContain(parentOf(client));
    for (const server of serversC) expect(clientsToC.map((s) => s.spanContext().spanId)).toContain(parentOf(server));

    // What B and C received on the wire.
    const hops = seen.filter((s) => s.service !== 'a');
    expect(hops).toHaveLength(4);
    for (const hop of hops) {
      const [version, traceId, parentId, flags] = String(hop.headers.traceparent).split('-');
      expect([version, traceId, flags]).toEqual(['00', TRACE, '03']); // the random flag is carried
      expect(byId.get(parentId)?.kind).toBe(SpanKind.CLIENT);
      expect(hop.headers.tracestate).toBe('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
      expect(hop.headers.baggage).toBe('tenant=acme,user=J%C3%BCrgen;pii');
    }
    for (const s of seen) {
      expect(s.baggage).toEqual({ tenant: 'acme', user: 'Jürgen' });
      expect(s.log).toMatchObject({ trace_id: TRACE, trace_flags: '03', correlation_id: TRACE });
    }
    expect(seen.map((s) => s.service).sort()).toEqual(['a', 'b', 'b', 'c', 'c']);
  });

  it('over real HTTP: two traceparent headers restart the trace; two tracestate headers combine in order', async () => {
    exporter.reset();
    seen.length = 0;
    const send = (headers: Record<string, string | string[]>) =>
      new Promise<void>((resolve, reject) => {
        const req = request(urls.c, { headers }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        });
        req.on('error', reject);
        req.end();
      });
    await send({ traceparent: [`00-${TRACE}-${CALLER}-01`, `00-${TRACE}-${CALLER}-01`], tracestate: 'a=1' });
    await send({ traceparent: `00-${TRACE}-${CALLER}-01`, tracestate: ['a=1,b=2', 'c=3'] });
    await send({ traceparent: `00-${TRACE}-${CALLER}-01`, tracestate: ['a=1', 'a=2'] });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['GET /c', 'GET /c', 'GET /c']);
    expect(spans[0].spanContext().traceId).not.toBe(TRACE);
    expect(spans[0].parentSpanContext).toBeUndefined();
    expect(spans[0].spanContext().traceState).toBeUndefined();
    expect(spans[1].spanContext().traceId).toBe(TRACE);
    expect(spans[1].spanContext().traceState?.serialize()).toBe('a=1,b=2,c=3');
    expect(spans[2].spanContext().traceId).toBe(TRACE);
    expect(spans[2].spanContext().traceState?.serialize()).toBe('a=1'); // a duplicated key: the first is kept (W3C Trace Context, 2026 text)
    expect(seen[0].log.correlation_id).toBe(spans[0].spanContext().traceId);
  });
});
