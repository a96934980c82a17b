import { propagation, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, echoListener, listen, type Harness, type RunningServer } from './support';

let h: Harness;
let server: RunningServer;

beforeEach(async () => {
  h = createHarness({ capturedRequestHeaders: ['x-request-id', 'authorization'], capturedResponseHeaders: ['x-served-by', 'set-cookie'] });
  server = await listen(echoListener);
});
afterEach(async () => {
  await server.close();
  await h.teardown();
});

describe('instrumentHttpRequest', () => {
  it('a CLIENT span with the stable attributes, and traceparent/baggage injected into the headers sent', async () => {
    const headers: Record<string, string> = { 'x-request-id': 'r-1', authorization: 'Bearer secret' };
    const url = `${server.url}/items/42?token=abc&page=2`;
    const baggage = propagation.createBaggage({ tenant: { value: 'acme' } });
    const response = await context.with(propagation.setBaggage(context.active(), baggage), () =>
      h.inst.instrumentHttpRequest({ method: 'post', url, headers, route: '/items/{id}' }, () => fetch(url, { method: 'POST', headers })),
    );
    const echoed = (await response.json()) as { headers: Record<string, string> };
    const [span] = h.spans();
    expect(span!.name).toBe('POST /items/{id}');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.request.method_original': 'post',
      'url.full': `${server.url}/items/42?token=REDACTED&page=2`,
      'url.template': '/items/{id}',
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'http.response.status_code': 200,
      'http.request.header.x-request-id': ['r-1'],
      'http.response.header.x-served-by': ['echo'],
    });
    expect(span!.attributes['http.request.header.authorization']).toBeUndefined();
    expect(span!.attributes['http.response.header.set-cookie']).toBeUndefined();
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    const sc = span!.spanContext();
    expect(echoed.headers.traceparent).toBe(`00-${sc.traceId}-${sc.spanId}-01`);
    expect(echoed.headers.baggage).toBe('tenant=acme');
  });

  it('reads the status from a Node IncomingMessage; 4xx is an ERROR with error.type', async () => {
    const headers: Record<string, string> = {};
    const res = await h.inst.instrumentHttpRequest({ method: 'GET', url: `${server.url}/missing?status=404`, headers }, () =>
      new Promise<IncomingMessage>((resolve, reject) => {
        const req = httpRequest(`${server.url}/missing?status=404`, { headers }, (r) => {
          r.resume();
          resolve(r);
        });
        req.on('error', reject);
        req.end();
      }),
    );
    expect(res.statusCode).toBe(404);
    const [span] = h.spans();
    expect(span!.name).toBe('GET');
    expect(span!.attributes['http.response.status_code']).toBe(404);
    expect(span!.attributes['error.type']).toBe('404');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a network error: ERROR, error.type from the error, the same error rethrown', async () => {
    const closed = await listen(echoListener);
    await closed.close();
    const error = await h.inst
      .instrumentHttpRequest({ url: `${closed.url}/` }, () => fetch(`${closed.url}/`))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    const [span] = h.spans();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBe('TypeError');
    expect(span!.attributes['http.response.status_code']).toBeUndefined();
  });

  it('records a redacted, truncated body only with captureBodies', async () => {
    const withBodies = createHarness({ captureBodies: true });
    try {
      await withBodies.inst.instrumentHttpRequest({ method: 'POST', url: server.url, body: { user: 'u', password: 'p' } }, async () => 1);
      expect(withBodies.spans()[0]!.attributes['http.request.body']).toBe('{"user":"u","password":"REDACTED"}');
    } finally {
      await withBodies.teardown();
    }
    await h.teardown();
    h = createHarness();
    await h.inst.instrumentHttpRequest({ method: 'POST', url: server.url, body: { a: 1 } }, async () => 1);
    expect(h.spans()[0]!.attributes['http.request.body']).toBeUndefined();
  });
});

describe('traceFetch', () => {
  it('wraps the global fetch: span, injection (init headers and a Request), status', async () => {
    const parent = h.tracer.startSpan('parent');
    const res = await context.with(trace.setSpan(context.active(), parent), () =>
      h.inst.traceFetch(`${server.url}/a?status=503`, { headers: { 'x-request-id': 'r-9' } }),
    );
    const echoed = (await res.json()) as { headers: Record<string, string> };
    const req = new Request(`${server.url}/b`, { method: 'PUT', headers: { 'x-request-id': 'r-10' } });
    const res2 = await h.inst.traceFetch(req);
    const echoed2 = (await res2.json()) as { method: string; headers: Record<string, string> };
    parent.end();
    const [first, second] = h.spans();
    expect(first!.name).toBe('GET');
    expect(first!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(first!.status.code).toBe(SpanStatusCode.ERROR);
    expect(first!.attributes['http.response.status_code']).toBe(503);
    expect(echoed.headers.traceparent).toContain(first!.spanContext().spanId);
    expect(echoed.headers['x-request-id']).toBe('r-9');
    expect(second!.name).toBe('PUT');
    expect(echoed2.method).toBe('PUT');
    expect(echoed2.headers['x-request-id']).toBe('r-10');
    expect(echoed2.headers.traceparent).toContain(second!.spanContext().spanId);
  });
});
