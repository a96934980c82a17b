/**
 * Three real HTTP services on loopback, each with its own tracer provider (as three processes
 * would have): an Express API calls a node:http service and a fetch-handler service. The test
 * asserts the whole trace tree and that one trace id spans all three.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import express from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInstrumentation, type Instrumentation } from '../../src/sdk/instrumentation';
import { expectTrace } from '../../src/testing/expect-trace';
import { createTestTracing, type TestTracing } from '../../src/testing/test-tracing';
import { createHarness, FLAGS, listen, type Harness, type RunningServer } from '../instrument/support';
import { waitForSpans as waitFor } from '../support/wait-for-spans';

let h: Harness;
let inventory: TestTracing;
let pricing: TestTracing;
const servers: RunningServer[] = [];

/** Serves a fetch-style handler from node:http (what Next.js or a Request-based runtime does). */
function serveFetchHandler(handler: (req: Request) => Promise<Response> | Response) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers: req.headers as Record<string, string> });
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}

async function startServices(): Promise<{ api: RunningServer }> {
  // inventory: plain node:http
  const inv: Instrumentation = createInstrumentation({ ...FLAGS, tracer: inventory.tracer });
  const invServer = await listen(
    inv.wrapRequestListener(async (req, res) => {
      const sku = /^\/inventory\/(\w+)/.exec(req.url ?? '')?.[1];
      const stock = await inv.instrumentDatabaseQuery({ dbType: 'postgresql', query: `SELECT qty FROM stock WHERE sku = '${sku}'` }, async () => ({ rows: [{ qty: 3 }] }));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ sku, qty: stock.rows[0]!.qty }));
    }),
  );
  // pricing: a fetch handler
  const pri = createInstrumentation({ ...FLAGS, tracer: pricing.tracer });
  const priServer = await listen(
    serveFetchHandler(
      pri.traceFetchHandler(async (req: Request) => {
        const sku = new URL(req.url).pathname.split('/').pop();
        if (sku === 'broken') return Response.json({ error: 'no price' }, { status: 500 });
        await pri.instrumentRedisCommand({ command: 'GET', key: `price:${sku}` }, async () => '9.99');
        return Response.json({ sku, price: 9.99 });
      }, { route: '/prices/[sku]' }),
    ),
  );
  // api: Express, calling both
  const app = express();
  app.use(h.inst.expressMiddleware());
  app.get('/orders/:sku', async (req, res) => {
    const [stock, price] = await Promise.all([
      h.inst.traceFetch(`${invServer.url}/inventory/${req.params.sku}`).then((r) => r.json()),
      h.inst.traceFetch(`${priServer.url}/prices/${req.params.sku}`).then((r) => r.json() as Promise<{ error?: string }>),
    ]);
    res.status(price.error ? 502 : 200).json({ stock, price });
  });
  const api = await listen(app);
  servers.push(invServer, priServer, api);
  return { api };
}

beforeEach(() => {
  h = createHarness();
  inventory = createTestTracing('inventory');
  pricing = createTestTracing('pricing');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all([inventory.shutdown(), pricing.shutdown(), h.teardown()]);
});

const allSpans = () => [...h.spans(), ...inventory.spans(), ...pricing.spans()];
const waitForSpans = (n: number) => waitFor(allSpans, n);

describe('service to service over real HTTP', () => {
  it('Express → node:http and fetch-handler services: one trace, full tree', async () => {
    const { api } = await startServices();
    const caller = '0af7651916cd43dd8448eb211c80319c';
    const res = await fetch(`${api.url}/orders/4711`, { headers: { traceparent: `00-${caller}-b7ad6b7169203331-01` } });
    expect(await res.json()).toEqual({ stock: { sku: '4711', qty: 3 }, price: { sku: '4711', price: 9.99 } });
    await waitForSpans(7);
    const spans = allSpans();
    expect(spans).toHaveLength(7);
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([caller]));
    expectTrace(spans, {
      name: 'GET /orders/:sku',
      kind: SpanKind.SERVER,
      attributes: { 'http.route': '/orders/:sku', 'http.response.status_code': 200 },
      exactChildren: true,
      spans: [
        {
          name: 'GET',
          kind: SpanKind.CLIENT,
          attributes: { 'url.full': /\/inventory\/4711$/, 'http.response.status_code': 200 },
          exactChildren: true,
          spans: [
            {
              name: 'GET',
              kind: SpanKind.SERVER,
              attributes: { 'url.path': '/inventory/4711' },
              exactChildren: true,
              spans: [{ name: 'SELECT stock', attributes: { 'db.query.text': 'SELECT qty FROM stock WHERE sku = ?' } }],
            },
          ],
        },
        {
          name: 'GET',
          kind: SpanKind.CLIENT,
          attributes: { 'url.full': /\/prices\/4711$/ },
          exactChildren: true,
          spans: [
            {
              name: 'GET /prices/[sku]',
              kind: SpanKind.SERVER,
              exactChildren: true,
              spans: [{ name: 'GET', kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'redis', 'db.query.text': 'GET price:?' } }],
            },
          ],
        },
      ],
    });
  });

  it('a downstream 500 marks the downstream server span, the client span and the API span ERROR', async () => {
    const { api } = await startServices();
    const res = await fetch(`${api.url}/orders/broken`);
    expect(res.status).toBe(502);
    await waitForSpans(6);
    const spans = allSpans();
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    expectTrace(spans, {
      name: 'GET /orders/:sku',
      status: SpanStatusCode.ERROR,
      attributes: { 'http.response.status_code': 502, 'error.type': '502' },
      spans: [
        {
          name: 'GET',
          kind: SpanKind.CLIENT,
          status: SpanStatusCode.ERROR,
          attributes: { 'url.full': /\/prices\/broken$/, 'error.type': '500' },
          spans: [{ name: 'GET /prices/[sku]', kind: SpanKind.SERVER, status: SpanStatusCode.ERROR, exactChildren: true, spans: [] }],
        },
      ],
    });
  });
});
