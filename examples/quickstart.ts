/**
 * Quick start: a small HTTP service traced with tracewright, no backend needed.
 *
 *   npm install && npm run demo
 *
 * It starts a node:http API on a free loopback port, calls it a few times the way a client
 * service would (trace context and baggage ride along in the headers), and prints each trace as a
 * tree: the client call, the server span under it, and the work inside. One request fails on
 * purpose, so you can see how an error looks. Then it shuts tracing down, prints what was
 * exported, and exits by itself.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  addEvent,
  getBaggage,
  getInstrumentation,
  initializeTracing,
  setAttribute,
  shutdownTracing,
  withBaggage,
  withSpan,
  wrapRequestListener,
} from 'tracewright';

const users = new Map([
  ['1', { id: '1', name: 'Ada', plan: 'pro' }],
  ['2', { id: '2', name: 'Linus', plan: 'free' }],
]);

async function handle(req: IncomingMessage, res: ServerResponse, route: string, params: Record<string, string>) {
  const { instrumentDatabaseQuery } = getInstrumentation();
  setAttribute('app.tenant', getBaggage('tenant') ?? 'none');
  if (route === '/users/:id') {
    const user = await withSpan('cache lookup', async (span) => {
      span.setAttribute('cache.key', `user:${params.id}`);
      addEvent('cache.miss');
      return instrumentDatabaseQuery(
        { dbType: 'postgresql', database: 'demo', queryType: 'SELECT', table: 'users', query: `SELECT * FROM users WHERE id = '${params.id}'` },
        async () => users.get(params.id),
      );
    });
    if (!user) return send(res, 404, { error: 'not found' });
    return send(res, 200, user);
  }
  if (route === '/reports/:id') {
    // The failing operation: the error is recorded on its span and on the request span.
    await withSpan('render report', async () => {
      throw new Error(`report ${params.id} template is missing`);
    });
  }
  send(res, 404, { error: 'no route' });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A tiny router that tells the middleware the route template, so spans are named by it. */
function route(url: string): { route: string; params: Record<string, string> } {
  const [, first, id] = url.split('?')[0].split('/');
  return first && id ? { route: `/${first}/:id`, params: { id } } : { route: url, params: {} };
}

async function main() {
  await initializeTracing({
    serviceName: 'quickstart',
    serviceVersion: '1.0.0',
    exporterType: 'console',
    batchTimeout: 200,
    logLevel: 'error',
  });
  const { instrumentHttpRequest } = getInstrumentation();

  const server = createServer(
    wrapRequestListener(
      async (req, res) => {
        const { route: template, params } = route(req.url ?? '/');
        try {
          await handle(req, res, template, params);
        } catch (error) {
          send(res, 500, { error: (error as Error).message });
        }
      },
      // Server spans are named by the route template, never by a raw path full of ids.
      { routeResolver: (req) => route(req.url ?? '/').route },
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The "client service": each call gets a CLIENT span whose context (and the baggage) goes out
  // in the headers, so the server's span joins the same trace.
  const call = (path: string, routeTemplate: string) =>
    withBaggage({ tenant: 'acme' }, () => {
      const headers: Record<string, string> = {};
      return instrumentHttpRequest({ method: 'GET', url: `${base}${path}`, headers, route: routeTemplate }, () =>
        fetch(`${base}${path}`, { headers }),
      );
    });

  for (const [path, template] of [
    ['/users/1', '/users/:id'],
    ['/users/42', '/users/:id'],
    ['/reports/7', '/reports/:id'],
  ]) {
    const response = await call(path, template);
    console.log(`GET ${path} -> ${response.status}`);
  }

  server.close();
  const report = await shutdownTracing();
  console.log(
    `\nexported ${report.exportedSpans} spans, dropped ${report.droppedSpans}, failed ${report.failedSpans} (in ${report.durationMs} ms)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
