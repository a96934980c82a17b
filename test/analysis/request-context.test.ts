import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RequestContext, traced, withNewContextAsync } from '../../src/analysis/request-context';

describe('request-context API (design-document names)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    context.setGlobalContextManager(manager.enable());
  });
  afterAll(() => {
    context.disable();
  });
  beforeEach(() => exporter.reset());

  it('a new root span with tags, logs, spans by id and traced children; current() inside, undefined outside', async () => {
    const outer = provider.getTracer('t').startSpan('outer');
    const result = await context.with(trace.setSpan(context.active(), outer), () =>
      withNewContextAsync(
        async (ctx) => {
          expect(RequestContext.current()).toBe(ctx);
          ctx.addTags({ 'user.id': 'u-1' });
          ctx.addLog('cache miss', 'warn', { key: 'k1', nested: { no: 1 } });
          const { spanId } = ctx.startSpan('load');
          await traced('compute', async () => {
            await new Promise((resolve) => setImmediate(resolve));
            expect(RequestContext.current()).toBe(ctx);
          });
          ctx.endSpan(spanId);
          const failing = ctx.startSpan('save');
          ctx.endSpan(failing.spanId, new Error('disk full'));
          ctx.startSpan('forgotten');
          return 42;
        },
        { name: 'POST /orders', tags: { 'http.request.method': 'POST' }, tracerProvider: provider },
      ),
    );
    outer.end();
    expect(result).toBe(42);
    expect(RequestContext.current()).toBeUndefined();
    const spans = Object.fromEntries(exporter.getFinishedSpans().map((s) => [s.name, s]));
    const root = spans['POST /orders'];
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.spanContext().traceId).not.toBe(outer.spanContext().traceId);
    expect(root.attributes).toEqual({ 'http.request.method': 'POST', 'user.id': 'u-1' });
    expect(root.events.map((e) => [e.name, e.attributes])).toEqual([['cache miss', { 'log.severity': 'warn', key: 'k1' }]]);
    for (const name of ['load', 'compute', 'save', 'forgotten']) expect(spans[name].parentSpanContext?.spanId, name).toBe(root.spanContext().spanId);
    expect(spans.save.status).toEqual({ code: SpanStatusCode.ERROR, message: 'disk full' });
    expect(spans.save.events[0].attributes?.['exception.message']).toBe('disk full');
    expect(spans.forgotten.attributes['request_context.unended']).toBe(true);
  });

  it('a failure ends the root in ERROR and is rethrown unchanged', async () => {
    const error = new TypeError('bad input');
    await expect(withNewContextAsync(() => Promise.reject(error), { tracerProvider: provider })).rejects.toBe(error);
    const [root] = exporter.getFinishedSpans();
    expect(root.name).toBe('request');
    expect(root.status.code).toBe(SpanStatusCode.ERROR);
  });
});
