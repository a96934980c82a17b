import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleExporter } from '../../src/exporters/console';

let out: string[];
let provider: TracerProvider;

function setup(format: 'tree' | 'json') {
  out = [];
  const exporter = new ConsoleExporter({ format, write: (text) => out.push(text) });
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'console-test' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: exporter })],
  });
  return { tracer: provider.getTracer('t'), exporter };
}

beforeEach(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(async () => {
  await provider.shutdown();
  context.disable();
});

describe('console exporter', () => {
  it('tree mode prints one tree per trace when its root ends, children indented under parents', () => {
    const { tracer } = setup('tree');
    tracer.startActiveSpan('GET /users/:id', { kind: SpanKind.SERVER, attributes: { 'http.route': '/users/:id' } }, (root) => {
      tracer.startActiveSpan('SELECT users', { kind: SpanKind.CLIENT }, (db) => {
        db.addEvent('rows', { count: 1 });
        db.end();
      });
      tracer.startActiveSpan('render', (render) => {
        render.setStatus({ code: SpanStatusCode.ERROR, message: 'template missing' });
        render.end();
      });
      expect(out).toHaveLength(0); // held until the root ends
      root.end();
    });
    expect(out).toHaveLength(1);
    const lines = out[0].trimEnd().split('\n');
    expect(lines[0]).toMatch(/^trace [0-9a-f]{32} \(service console-test\)$/);
    expect(lines[1]).toMatch(/^└─ GET \/users\/:id {2}\[SERVER\] {2}\d+\.\dms$/);
    expect(lines[2]).toContain('http.route=/users/:id');
    expect(lines.find((l) => l.includes('SELECT users'))).toMatch(/^ {3}├─ SELECT users {2}\[CLIENT\]/);
    expect(lines.find((l) => l.includes('• rows'))).toMatch(/• rows \+\d+\.\dms count=1/);
    expect(lines.find((l) => l.includes('render'))).toMatch(/^ {3}└─ render {2}\[INTERNAL\] {2}\d+\.\dms {2}ERROR: template missing$/);
  });

  it('forceFlush prints traces whose root has not ended, so nothing is lost', async () => {
    const { tracer, exporter } = setup('tree');
    const root = tracer.startSpan('long job');
    tracer.startActiveSpan('step', {}, context.active(), (s) => s.end());
    const step = tracer.startSpan('orphan step', {}, (await import('@opentelemetry/api')).trace.setSpan(context.active(), root));
    step.end();
    expect(out).toHaveLength(1); // 'step' is its own root trace
    await exporter.forceFlush();
    expect(out).toHaveLength(2);
    expect(out[1]).toContain('orphan step');
    root.end();
  });

  it('json mode writes one parseable line per span with ids, kind, status and attributes', () => {
    const { tracer } = setup('json');
    tracer.startActiveSpan('parent', { kind: SpanKind.PRODUCER, attributes: { n: 1 } }, (p) => {
      tracer.startActiveSpan('child', (c) => {
        c.setStatus({ code: SpanStatusCode.ERROR, message: 'x' });
        c.end();
      });
      p.end();
    });
    const records = out.join('').trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.name)).toEqual(['child', 'parent']);
    expect(records[0].parentSpanId).toBe(records[1].spanId);
    expect(records[1].kind).toBe('PRODUCER');
    expect(records[1].attributes).toEqual({ n: 1 });
    expect(records[0].status).toEqual({ code: 'ERROR', message: 'x' });
    expect(records[1].resource['service.name']).toBe('console-test');
    expect(records[0].traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('console exporter, remote parents', () => {
  it('holds a remote-rooted subtree so that an in-process caller joins the same tree', async () => {
    const { tracer } = setup('tree');
    const { trace, ROOT_CONTEXT } = await import('@opentelemetry/api');
    tracer.startActiveSpan('client call', { kind: SpanKind.CLIENT }, (client) => {
      // What a server in the same process sees: the client's context arriving as a remote parent.
      const remote = trace.setSpanContext(ROOT_CONTEXT, { ...client.spanContext(), isRemote: true });
      tracer.startSpan('GET /x', { kind: SpanKind.SERVER }, remote).end();
      expect(out).toHaveLength(0);
      client.end();
    });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/└─ client call[^\n]*\n(.*\n)*\s+└─ GET \/x {2}\[SERVER\]/);
  });

  it('prints a trace that only has a remote-parented root after the hold time', async () => {
    out = [];
    const exporter = new ConsoleExporter({ format: 'tree', write: (text) => out.push(text), remoteRootHoldMs: 20 });
    provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: exporter })] });
    const tracer = provider.getTracer('t');
    const { trace, ROOT_CONTEXT } = await import('@opentelemetry/api');
    const remote = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: 1, isRemote: true });
    tracer.startSpan('GET /remote', { kind: SpanKind.SERVER }, remote).end();
    expect(out).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 60));
    expect(out).toHaveLength(1);
    expect(out[0]).toContain(`trace ${'c'.repeat(32)}`);
    expect(out[0]).toContain('GET /remote');
  });
});
