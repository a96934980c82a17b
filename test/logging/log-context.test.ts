import { Writable } from 'node:stream';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import pino from 'pino';
import winston from 'winston';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CorrelationIdPropagator,
  createBaggageFromRecord,
  createContextManagerFacade,
  createPropagator,
  getAllBaggage,
  getBaggage,
  getCorrelationId,
  headerGetter,
  headerSetter,
  resolveCorrelationId,
  setBaggage,
  withBaggage,
  withCorrelationId,
} from '../../src/propagation/index';
import { getLogContext, pinoLogMixin, winstonLogFormat } from '../../src/logging/log-context';

// Global wiring: baggage/log helpers read the active context, which needs a context manager.
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(createPropagator(['tracecontext', 'baggage']));
});
afterAll(() => {
  propagation.disable();
  context.disable();
});

function newTracer() {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: exporter })] });
  return { tracer: provider.getTracer('test'), exporter };
}

function lines(): { stream: Writable; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line.trim()) records.push(JSON.parse(line));
      cb();
    },
  });
  return { stream, records };
}

describe('getLogContext', () => {
  it('is empty outside any span', () => {
    expect(getLogContext()).toEqual({});
  });

  it('reports the active span, and the random flag carried from the parent', () => {
    const { tracer } = newTracer();
    const parent = createContextManagerFacade().extractContext(
      { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03' },
      ROOT_CONTEXT,
    );
    context.with(parent, () =>
      tracer.startActiveSpan('work', (span) => {
        expect(getLogContext()).toEqual({
          trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
          span_id: span.spanContext().spanId,
          trace_flags: '03',
          correlation_id: '4bf92f3577b34da6a3ce929d0e0e4736',
        });
        span.end();
      }),
    );
  });
});

describe('log correlation with the real loggers', () => {
  it('pino mixin puts trace_id/span_id of the active span on each line', async () => {
    const { tracer } = newTracer();
    const { stream, records } = lines();
    const log = pino({ mixin: pinoLogMixin }, stream);
    log.info('outside');
    let ids: { traceId: string; spanId: string } | undefined;
    await tracer.startActiveSpan('handler', async (span) => {
      ids = span.spanContext();
      await new Promise((r) => setImmediate(r));
      withCorrelationId('req-42', () => log.info('inside'));
      span.end();
    });
    await new Promise((r) => setImmediate(r));
    expect(records).toHaveLength(2);
    expect(records[0].msg).toBe('outside');
    expect(records[0].trace_id).toBeUndefined();
    expect(records[1]).toMatchObject({
      msg: 'inside',
      trace_id: ids!.traceId,
      span_id: ids!.spanId,
      trace_flags: '01',
      correlation_id: 'req-42',
    });
  });

  it('winston format adds the fields and does not overwrite explicit ones', async () => {
    const { tracer } = newTracer();
    const { stream, records } = lines();
    const log = winston.createLogger({
      format: winston.format.combine(winstonLogFormat(), winston.format.json()),
      transports: [new winston.transports.Stream({ stream })],
    });
    let ids: { traceId: string; spanId: string } | undefined;
    tracer.startActiveSpan('job', (span) => {
      ids = span.spanContext();
      log.info('first');
      log.info('explicit', { trace_id: 'mine' });
      span.end();
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ message: 'first', trace_id: ids!.traceId, span_id: ids!.spanId, trace_flags: '01' });
    expect(records[1]).toMatchObject({ message: 'explicit', trace_id: 'mine', span_id: ids!.spanId });
  });
});

describe('baggage helpers', () => {
  it('withBaggage is active in fn and its async continuations, and merges records', async () => {
    const seen: Array<Record<string, string>> = [];
    await withBaggage({ tenant: 'acme' }, async () => {
      seen.push(getAllBaggage());
      await withBaggage({ plan: { value: 'pro', metadata: 'ttl=60' } }, async () => {
        await new Promise((r) => setTimeout(r, 1));
        seen.push(getAllBaggage());
      });
      await Promise.resolve();
      seen.push(getAllBaggage());
    });
    expect(seen).toEqual([{ tenant: 'acme' }, { tenant: 'acme', plan: 'pro' }, { tenant: 'acme' }]);
    expect(getBaggage('tenant')).toBeUndefined();
  });

  it('a Baggage object replaces, setBaggage returns a new context, values propagate', () => {
    const bag = createBaggageFromRecord({ a: '1', n: 2, b: true });
    expect(bag.getAllEntries().map(([k, e]) => [k, e.value])).toEqual([
      ['a', '1'],
      ['n', '2'],
      ['b', 'true'],
    ]);
    withBaggage({ old: 'x' }, () =>
      withBaggage(bag, () => {
        expect(getBaggage('old')).toBeUndefined();
        const ctx = setBaggage('user', 'Jürgen');
        expect(getBaggage('user')).toBeUndefined();
        expect(getBaggage('user', ctx)).toBe('Jürgen');
        const headers = createContextManagerFacade().injectContext(ctx, {} as Record<string, string>);
        expect(headers.baggage).toBe('a=1,n=2,b=true,user=J%C3%BCrgen');
      }),
    );
  });
});

describe('correlation id', () => {
  const sc = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
  const rows: Array<{ name: string; headers: unknown; expect: string | 'uuid' }> = [
    { name: 'x-correlation-id kept', headers: { 'x-correlation-id': 'abc-123', 'x-request-id': 'r' }, expect: 'abc-123' },
    { name: 'x-request-id kept', headers: { 'X-Request-Id': 'req-9' }, expect: 'req-9' },
    { name: 'fetch Headers', headers: new Headers({ 'x-request-id': 'h-1' }), expect: 'h-1' },
    { name: 'control characters ignored', headers: { 'x-correlation-id': 'a\nb' }, expect: sc.traceId },
    { name: 'oversized ignored', headers: { 'x-correlation-id': 'a'.repeat(300) }, expect: sc.traceId },
    { name: 'none: derived from trace id', headers: {}, expect: sc.traceId },
  ];
  for (const row of rows) {
    it(row.name, () => expect(resolveCorrelationId(row.headers, sc)).toBe(row.expect));
  }

  it('without headers or span: a random UUID', () => {
    expect(resolveCorrelationId(null)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('getCorrelationId prefers the context value, then the active trace id', () => {
    const { tracer } = newTracer();
    expect(getCorrelationId()).toBeUndefined();
    tracer.startActiveSpan('s', (span) => {
      expect(getCorrelationId()).toBe(span.spanContext().traceId);
      withCorrelationId('given', () => expect(getCorrelationId()).toBe('given'));
      span.end();
    });
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});

describe('CorrelationIdPropagator (opt-in)', () => {
  it('extracts x-correlation-id or x-request-id and forwards it as x-correlation-id', () => {
    const p = new CorrelationIdPropagator();
    const ctx = p.extract(ROOT_CONTEXT, { 'X-Request-Id': 'req-5' }, headerGetter);
    expect(getCorrelationId(ctx)).toBe('req-5');
    const out: Record<string, string> = {};
    p.inject(ctx, out, headerSetter);
    expect(out).toEqual({ 'x-correlation-id': 'req-5' });
    expect(getCorrelationId(p.extract(ROOT_CONTEXT, { 'x-correlation-id': 'bad id' }, headerGetter))).toBeUndefined();
    const none: Record<string, string> = {};
    p.inject(ROOT_CONTEXT, none, headerSetter);
    expect(none).toEqual({});
    expect(String(createPropagator(['tracecontext', p]))).toBe('CombinedPropagator{StrictTraceContextPropagator,CorrelationIdPropagator}');
  });
});
