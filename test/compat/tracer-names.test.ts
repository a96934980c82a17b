/**
 * The design documents' tracer names: the `tracer` object, `ExporterType`, `addEvent` / `setStatus`
 * with objects, and `startChildSpan` without a parent.
 */
import { diag, DiagLogLevel, SpanStatusCode, trace, type DiagLogger } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createExporter, ExporterType, getTracer, initializeTracing, shutdownTracing, tracer } from '../../src/index';
import { getFinishedSpans } from '../../src/testing';

const base = { serviceName: 'compat', exporterType: ExporterType.MEMORY, handleSignals: false, logLevel: 'none' } as const;

afterEach(async () => {
  await shutdownTracing();
  diag.disable();
});

describe('tracer (the facade as one object)', () => {
  it('follows initializeTracing, shutdown and a re-initialisation', async () => {
    tracer.withSpan('before init', () => 1);
    await initializeTracing(base);
    tracer.withSpan('first run', () => 1);
    expect((await getFinishedSpans()).map((s) => s.name)).toEqual(['first run']);
    await shutdownTracing();
    await initializeTracing(base);
    const span = tracer.startSpan('second run');
    tracer.endSpan(span);
    expect((await getFinishedSpans()).map((s) => s.name)).toEqual(['second run']);
    expect(tracer.tracer).toBe(getTracer().tracer);
  });
});

describe('ExporterType', () => {
  it('has the lower-case names as values and is accepted as an exporter name', async () => {
    expect(Object.entries(ExporterType)).toEqual([
      ['OTLP', 'otlp'], ['JAEGER', 'jaeger'], ['ZIPKIN', 'zipkin'], ['CONSOLE', 'console'], ['FILE', 'file'], ['MEMORY', 'memory'], ['NONE', 'none'],
    ]);
    const exporter = createExporter(ExporterType.OTLP, 'megawatts-bot', { logLevel: 'none' }, {});
    expect(exporter.name).toBe('otlp');
    await exporter.shutdown();
    const handle = await initializeTracing({ ...base, exporterType: ExporterType.CONSOLE });
    expect(handle.exporters.map((e) => e.name)).toEqual(['console']);
  });
});

describe('addEvent / setStatus with objects', () => {
  it('addEvent(span, { name, attributes, timestamp }) records that event, not "[object Object]"', async () => {
    await initializeTracing(base);
    const span = tracer.startSpan('work');
    tracer.addEvent(span, { name: 'cache.miss', attributes: { key: 'user:1' }, timestamp: new Date(Date.UTC(2026, 0, 2)) });
    tracer.addEvent(span, 'plain', { n: 1 });
    tracer.setStatus(span, { code: SpanStatusCode.ERROR, description: 'upstream down' });
    tracer.endSpan(span);
    const [done] = await getFinishedSpans();
    expect(done!.events.map((e) => [e.name, e.attributes])).toEqual([['cache.miss', { key: 'user:1' }], ['plain', { n: 1 }]]);
    expect(done!.events[0]!.time).toEqual([Date.UTC(2026, 0, 2) / 1000, 0]);
    expect(done!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'upstream down' });
  });
});

describe('startChildSpan(name) without a parent', () => {
  it('is a child of the newest open span the facade started, else of the active span', async () => {
    await initializeTracing(base);
    const parent = tracer.startSpan('parent');
    const child = tracer.startChildSpan('child');
    const grandchild = tracer.startChildSpan('grandchild');
    tracer.endSpan(grandchild);
    const sibling = tracer.startChildSpan('sibling'); // grandchild ended: child is the newest open
    tracer.endSpan(sibling);
    tracer.endSpan(child);
    const late = tracer.startChildSpan('late'); // child ended: parent
    tracer.endSpan(late);
    tracer.endSpan(parent);
    tracer.withSpan('active', () => tracer.endSpan(tracer.startChildSpan('of active')));
    const spans = await getFinishedSpans();
    const byName = new Map(spans.map((s) => [s.name, s]));
    const parentOf = (name: string) => byName.get(name)!.parentSpanContext?.spanId;
    const idOf = (name: string) => byName.get(name)!.spanContext().spanId;
    expect(parentOf('child')).toBe(idOf('parent'));
    expect(parentOf('grandchild')).toBe(idOf('child'));
    expect(parentOf('sibling')).toBe(idOf('child'));
    expect(parentOf('late')).toBe(idOf('parent'));
    expect(parentOf('of active')).toBe(idOf('active'));
    expect(new Set(['parent', 'child', 'grandchild', 'sibling', 'late'].map((n) => byName.get(n)!.spanContext().traceId)).size).toBe(1);
  });

  it('keeps async contexts apart: concurrent tasks each find their own open span', async () => {
    await initializeTracing(base);
    const task = async (name: string) => {
      const root = tracer.startSpan(name);
      await new Promise((r) => setImmediate(r));
      const child = tracer.startChildSpan(`${name}.child`);
      tracer.endSpan(child);
      tracer.endSpan(root);
    };
    await Promise.all([task('a'), task('b')]);
    const spans = await getFinishedSpans();
    const byName = new Map(spans.map((s) => [s.name, s]));
    expect(byName.get('a.child')!.parentSpanContext?.spanId).toBe(byName.get('a')!.spanContext().spanId);
    expect(byName.get('b.child')!.parentSpanContext?.spanId).toBe(byName.get('b')!.spanContext().spanId);
  });

  it('with nothing open starts a root and warns once', async () => {
    await initializeTracing(base);
    const warnings: string[] = [];
    const log = (...args: unknown[]) => warnings.push(args.join(' '));
    diag.setLogger({ warn: log, error: log, info: () => {}, debug: () => {}, verbose: () => {} } as DiagLogger, DiagLogLevel.WARN);
    await new Promise<void>((resolve) => setImmediate(() => {
      // a fresh async context with no facade span open in it
      tracer.endSpan(tracer.startChildSpan('orphan 1'));
      tracer.endSpan(tracer.startChildSpan('orphan 2'));
      resolve();
    }));
    const spans = (await getFinishedSpans()).filter((s) => s.name.startsWith('orphan'));
    expect(spans.map((s) => s.parentSpanContext)).toEqual([undefined, undefined]);
    expect(warnings.filter((w) => w.includes('startChildSpan'))).toHaveLength(1);
    expect(warnings.find((w) => w.includes('startChildSpan'))).toMatch(/new trace/);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
