import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { traceFetchHandler } from '../../src/middleware/fetch-handler';
import { expectTrace } from '../../src/testing/expect-trace';
import { createHarness, type Harness } from '../instrument/support';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.teardown());

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

describe('traceFetchHandler', () => {
  it('a SERVER span around a (Request) => Response handler, with the work inside as children', async () => {
    const handler = traceFetchHandler(
      async (req: Request, ctx: { params: { id: string } }) => {
        await h.inst.instrumentRedisCommand({ command: 'GET', key: `user:${ctx.params.id}` }, async () => null);
        return Response.json({ id: ctx.params.id, path: new URL(req.url).pathname });
      },
      { tracer: h.tracer, route: '/api/users/[id]', traceResponseHeader: true },
    );
    const req = new Request('https://app.example.com/api/users/17?api_key=k', {
      headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, 'user-agent': 'ua' },
    });
    const res = await handler(req, { params: { id: '17' } });
    expect(await res.json()).toEqual({ id: '17', path: '/api/users/17' });
    const root = expectTrace(h.spans(), {
      name: 'GET /api/users/[id]',
      kind: SpanKind.SERVER,
      attributes: {
        'http.route': '/api/users/[id]',
        'url.path': '/api/users/17',
        'url.query': 'api_key=REDACTED',
        'url.scheme': 'https',
        'server.address': 'app.example.com',
        'server.port': 443,
        'user_agent.original': 'ua',
        'http.response.status_code': 200,
      },
      spans: [{ name: 'GET', kind: SpanKind.CLIENT, attributes: { 'db.query.text': 'GET user:?' } }],
    });
    expect(root.spanContext().traceId).toBe(TRACE_ID);
    expect(root.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(res.headers.get('traceresponse')).toBe(`00-${TRACE_ID}-${root.spanContext().spanId}-01`);
  });

  it('a thrown error is rethrown unchanged and marks the span ERROR; 5xx responses too', async () => {
    const error = new Error('handler broke');
    const throwing = traceFetchHandler(async (_req: Request): Promise<Response> => {
      throw error;
    }, { tracer: h.tracer });
    await expect(throwing(new Request('http://localhost/x'))).rejects.toBe(error);
    const failing = traceFetchHandler((_req: Request) => new Response('no', { status: 502 }), { tracer: h.tracer });
    const res = failing(new Request('http://localhost/y', { method: 'DELETE' })) as Response;
    expect(res.status).toBe(502);
    const [thrown, bad] = h.spans();
    expect(thrown!.name).toBe('GET');
    expect(thrown!.status.code).toBe(SpanStatusCode.ERROR);
    expect(thrown!.events.map((e) => e.name)).toContain('exception');
    expect(bad!.name).toBe('DELETE');
    expect(bad!.status.code).toBe(SpanStatusCode.ERROR);
    expect(bad!.attributes['error.type']).toBe('502');
  });

  it('immutable response headers (a fetched or redirect Response) still get traceresponse', async () => {
    const handler = traceFetchHandler((_req: Request) => Response.redirect('http://localhost/elsewhere', 302), { tracer: h.tracer, traceResponseHeader: true });
    const res = (await handler(new Request('http://localhost/old'))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://localhost/elsewhere');
    expect(res.headers.get('traceresponse')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('ignored paths run the handler untraced', async () => {
    let active: unknown = 'unset';
    const handler = traceFetchHandler(
      (_req: Request) => {
        active = trace.getActiveSpan();
        return new Response('ok');
      },
      { tracer: h.tracer, ignorePaths: [/^\/_next\//] },
    );
    await handler(new Request('http://localhost/_next/static/chunk.js'));
    expect(active).toBeUndefined();
    expect(h.spans()).toHaveLength(0);
  });
});

describe('traceFetchHandler hooks', () => {
  it('requestHook gets the Request, responseHook the Response, before the span ends', async () => {
    const handler = traceFetchHandler((_req: Request) => new Response('ok', { headers: { 'x-cache': 'miss' } }), {
      tracer: h.tracer,
      requestHook: (span, request) => span.setAttribute('app.tenant', request.headers.get('x-tenant') ?? 'none'),
      responseHook: (span, response) => span.setAttribute('app.cache', response.headers.get('x-cache') ?? 'none'),
    });
    await handler(new Request('http://localhost/', { headers: { 'x-tenant': 'acme' } }));
    expect(h.spans()[0]!.attributes).toMatchObject({ 'app.tenant': 'acme', 'app.cache': 'miss' });
  });
});

describe('request facts parsed once and reused', () => {
  it('Host and method: each request gets its own, whatever came before (the last Host and the known methods are kept)', async () => {
    const handler = traceFetchHandler((_req: Request) => new Response('ok'), { tracer: h.tracer });
    const requests: [string, string][] = [
      ['http://a.test:8080/', 'patch'],
      ['https://a.test:8080/', 'PATCH'],
      ['https://a.test/', 'patch'],
      ['http://a.test/', 'PURGE'],
      ['http://a.test/', '_OTHER'],
      ['http://a.test/', '_OTHER'],
      ['http://[::1]:9/', 'GET'],
      ['http://a.test:8080/', 'GET'],
    ];
    for (const [url, method] of requests) await handler(new Request(url, { method }));
    const seen = h.spans().map((s) => [
      s.name,
      s.attributes['http.request.method'],
      s.attributes['http.request.method_original'],
      s.attributes['server.address'],
      s.attributes['server.port'],
    ]);
    expect(seen).toEqual([
      ['PATCH', 'PATCH', 'patch', 'a.test', 8080],
      ['PATCH', 'PATCH', undefined, 'a.test', 8080],
      ['PATCH', 'PATCH', 'patch', 'a.test', 443],
      ['HTTP', '_OTHER', 'PURGE', 'a.test', 80],
      ['HTTP', '_OTHER', '_OTHER', 'a.test', 80],
      ['HTTP', '_OTHER', '_OTHER', 'a.test', 80],
      ['GET', 'GET', undefined, '::1', 9],
      ['GET', 'GET', undefined, 'a.test', 8080],
    ]);
  });
});
