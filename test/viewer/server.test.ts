import { context, trace, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { isTracingConfigError } from '../../src/errors';
import { SpanTap } from '../../src/runtime/span-tap';
import { hostHeaderAllowed, tokenEquals } from '../../src/viewer/auth';
import { FileTraceSource } from '../../src/viewer/file-source';
import { parseTraceQuery, QueryError } from '../../src/viewer/query';
import { RingTraceSource } from '../../src/viewer/ring-source';
import { startViewerServer, type ViewerServer } from '../../src/viewer/server';
import { startTraceViewer } from '../../src/viewer/lazy';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const servers: ViewerServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function fileServer(options: { token?: string } = {}) {
  const source = new FileTraceSource({ inputs: [`${FIXTURES}viewer-basic.jsonl`, `${FIXTURES}viewer-bad.jsonl`], follow: false });
  await source.ready;
  const server = await startViewerServer(source, { port: 0, ...options });
  servers.push(server);
  return server;
}

describe('the JSON API', () => {
  it('answers the four routes', async () => {
    const { url } = await fileServer();
    const list = await (await fetch(`${url}api/traces?service=api&sort=-duration&limit=2`)).json();
    expect(list.traces.map((t: { rootName: string }) => t.rootName)).toEqual(['POST /orders', 'GET /users/:id']);
    expect(list.total).toBe(4);
    const detail = await (await fetch(`${url}api/traces/000000000000000000000000000000b2`)).json();
    expect(detail.spans.map((s: { name: string; status: unknown }) => [s.name, s.status])).toEqual([
      ['POST /orders', { code: 2, message: 'payment failed' }],
      ['charge card', { code: 2, message: 'card declined' }],
    ]);
    expect(detail.spans[0].links).toEqual([{ traceId: '000000000000000000000000000000a1', spanId: '0000000000000001', attributes: { 'link.reason': 'same user' } }]);
    const ops = await (await fetch(`${url}api/operations`)).json();
    expect(ops.operations.find((o: { name: string }) => o.name === 'charge card')).toMatchObject({ service: 'payments', count: 1, errorRate: 1 });
    const overview = await (await fetch(`${url}api/overview`)).json();
    expect(overview).toMatchObject({ kind: 'file', traceCount: 6, spanCount: 12, errorTraceCount: 1, indexing: false, skipped: { count: 2, first: { line: 2, reason: 'not JSON' } } });
    const page = await fetch(url);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/assets/app.js"></script>');
  });

  it('answers bad requests with 400/404 naming the problem, never crashing', async () => {
    const { url } = await fileServer();
    const cases: Array<[string, number, string]> = [
      ['api/traces?status=maybe', 400, '"status"'],
      ['api/traces?minMs=-1', 400, '"minMs"'],
      ['api/traces?limit=0', 400, '"limit"'],
      ['api/traces?sort=size', 400, '"sort"'],
      ['api/traces?from=yesterday', 400, '"from"'],
      ['api/traces?attr==x', 400, '"attr"'],
      ['api/traces/not-hex', 400, 'hex'],
      ['api/traces/ffff', 404, 'no trace ffff'],
      ['api/nothing', 404, 'no route'],
      ['assets/../../package.json', 404, ''],
      ['assets/app.map', 404, ''],
    ];
    for (const [path, status, text] of cases) {
      const res = await fetch(`${url}${path}`);
      expect([path, res.status]).toEqual([path, status]);
      expect((await res.json()).error).toContain(text);
    }
    expect((await fetch(`${url}api/overview`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${url}api/overview`)).status).toBe(200);
  });

  it('with a token: 401 without it, a cookie from ?token=, Bearer accepted', async () => {
    const { url } = await fileServer({ token: 'sekret-token-1' });
    expect((await fetch(`${url}api/overview`)).status).toBe(401);
    expect((await fetch(`${url}api/overview`, { headers: { authorization: 'Bearer wrong-token-1' } })).status).toBe(401);
    expect((await fetch(`${url}api/overview`, { headers: { authorization: 'Bearer sekret-token-1' } })).status).toBe(200);
    const login = await fetch(`${url}?token=sekret-token-1`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^tracewright_viewer=sekret-token-1; HttpOnly; SameSite=Strict/);
    expect((await fetch(`${url}api/overview`, { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
    expect((await fetch(`${url}?token=nope`, { redirect: 'manual' })).status).toBe(401);
  });

  it('refuses a foreign Host header on loopback (DNS rebinding)', async () => {
    const { port } = await fileServer();
    const { request } = await import('node:http');
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/api/overview', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        }).on('error', reject).end();
      });
    expect(await status('evil.example:80')).toBe(421);
    expect(await status(`localhost:${port}`)).toBe(200);
    expect(await status(`[::1]:${port}`)).toBe(200);
    const req = { headers: { host: 'evil.example' } } as never;
    expect(hostHeaderAllowed(req, false)).toBe(true);
  });

  it('warns when bound beyond loopback and checks its options', async () => {
    const warnings: string[] = [];
    const source = new RingTraceSource();
    const server = await startViewerServer(source, { port: 0, host: '0.0.0.0', warn: (m) => warnings.push(m) });
    servers.push(server);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('reachable from other machines');
    for (const [options, option] of [[{ port: 70000 }, 'viewer.port'], [{ token: 'short' }, 'viewer.token'], [{ host: ' ' }, 'viewer.host']] as const) {
      const error = await startViewerServer(new RingTraceSource(), options).catch((e: unknown) => e);
      expect(isTracingConfigError(error)).toBe(true);
      expect((error as { option: string }).option).toBe(option);
    }
    expect(tokenEquals('abc', 'abc')).toBe(true);
    expect(tokenEquals('abc', 'abcd')).toBe(false);
    expect(() => parseTraceQuery(new URLSearchParams('limit=5001'))).toThrow(QueryError);
  });
});

describe('startTraceViewer (live ring)', () => {
  it('serves the spans that end in the app, bounded by maxSpans', async () => {
    const viewer = await startTraceViewer({ port: 0, maxSpans: 3 });
    servers.push(viewer as ViewerServer);
    const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'shop' }), spanProcessors: [new SpanTap()] });
    const tracer = provider.getTracer('test');
    // No context manager is registered: the parent is passed explicitly.
    const root = tracer.startSpan('checkout');
    const child = tracer.startSpan('<b>reserve</b>', { attributes: { 'order.id': 7, tags: ['a', 'b'] } }, trace.setSpan(context.active(), root));
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'out of stock' });
    child.end();
    root.end();
    const traceId = (await (await fetch(`${viewer.url}api/traces`)).json()).traces[0].traceId;
    const detail = await (await fetch(`${viewer.url}api/traces/${traceId}`)).json();
    expect(detail.spans.map((s: { name: string; service: string; kind: number; parentSpanId?: string }) => [s.name, s.service, s.kind, s.parentSpanId === undefined])).toEqual([
      ['checkout', 'shop', 1, true],
      ['<b>reserve</b>', 'shop', 1, false],
    ]);
    expect(detail.spans[1]).toMatchObject({ status: { code: 2, message: 'out of stock' }, attributes: { 'order.id': 7, tags: ['a', 'b'] } });
    for (let i = 0; i < 3; i++) tracer.startSpan(`later ${i}`).end();
    const overview = await (await fetch(`${viewer.url}api/overview`)).json();
    expect(overview).toMatchObject({ kind: 'live', spanCount: 3, traceCount: 3, evictedSpans: 2 });
    expect((await fetch(`${viewer.url}api/traces/${traceId}`)).status).toBe(404);
    await viewer.close();
    servers.pop();
    tracer.startSpan('after close').end();
    await provider.shutdown();
  });
});
