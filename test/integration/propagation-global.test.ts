import { getLogContext } from '../../src/logging/log-context';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeTracing, shutdownTracing } from '../../src/index';
import { getContextManager, withBaggage } from '../../src/propagation/index';
import { RateLimitingSampler } from '../../src/sampling/index';
import { getFinishedSpans, resetFinishedSpans } from '../../src/testing/index';

// Global wiring on purpose: what initializeTracing() registers (propagators, sampler, ignorePaths)
// seen through getContextManager() and a real HTTP server. Cleaned up by shutdownTracing().
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
let server: Server;
let base = '';
let nowMs = 0;
const limiter = new RateLimitingSampler(2, () => nowMs);

beforeAll(async () => {
  await initializeTracing({
    serviceName: 'global-wiring',
    exporterType: 'memory',
    propagators: ['b3', 'tracecontext', 'baggage'],
    sampler: limiter, // a frozen clock: the bucket holds 2 until the test moves it
    ignorePaths: ['/health'],
    logLevel: 'none',
    handleSignals: false,
  });
  const tracer = trace.getTracer('server');
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const parent = getContextManager().extractContext(req.headers, ROOT_CONTEXT);
    const span = tracer.startSpan(`GET ${path}`, { kind: SpanKind.SERVER, attributes: { 'url.path': path } }, parent);
    context.with(trace.setSpan(parent, span), () => {
      const out = getContextManager().injectContext(undefined, {} as Record<string, string>);
      const recording = span.isRecording();
      span.end();
      res.end(JSON.stringify({ recording, out, log: getLogContext() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await shutdownTracing();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ recording: boolean; out: Record<string, string>; log: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const req = request(base + path, { headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('initializeTracing wires propagators, sampler and ignorePaths', () => {
  it('health checks make no span; new traces are rate limited; joined traces follow their parent', async () => {
    resetFinishedSpans();
    const health = await Promise.all([get('/health'), get('/health?probe=1')]);
    expect(health.map((h) => h.recording)).toEqual([false, false]);
    const fresh = [];
    for (let i = 0; i < 5; i++) fresh.push(await get('/work'));
    expect(fresh.map((r) => r.recording)).toEqual([true, true, false, false, false]);
    const joined = await get('/work', { traceparent: `00-${TRACE}-00f067aa0ba902b7-01`, baggage: 'tenant=acme' });
    expect(joined.recording).toBe(true);
    expect(joined.out.b3).toMatch(new RegExp(`^${TRACE}-[0-9a-f]{16}-1$`));
    expect(joined.out.traceparent).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    expect(joined.out.baggage).toBe('tenant=acme');
    expect(joined.log.trace_id).toBe(TRACE);
    const b3 = await get('/work', { b3: `${'a'.repeat(32)}-${'b'.repeat(16)}-1` });
    expect(b3.recording).toBe(true);
    expect(b3.log.trace_id).toBe('a'.repeat(32));

    const spans = await getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['GET /work', 'GET /work', 'GET /work', 'GET /work']);
    expect(spans.every((s) => s.kind === SpanKind.SERVER)).toBe(true);
    expect(spans[2].parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('the client side: withBaggage and the active span go out in every registered format', () => {
    const tracer = trace.getTracer('client');
    nowMs += 1000; // refill the bucket
    const headers = withBaggage({ plan: 'pro' }, () =>
      tracer.startActiveSpan('call', { kind: SpanKind.CLIENT }, (span) => {
        const out = getContextManager().injectContext(undefined, new Headers());
        span.end();
        return out;
      }),
    );
    expect(headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(headers.get('b3')).toMatch(/^[0-9a-f]{32}-[0-9a-f]{16}-1$/);
    expect(headers.get('baggage')).toBe('plan=pro');
    expect(getContextManager().fields()).toEqual(expect.arrayContaining(['b3', 'traceparent', 'tracestate', 'baggage']));
  });
});
