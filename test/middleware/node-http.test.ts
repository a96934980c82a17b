import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wrapRequestListener } from '../../src/middleware/node-http';
import { createHarness, listen, type Harness, type RunningServer } from '../instrument/support';
import { waitForSpans as waitFor } from '../support/wait-for-spans';

let h: Harness;
let server: RunningServer | undefined;
beforeEach(() => {
  h = createHarness();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await h.teardown();
});

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';

const waitForSpans = (n: number) => waitFor(() => h.spans(), n);

describe('wrapRequestListener', () => {
  it('one SERVER span per request, parented on the incoming traceparent, with the stable attributes', async () => {
    let activeInside: string | undefined;
    server = await listen(
      wrapRequestListener(
        (_req, res) => {
          activeInside = trace.getActiveSpan()?.spanContext().spanId;
          res.setHeader('x-served-by', 'node');
          res.end('ok');
        },
        { tracer: h.tracer, capturedRequestHeaders: ['x-request-id', 'cookie'], capturedResponseHeaders: ['x-served-by'], traceResponseHeader: true },
      ),
    );
    const res = await fetch(`${server.url}/users/42?password=pw&sort=asc`, {
      headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, 'user-agent': 'test-agent/1', 'x-request-id': 'req-1', cookie: 'sid=secret' },
    });
    expect(await res.text()).toBe('ok');
    await waitForSpans(1);
    const [span] = h.spans();
    expect(span!.name).toBe('GET');
    expect(span!.kind).toBe(SpanKind.SERVER);
    expect(span!.spanContext().traceId).toBe(TRACE_ID);
    expect(span!.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(activeInside).toBe(span!.spanContext().spanId);
    expect(span!.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.path': '/users/42',
      'url.query': 'password=REDACTED&sort=asc',
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'client.address': '127.0.0.1',
      'user_agent.original': 'test-agent/1',
      'network.protocol.version': '1.1',
      'http.response.status_code': 200,
      'http.request.header.x-request-id': ['req-1'],
      'http.response.header.x-served-by': ['node'],
      'correlation.id': 'req-1',
    });
    expect(span!.attributes['http.request.header.cookie']).toBeUndefined();
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(res.headers.get('traceresponse')).toBe(`00-${TRACE_ID}-${span!.spanContext().spanId}-01`);
  });

  it('5xx is an ERROR; 4xx is not; a routeResolver names the span by template', async () => {
    server = await listen(
      wrapRequestListener(
        (req, res) => {
          res.statusCode = req.url === '/fail' ? 503 : 404;
          res.end();
        },
        { tracer: h.tracer, routeResolver: (req) => (req.url === '/fail' ? '/fail' : undefined) },
      ),
    );
    await fetch(`${server.url}/fail`);
    await fetch(`${server.url}/nope/123`);
    await waitForSpans(2);
    const [fail, nope] = h.spans();
    expect(fail!.name).toBe('GET /fail');
    expect(fail!.attributes['http.route']).toBe('/fail');
    expect(fail!.status.code).toBe(SpanStatusCode.ERROR);
    expect(fail!.attributes['error.type']).toBe('503');
    expect(nope!.name).toBe('GET');
    expect(nope!.status.code).toBe(SpanStatusCode.UNSET);
    expect(nope!.attributes['error.type']).toBeUndefined();
  });

  it('a thrown error (async listener) is recorded on the span', async () => {
    const error = new Error('handler failed');
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      server = await listen(
        wrapRequestListener(
          async (_req, res) => {
            // the app's own safety net answers later; the listener's promise rejects first
            setTimeout(() => {
              res.statusCode = 500;
              res.end();
            }, 5);
            throw error;
          },
          { tracer: h.tracer },
        ),
      );
      await fetch(server.url);
      await waitForSpans(1);
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    const [span] = h.spans();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.events.map((e) => e.name)).toContain('exception');
    // the rejection stays as unhandled as it was without the wrapper
    expect(unhandled).toContain(error);
  });

  it('ends the span when the client closes the connection early', async () => {
    let release!: () => void;
    server = await listen(
      wrapRequestListener(
        (_req, res) => {
          release = () => res.end('late');
        },
        { tracer: h.tracer },
      ),
    );
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    for (let i = 0; i < 100 && !release; i++) await new Promise((r) => setTimeout(r, 10));
    socket.destroy();
    await waitForSpans(1);
    const [span] = h.spans();
    expect(span!.ended).toBe(true);
    expect(span!.events.map((e) => e.name)).toContain('http.connection_closed');
    expect(span!.attributes['http.response.status_code']).toBeUndefined();
    release();
  });

  it('ignored paths and enableHttp=false produce no span', async () => {
    server = await listen(wrapRequestListener((_req, res) => res.end('ok'), { tracer: h.tracer, ignorePaths: ['/health', '/internal/*'] }));
    await fetch(`${server.url}/health`);
    await fetch(`${server.url}/internal/metrics?x=1`);
    await fetch(`${server.url}/traced`);
    await waitForSpans(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(h.spans().map((s) => s.attributes['url.path'])).toEqual(['/traced']);
    await server.close();
    server = await listen(wrapRequestListener((_req, res) => res.end('ok'), { tracer: h.tracer, enableHttp: false }));
    await fetch(`${server.url}/x`);
    await new Promise((r) => setTimeout(r, 30));
    expect(h.spans()).toHaveLength(1);
  });

  it('glob ignorePaths: adversarial paths get the right answer, paths over 2,048 characters are traced', async () => {
    server = await listen(wrapRequestListener((_req, res) => res.end('ok'), { tracer: h.tracer, ignorePaths: ['*a*a*a*b', '/static/*'] }));
    const hostile = '/a'.repeat(1000); // no `b`: not ignored; the RegExp-based matcher took seconds per match on this
    const matching = `${'/a'.repeat(1000)}b`; // ignored
    const long = `/static/${'x'.repeat(3000)}`; // past the cap: traced, although /static/* describes it
    for (const path of [hostile, matching, '/static/app.js', long, '/sentinel']) expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    await waitForSpans(3);
    expect(h.spans().map((s) => s.attributes['url.path'])).toEqual([hostile, long, '/sentinel']);
  });

  it('the listener is called with the server as `this`, inside the span', async () => {
    let self: unknown;
    let active: unknown;
    server = await listen(
      wrapRequestListener(
        function (this: unknown, _req, res) {
          self = this;
          active = trace.getActiveSpan();
          res.end();
        },
        { tracer: h.tracer },
      ),
    );
    await fetch(server.url);
    await waitForSpans(1);
    expect(self).toBe(server.server);
    expect((active as { spanContext(): { spanId: string } }).spanContext().spanId).toBe(h.spans()[0]!.spanContext().spanId);
  });

  it('without an incoming traceparent the span is a root with a fresh trace', async () => {
    server = await listen(wrapRequestListener((_req, res) => res.end(), { tracer: h.tracer }));
    await fetch(server.url);
    await waitForSpans(1);
    expect(h.spans()[0]!.parentSpanContext).toBeUndefined();
  });
});

describe('robustness', () => {
  it('a broken tracer or ignore predicate never fails the request', async () => {
    const broken = { startSpan: () => { throw new Error('tracer broke'); } } as unknown as import('@opentelemetry/api').Tracer;
    server = await listen(wrapRequestListener((_req, res) => res.end('served'), { tracer: broken }));
    expect(await (await fetch(server.url)).text()).toBe('served');
    await server.close();
    server = await listen(
      wrapRequestListener((_req, res) => res.end('served too'), {
        tracer: h.tracer,
        shouldIgnorePath: () => {
          throw new Error('predicate broke');
        },
      }),
    );
    expect(await (await fetch(server.url)).text()).toBe('served too');
    await waitForSpans(1);
    expect(h.spans()).toHaveLength(1);
  });

  it('a sync throw from the listener is recorded and rethrown to node:http', () => {
    const error = new Error('sync boom');
    const listener = wrapRequestListener(() => {
      throw error;
    }, { tracer: h.tracer });
    const res = Object.assign(new EventEmitter(), { headersSent: false, writableFinished: false, statusCode: 200 });
    const req = { method: 'GET', url: '/x', headers: {}, httpVersion: '1.1', socket: { remoteAddress: '127.0.0.1' } };
    expect(() => listener(req as never, res as never)).toThrow(error);
    res.emit('close');
    const [span] = h.spans();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.events.map((e) => e.name)).toEqual(['exception', 'http.connection_closed']);
  });
});

describe('hooks', () => {
  it('requestHook and responseHook see the span while it is open; a throwing hook does not break the request', async () => {
    server = await listen(
      wrapRequestListener(
        (_req, res) => {
          res.setHeader('x-cache', 'hit');
          res.end('ok');
        },
        {
          tracer: h.tracer,
          requestHook: (span, req) => span.setAttribute('app.tenant', String(req.headers['x-tenant'])),
          responseHook: (span, res) => {
            span.setAttribute('app.cache', String(res.getHeader('x-cache')));
            throw new Error('hook bug');
          },
        },
      ),
    );
    const res = await fetch(server.url, { headers: { 'x-tenant': 'acme' } });
    expect(await res.text()).toBe('ok');
    await waitForSpans(1);
    expect(h.spans()[0]!.attributes).toMatchObject({ 'app.tenant': 'acme', 'app.cache': 'hit', 'http.response.status_code': 200 });
  });
});
