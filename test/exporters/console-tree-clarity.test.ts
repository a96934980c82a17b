/**
 * The console tree tells a Redis GET from an HTTP GET, and prints a span that ends after its root
 * inside its trace (under a "(continued) <root name>" header), not as a second root-looking tree.
 */
import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConsoleExporter } from '../../src/exporters/console';
import { createInstrumentation } from '../../src/sdk/instrumentation';
import { FLAGS } from '../instrument/support';

let out: string[];
let provider: TracerProvider;

beforeEach(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  out = [];
  provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new ConsoleExporter({ write: (t) => out.push(t) }) })] });
});
afterEach(async () => {
  vi.useRealTimers();
  await provider.shutdown();
  context.disable();
});

describe('console tree', () => {
  it('a Redis GET and an HTTP GET print differently: [CLIENT redis] and [CLIENT http]', async () => {
    const tracer = provider.getTracer('t');
    const inst = createInstrumentation({ ...FLAGS, tracer });
    await tracer.startActiveSpan('job', async (root) => {
      await inst.instrumentRedisCommand({ command: 'get', key: 'user:1' }, async () => 'v');
      await inst.instrumentHttpRequest({ method: 'GET', url: 'http://127.0.0.1:9/x' }, async () => ({ status: 200 }));
      root.end();
    });
    const lines = out.join('').split('\n');
    expect(lines.find((l) => l.includes('GET  [CLIENT redis]'))).toMatch(/^ {3}├─ GET {2}\[CLIENT redis\] {2}\d+\.\dms$/);
    expect(lines.find((l) => l.includes('GET  [CLIENT http]'))).toMatch(/^ {3}└─ GET {2}\[CLIENT http\] {2}\d+\.\dms$/);
    expect(lines.find((l) => l.includes('db.system.name=redis'))).toBeDefined();
  });

  it('a child that ends after its root is printed under "(continued) <root name>", with its late siblings', () => {
    vi.useFakeTimers();
    const tracer = provider.getTracer('t');
    const root = tracer.startSpan('handle message', { kind: SpanKind.CONSUMER });
    const inRoot = trace.setSpan(context.active(), root);
    const late1 = tracer.startSpan('send reply', {}, inRoot);
    const late2 = tracer.startSpan('write audit', {}, inRoot);
    root.end();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^trace [0-9a-f]{32} \(service [^)]+\)\n└─ handle message {2}\[CONSUMER\]/);
    late1.end();
    late2.end();
    expect(out).toHaveLength(1); // held briefly so that late siblings print together
    vi.advanceTimersByTime(500);
    expect(out).toHaveLength(2);
    const lines = out[1]!.trimEnd().split('\n');
    expect(lines[0]).toBe(`trace ${root.spanContext().traceId} (continued) handle message`);
    expect(lines[1]).toMatch(/^ {3}├─ send reply {2}\[INTERNAL\]/);
    expect(lines[2]).toMatch(/^ {3}└─ write audit {2}\[INTERNAL\]/);
  });

  it('forceFlush prints held late spans at once', async () => {
    const tracer = provider.getTracer('t');
    const root = tracer.startSpan('root');
    const late = tracer.startSpan('late', {}, trace.setSpan(context.active(), root));
    root.end();
    late.end();
    await provider.forceFlush();
    expect(out.at(-1)).toMatch(/\(continued\) root\n {3}└─ late/);
  });
});
