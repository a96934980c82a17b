/**
 * examples/service.ts against a REAL PostgreSQL and Redis, with a real pricing service over HTTP:
 * the whole trace tree of each request, end to end, across the two services.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../examples/service';
import { createInstrumentation } from '../../src/sdk/instrumentation';
import { expectTrace } from '../../src/testing/expect-trace';
import { createTestTracing, type TestTracing } from '../../src/testing/test-tracing';
import { createHarness, FLAGS, listen, type Harness, type RunningServer } from '../instrument/support';
import { startPostgres, type PostgresServer } from '../support/postgres-server';
import { startRedis, type RedisServer } from '../support/redis-server';
import { waitForSpans as waitFor } from '../support/wait-for-spans';

let postgres: PostgresServer;
let redis: RedisServer;
let h: Harness;
let pricingTracing: TestTracing;
let pricing: RunningServer;
let service: RunningService;

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
});
afterAll(async () => {
  await Promise.all([postgres?.stop(), redis?.stop()]);
});
beforeEach(async () => {
  h = createHarness({ shouldIgnorePath: (path) => path === '/health' });
  pricingTracing = createTestTracing('pricing');
  const pricingInst = createInstrumentation({ ...FLAGS, tracer: pricingTracing.tracer });
  pricing = await listen(
    pricingInst.wrapRequestListener((req, res) => {
      const id = /\/prices\/(\d+)/.exec(req.url ?? '')?.[1];
      res.writeHead(id === '2' ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, price: 19.5 }));
    }),
  );
  // The example imports the built package (as a user does); the harness builds its helpers from
  // src: the same object, typed by two declarations of the options' brand symbol.
  type ExampleInstrumentation = NonNullable<Parameters<typeof startService>[0]['instrumentation']>;
  service = await startService({ databaseUrl: postgres.connectionString, redisUrl: redis.url, pricingUrl: pricing.url, instrumentation: h.inst as unknown as ExampleInstrumentation });
  h.exporter.reset();
});
afterEach(async () => {
  await service.close();
  await pricing.close();
  await pricingTracing.shutdown();
  await h.teardown();
});

const spans = () => [...h.spans(), ...pricingTracing.spans()];
const settle = (n: number) => waitFor(spans, n);

describe('examples/service.ts end to end', () => {
  it('GET /products/:id — cache miss: Redis GET, PostgreSQL SELECT, Redis SET, pricing call, one trace', async () => {
    const res = await fetch(`${service.url}/products/1`);
    expect(await res.json()).toEqual({ id: 1, name: 'Lamp', stock: 10, price: 19.5 });
    await settle(6);
    expect(spans()).toHaveLength(6);
    expect(new Set(spans().map((s) => s.spanContext().traceId)).size).toBe(1);
    expectTrace(spans(), {
      name: 'GET /products/:id',
      kind: SpanKind.SERVER,
      attributes: { 'http.route': '/products/:id', 'url.path': '/products/1', 'http.response.status_code': 200 },
      exactChildren: true,
      spans: [
        { name: 'GET', kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'redis', 'db.query.text': 'GET product:?', 'server.port': redis.port } },
        {
          name: 'SELECT products',
          kind: SpanKind.CLIENT,
          attributes: {
            'db.system.name': 'postgresql',
            'db.namespace': postgres.database,
            'db.query.text': 'SELECT id, name, stock FROM products WHERE id = $1',
            'db.response.returned_rows': 1,
            'server.port': postgres.port,
          },
        },
        { name: 'SET', kind: SpanKind.CLIENT, attributes: { 'db.query.text': 'SET product:? ? ? ?' } },
        {
          name: 'GET',
          kind: SpanKind.CLIENT,
          attributes: { 'url.full': `${pricing.url}/prices/1`, 'http.response.status_code': 200 },
          exactChildren: true,
          spans: [{ name: 'GET', kind: SpanKind.SERVER, attributes: { 'url.path': '/prices/1' } }],
        },
      ],
    });
  });

  it('GET /products/:id — cache hit: no SELECT; a failing pricing call marks the trace ERROR', async () => {
    await fetch(`${service.url}/products/2`);
    await settle(6);
    h.exporter.reset();
    pricingTracing.exporter.reset();
    const res = await fetch(`${service.url}/products/2`);
    expect(res.status).toBe(502);
    await settle(4);
    expect(spans()).toHaveLength(4);
    expectTrace(spans(), {
      name: 'GET /products/:id',
      status: SpanStatusCode.ERROR,
      attributes: { 'http.response.status_code': 502 },
      exactChildren: true,
      spans: [
        { name: 'GET', attributes: { 'db.system.name': 'redis' } },
        {
          name: 'GET',
          kind: SpanKind.CLIENT,
          status: SpanStatusCode.ERROR,
          attributes: { 'http.response.status_code': 503, 'error.type': '503' },
          spans: [{ name: 'GET', kind: SpanKind.SERVER, status: SpanStatusCode.ERROR }],
        },
      ],
    });
  });

  it('POST /orders — a transaction span groups BEGIN, INSERT, UPDATE, COMMIT; a 409 rolls back', async () => {
    const ok = await fetch(`${service.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ productId: 1, quantity: 1 }) });
    expect(ok.status).toBe(201);
    await settle(7);
    expectTrace(spans(), {
      name: 'POST /orders',
      kind: SpanKind.SERVER,
      attributes: { 'http.response.status_code': 201 },
      exactChildren: true,
      spans: [
        {
          name: 'place order',
          kind: SpanKind.INTERNAL,
          exactChildren: true,
          spans: [
            { name: 'BEGIN' },
            { name: 'INSERT orders', attributes: { 'db.query.text': 'INSERT INTO orders (product_id, quantity) VALUES ($1, $2) RETURNING id', 'db.response.returned_rows': 1 } },
            { name: 'UPDATE products', attributes: { 'db.query.text': 'UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $1' } },
            { name: 'COMMIT' },
          ],
        },
        { name: 'DEL', attributes: { 'db.query.text': 'DEL product:?' } },
      ],
    });
    h.exporter.reset();
    const tooMany = await fetch(`${service.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ productId: 2, quantity: 99 }) });
    expect(tooMany.status).toBe(409);
    await settle(6);
    expectTrace(spans(), {
      name: 'POST /orders',
      status: SpanStatusCode.ERROR,
      events: ['exception'],
      spans: [{ name: 'place order', status: SpanStatusCode.ERROR, spans: [{ name: 'BEGIN' }, { name: 'INSERT orders' }, { name: 'UPDATE products' }, { name: 'ROLLBACK' }] }],
    });
  });

  it('GET /health is not traced', async () => {
    await fetch(`${service.url}/health`);
    await new Promise((r) => setTimeout(r, 30));
    await fetch(`${service.url}/products/404`);
    await settle(2);
    // only the traced request shows up; /health made no span at all
    expect(h.spans().map((s) => s.attributes['url.path']).filter(Boolean)).toEqual(['/products/404']);
  });
});
