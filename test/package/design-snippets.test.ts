/**
 * Code written the way the design documents show it, run against the BUILT package (dist/) as a
 * user's process would load it: each snippet as ESM (`import`) and as CommonJS (`require`).
 * `npm test` builds dist/ first (the pretest script).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

const ESM = `import * as tw from 'tracewright'; import * as testing from 'tracewright/testing';`;
const CJS = `const tw = require('tracewright'); const testing = require('tracewright/testing');`;

/** Runs `body` (an async function body using `tw`, `testing`) in a fresh Node; returns what it printed as JSON. */
function run(body: string, type: 'module' | 'commonjs'): unknown {
  const code = `${type === 'module' ? ESM : CJS}
    (async () => { ${body} })().then((out) => console.log(JSON.stringify(out)), (e) => { console.error(e); process.exit(1); });`;
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 30_000 }));
}

const INIT = `await tw.initializeTracing({ serviceName: 'megawatts-bot', exporterType: tw.ExporterType.MEMORY, handleSignals: false, logLevel: 'none' });`;

const snippets: Record<string, { body: string; expected: unknown }> = {
  'tracer + ExporterType + addEvent/setStatus objects + startChildSpan': {
    body: `${INIT}
      const { tracer, SpanStatusCode } = tw;
      const span = tracer.startSpan('process-command');
      tracer.addEvent(span, { name: 'command.received', attributes: { command: 'ping' } });
      const child = tracer.startChildSpan('load-user');
      tracer.endSpan(child);
      tracer.setStatus(span, { code: SpanStatusCode.OK, description: 'done' });
      tracer.endSpan(span);
      const spans = await testing.getFinishedSpans();
      await tw.shutdownTracing();
      const p = spans.find((s) => s.name === 'process-command'), c = spans.find((s) => s.name === 'load-user');
      return { events: p.events.map((e) => e.name), status: p.status.code, childOfParent: c.parentSpanContext.spanId === p.spanContext().spanId };`,
    expected: { events: ['command.received'], status: 1, childOfParent: true },
  },
  'createExporter(ExporterType.OTLP, serviceName)': {
    body: `const exporter = tw.createExporter(tw.ExporterType.OTLP, 'megawatts-bot', { logLevel: 'none' });
      const stats = exporter.getStats(); await exporter.shutdown();
      return { name: exporter.name, exported: stats.exportedSpans, kinds: [tw.SpanKind.SERVER, tw.SpanKind.CLIENT] };`,
    expected: { name: 'otlp', exported: 0, kinds: [1, 2] },
  },
  'app.use(tracingMiddleware) on node:http, extractTraceContext(request), baggage': {
    body: `${INIT}
      const http = require_http();
      const server = http.createServer((req, res) => tw.tracingMiddleware(req, res, () => {
        tw.baggage.set('tenant', 'acme');
        const ctx = tw.extractTraceContext(req);
        res.end(JSON.stringify({ tenant: tw.baggage.get('tenant'), valid: ctx !== undefined }));
      }));
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const res = await fetch('http://127.0.0.1:' + server.address().port + '/ping', { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
      const body = await res.json();
      await new Promise((r) => server.close(r));
      const spans = await testing.getFinishedSpans();
      await tw.shutdownTracing();
      return { body, spans: spans.map((s) => [s.name, s.spanContext().traceId]) };`,
    expected: { body: { tenant: 'acme', valid: true }, spans: [['GET', '0af7651916cd43dd8448eb211c80319c']] },
  },
  'traceDatabaseQuery / traceDatabaseTransaction / traceApiClient / traceOutgoingRequest / tracePrismaOperation': {
    body: `${INIT}
      await tw.traceDatabaseTransaction('tx-1', async () => {
        await tw.traceDatabaseQuery('SELECT', "SELECT * FROM users WHERE email = 'a@b.c'", async () => ({ rows: [1, 2] }), { dbType: 'postgresql' });
      });
      await tw.traceApiClient('discord', 'messages.create', async () => 'ok');
      await tw.traceOutgoingRequest('GET', 'http://127.0.0.1:9/x', async () => ({ status: 200 }));
      await tw.tracePrismaOperation('User', 'findMany', async () => [], {});
      const spans = await testing.getFinishedSpans();
      await tw.shutdownTracing();
      return spans.map((s) => [s.name, s.attributes['db.query.text'] ?? null]);`,
    expected: [
      ['SELECT users', 'SELECT * FROM users WHERE email = ?'],
      ['transaction', null],
      ['discord messages.create', null],
      ['GET', null],
      ['findMany User', null],
    ],
  },
  'app.use(tracingMiddleware) on Express, baggage.set reaching traceFetch, extractTraceContext(new Request(...))': {
    body: `${INIT}
      const express = load('express');
      const http = require_http();
      const echo = http.createServer((req, res) => res.end(JSON.stringify({ baggage: req.headers.baggage ?? null, traceparent: req.headers.traceparent ?? null })));
      await new Promise((r) => echo.listen(0, '127.0.0.1', r));
      const echoUrl = 'http://127.0.0.1:' + echo.address().port;
      const app = express();
      app.use(tw.tracingMiddleware);
      app.get('/orders/:id', async (req, res) => {
        tw.baggage.set('tenant', 'acme');
        const downstream = await (await tw.traceFetch(echoUrl + '/charge')).json();
        res.json(downstream);
      });
      const server = await new Promise((r) => { const s = app.listen(0, '127.0.0.1', () => r(s)); });
      const body = await (await fetch('http://127.0.0.1:' + server.address().port + '/orders/9')).json();
      await new Promise((r) => server.close(r));
      await new Promise((r) => echo.close(r));
      const ctx = tw.extractTraceContext(new Request('http://x/', { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } }));
      const continued = require_api().trace.getSpanContext(ctx).traceId;
      const spans = await testing.getFinishedSpans();
      await tw.shutdownTracing();
      return { baggage: body.baggage, propagated: spans.some((s) => body.traceparent.includes(s.spanContext().spanId)), names: spans.map((s) => s.name).sort(), continued };`,
    expected: { baggage: 'tenant=acme', propagated: true, names: ['GET', 'GET /orders/:id'], continued: '0af7651916cd43dd8448eb211c80319c' },
  },
  'prisma.$extends(tracingExtension()) hook shape': {
    body: `${INIT}
      // The Prisma client needs its downloaded engine; the hook is called as Prisma calls it.
      const ext = tw.tracingExtension();
      const rows = await ext.query.$allModels.$allOperations({ model: 'User', operation: 'findMany', args: {}, query: async () => [{ id: 1 }] });
      const spans = await testing.getFinishedSpans();
      await tw.shutdownTracing();
      return { rows, spans: spans.map((s) => [s.name, s.kind]) };`,
    expected: { rows: [{ id: 1 }], spans: [['findMany User', 2]] },
  },
};

describe('the design documents\' snippets against dist/', () => {
  for (const [name, { body, expected }] of Object.entries(snippets)) {
    for (const type of ['module', 'commonjs'] as const) {
      it(`${name} (${type === 'module' ? 'ESM' : 'CJS'})`, () => {
        const http =
          type === 'module'
            ? `const { createRequire } = await import('node:module'); const load = createRequire(process.cwd() + '/'); const require_http = () => load('node:http'); const require_api = () => load('@opentelemetry/api');`
            : `const load = require; const require_http = () => require('node:http'); const require_api = () => require('@opentelemetry/api');`;
        expect(run(`${http}\n${body}`, type)).toEqual(expected);
      });
    }
  }
});
