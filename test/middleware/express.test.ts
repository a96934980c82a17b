import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import express, { type NextFunction, type Request, type Response } from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tracingErrorHandler, tracingMiddleware } from '../../src/middleware/express';
import { expectTrace } from '../../src/testing/expect-trace';
import { createHarness, listen, type Harness, type RunningServer } from '../instrument/support';
import { waitForSpans as waitFor } from '../support/wait-for-spans';

let h: Harness;
let server: RunningServer;

beforeEach(async () => {
  h = createHarness();
  const app = express();
  app.use(tracingMiddleware({ tracer: h.tracer, ignorePaths: ['/health'] }));
  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  app.get('/users/:id', async (req, res) => {
    await h.inst.instrumentDatabaseQuery({ dbType: 'postgresql', query: `SELECT * FROM users WHERE id = ${Number(req.params.id)}` }, async () => ({ rows: [{}] }));
    res.json({ id: req.params.id });
  });
  const api = express.Router();
  api.post('/orders/:orderId/items', (_req, res) => {
    res.status(201).end();
  });
  api.get('/boom', () => {
    throw new Error('route exploded');
  });
  app.use('/api/v1', api);
  app.use(tracingErrorHandler());
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ error: err.message });
  });
  server = await listen(app);
});
afterEach(async () => {
  await server.close();
  await h.teardown();
});

const waitForSpans = (n: number) => waitFor(() => h.spans(), n);

describe('tracingMiddleware (Express 5)', () => {
  it('names the span from the matched route, never the raw path, and parents the work inside', async () => {
    const res = await fetch(`${server.url}/users/42`);
    expect(await res.json()).toEqual({ id: '42' });
    await waitForSpans(2);
    expectTrace(h.spans(), {
      name: 'GET /users/:id',
      kind: SpanKind.SERVER,
      attributes: { 'http.route': '/users/:id', 'url.path': '/users/42', 'http.response.status_code': 200 },
      exactChildren: true,
      spans: [{ name: 'SELECT users', kind: SpanKind.CLIENT, attributes: { 'db.query.text': 'SELECT * FROM users WHERE id = ?' } }],
    });
  });

  it('includes the router mount path', async () => {
    await fetch(`${server.url}/api/v1/orders/7/items`, { method: 'POST' });
    await waitForSpans(1);
    const [span] = h.spans();
    expect(span!.name).toBe('POST /api/v1/orders/:orderId/items');
    expect(span!.attributes['http.response.status_code']).toBe(201);
  });

  it('a thrown route error: recorded by tracingErrorHandler, 500, ERROR', async () => {
    const res = await fetch(`${server.url}/api/v1/boom`);
    expect(res.status).toBe(500);
    await waitForSpans(1);
    const [span] = h.spans();
    expect(span!.name).toBe('GET /api/v1/boom');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.events.find((e) => e.name === 'exception')?.attributes?.['exception.message']).toBe('route exploded');
    expect(span!.attributes['error.type']).toBe('500');
  });

  it('an unmatched path is named by the method alone; ignored paths make no span', async () => {
    await fetch(`${server.url}/health`);
    await fetch(`${server.url}/no/such/thing/123`);
    await waitForSpans(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(h.spans().map((s) => [s.name, s.attributes['http.response.status_code']])).toEqual([['GET', 404]]);
  });
});
