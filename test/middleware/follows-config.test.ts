import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { withTracing } from '../../src/decorators/with-tracing';
import { tracingMiddleware } from '../../src/middleware/express';
import { wrapRequestListener } from '../../src/middleware/node-http';
import { getInstrumentation } from '../../src/sdk/get-instrumentation';
import { initializeTracing, shutdownTracing } from '../../src/sdk/lifecycle';
import { getFinishedSpans, resetFinishedSpans } from '../../src/testing/index';
import { listen, type RunningServer } from '../instrument/support';

// Standalone wrappers follow the config of initializeTracing() as getInstrumentation() does, even
// when they were made before it; their own explicit options win over the config.

const base = { serviceName: 'follows-config', exporterType: 'memory', handleSignals: false, logLevel: 'none' } as const;
const servers: RunningServer[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  await shutdownTracing();
});

interface Seen {
  status: number;
  traceresponse: string | null;
  /** Whether the handler ran under an active span (recording or not). */
  activeSpan: boolean;
}

function hello(): { activeSpan: boolean } {
  return { activeSpan: trace.getActiveSpan() !== undefined };
}

type Flavour = { name: string; make: (options?: object) => Promise<(path: string, headers?: Record<string, string>) => Promise<Seen>> };

const flavours: Flavour[] = [
  {
    name: 'wrapRequestListener',
    async make(options) {
      const server = await listen(
        wrapRequestListener((_req, res) => {
          res.setHeader('x-cache', 'hit');
          res.end(JSON.stringify(hello()));
        }, options),
      );
      servers.push(server);
      return request(server.url);
    },
  },
  {
    name: 'tracingMiddleware (Express)',
    async make(options) {
      const app = express();
      app.use(tracingMiddleware(options));
      app.get('/{*any}', (_req, res) => {
        res.setHeader('x-cache', 'hit');
        res.json(hello());
      });
      const server = await listen(app);
      servers.push(server);
      return request(server.url);
    },
  },
  {
    name: 'withTracing(handler) (fetch)',
    async make(options) {
      const handler = withTracing(async (_req: Request) => Response.json(hello(), { headers: { 'x-cache': 'hit' } }), options);
      return async (path, headers = {}) => {
        const res = await handler(new Request(`http://app.test${path}`, { headers }));
        return { status: res.status, traceresponse: res.headers.get('traceresponse'), ...((await res.json()) as { activeSpan: boolean }) };
      };
    },
  },
];

function request(url: string) {
  return async (path: string, headers: Record<string, string> = {}): Promise<Seen> => {
    const res = await fetch(url + path, { headers });
    return { status: res.status, traceresponse: res.headers.get('traceresponse'), ...((await res.json()) as { activeSpan: boolean }) };
  };
}

/** Spans end on the response's close, which can come just after the client has the body. */
async function spansNamed(n: number): Promise<ReadableSpan[]> {
  let spans: ReadableSpan[] = [];
  for (let i = 0; i < 100; i++) {
    spans = await getFinishedSpans();
    if (spans.length >= n) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return spans;
}

describe.each(flavours)('$name made before initializeTracing()', ({ make }) => {
  it('follows ignorePaths, traceresponse and the header allowlists of the running config', async () => {
    const send = await make();
    await initializeTracing({
      ...base,
      ignorePaths: ['/health', '/internal/*'],
      traceResponseHeader: true,
      captureRequestHeaders: ['x-tenant'],
      captureResponseHeaders: ['x-cache'],
    });
    resetFinishedSpans();

    // ignored by the middleware itself: no span at all (not even a non-recording one), no header
    for (const path of ['/health', '/internal/metrics?x=1']) {
      expect(await send(path)).toEqual({ status: 200, traceresponse: null, activeSpan: false });
    }
    const traced = await send('/work', { 'x-tenant': 'acme' });
    expect(traced.activeSpan).toBe(true);
    const spans = await spansNamed(1);
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(traced.traceresponse).toBe(`00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`);
    expect(span!.attributes).toMatchObject({
      'url.path': '/work',
      'http.request.header.x-tenant': ['acme'],
      'http.response.header.x-cache': ['hit'],
    });
  });

  it('enableHttp=false in the config turns it off', async () => {
    const send = await make();
    await initializeTracing({ ...base, enableHttp: false, traceResponseHeader: true });
    expect(await send('/work')).toEqual({ status: 200, traceresponse: null, activeSpan: false });
    expect(await getFinishedSpans()).toHaveLength(0);
  });

  it('explicit options win over the config', async () => {
    const send = await make({ ignorePaths: [], traceResponseHeader: false, capturedRequestHeaders: [] });
    await initializeTracing({ ...base, ignorePaths: ['/internal/*'], traceResponseHeader: true, captureRequestHeaders: ['x-tenant'] });
    resetFinishedSpans();
    // the sampler still drops an ignored path (NOT_RECORD), but the middleware no longer skips it
    expect(await send('/internal/x')).toMatchObject({ traceresponse: null, activeSpan: true });
    const traced = await send('/work', { 'x-tenant': 'acme' });
    expect(traced).toMatchObject({ traceresponse: null, activeSpan: true });
    const spans = await spansNamed(1);
    expect(spans.map((s) => s.attributes['url.path'])).toEqual(['/work']);
    expect(spans[0]!.attributes['http.request.header.x-tenant']).toBeUndefined();
  });

  it('follows a new config after shutdownTracing() and initializeTracing() again', async () => {
    const send = await make();
    await initializeTracing({ ...base, traceResponseHeader: true });
    expect((await send('/work')).traceresponse).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await shutdownTracing();
    await initializeTracing({ ...base, traceResponseHeader: false, ignorePaths: ['/work'] });
    expect(await send('/work')).toEqual({ status: 200, traceresponse: null, activeSpan: false });
    expect((await send('/other')).activeSpan).toBe(true);
  });
});

describe('getInstrumentation() and a standalone wrapper agree', () => {
  it('both skip the config’s ignored paths and add traceresponse', async () => {
    await initializeTracing({ ...base, ignorePaths: ['/health'], traceResponseHeader: true });
    const viaConfig = await listen(getInstrumentation().wrapRequestListener((_req, res) => res.end(JSON.stringify(hello()))));
    const standalone = await listen(wrapRequestListener((_req, res) => res.end(JSON.stringify(hello()))));
    servers.push(viaConfig, standalone);
    for (const server of [viaConfig, standalone]) {
      const send = request(server.url);
      expect(await send('/health')).toEqual({ status: 200, traceresponse: null, activeSpan: false });
      expect((await send('/work')).traceresponse).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    }
  });
});

describe('middleware from getInstrumentation() taken before initializeTracing()', () => {
  it('follow the config of the later initializeTracing(): node:http, Express and fetch', async () => {
    const early = getInstrumentation();
    const plain = await listen(early.wrapRequestListener((_req, res) => res.end(JSON.stringify(hello()))));
    const app = express();
    app.use(early.expressMiddleware());
    app.get('/{*any}', (_req, res) => res.json(hello()));
    const viaExpress = await listen(app);
    servers.push(plain, viaExpress);
    const fetchHandler = early.traceFetchHandler(async (_req: Request) => Response.json(hello()), { route: '/items/[id]' });
    const viaFetch = async (path: string): Promise<Seen> => {
      const res = await fetchHandler(new Request(`http://app.test${path}`));
      return { status: res.status, traceresponse: res.headers.get('traceresponse'), ...((await res.json()) as { activeSpan: boolean }) };
    };

    await initializeTracing({ ...base, ignorePaths: ['/health'], traceResponseHeader: true });
    resetFinishedSpans();
    for (const send of [request(plain.url), request(viaExpress.url), viaFetch]) {
      expect(await send('/health')).toEqual({ status: 200, traceresponse: null, activeSpan: false });
      expect((await send('/items/7')).traceresponse).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    }
    const spans = await spansNamed(3);
    expect(spans.map((s) => s.attributes['url.path'])).toEqual(['/items/7', '/items/7', '/items/7']);
    expect(spans.find((s) => s.name === 'GET /items/[id]')).toBeDefined();
  });
});
