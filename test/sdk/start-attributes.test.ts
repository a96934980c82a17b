import { ROOT_CONTEXT, SpanKind, trace, type Attributes, type Context, type Link } from '@opentelemetry/api';
import { BatchSpanProcessor, InMemorySpanExporter, SamplingDecision, TracerProvider, type ReadableSpan, type Sampler } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { getTracer, initializeTracing, shutdownTracing, withSpan } from '../../src/index';
import { getFinishedSpans } from '../../src/testing';

afterEach(async () => {
  await shutdownTracing();
});

const base = { serviceName: 'start-attributes-test', exporterType: 'memory', handleSignals: false, logLevel: 'none' } as const;

/** The same span from a plain SDK provider with the same limits: what the attributes must come out as. */
async function sdkSpan(attributes: Attributes, limits: { attributeCountLimit?: number; attributeValueLengthLimit?: number } = {}): Promise<ReadableSpan> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanLimits: limits, spanProcessors: [new BatchSpanProcessor({ exporter })] });
  provider.getTracer('sdk').startSpan('op', { attributes }).end();
  await provider.forceFlush();
  const [span] = exporter.getFinishedSpans();
  await provider.shutdown();
  return span!;
}

async function tracewrightSpan(attributes: Attributes): Promise<ReadableSpan> {
  withSpan('op', () => undefined, attributes);
  const spans = await getFinishedSpans();
  return spans[spans.length - 1]!;
}

const cases: { name: string; attributes: Attributes; limits?: { attributeCountLimit?: number; attributeValueLengthLimit?: number } }[] = [
  { name: 'primitives', attributes: { 'app.user': 'u-42', 'app.items': 3, 'app.ok': true, 'app.skip': undefined } },
  { name: 'more than attributeCountLimit', attributes: { a: 1, b: 2, c: 3, d: 4 }, limits: { attributeCountLimit: 2 } },
  { name: 'longer than attributeValueLengthLimit', attributes: { a: 'abcdefgh', b: ['abcdef', 'xy'] }, limits: { attributeValueLengthLimit: 3 } },
  { name: 'arrays and an invalid value', attributes: { list: [1, 2, 3], bad: new Date(0) as unknown as string, ok: 'yes' } },
  { name: 'an empty key', attributes: { '': 'x', ok: 'yes' } },
];

describe('start attributes', () => {
  it.each(cases)('come out as the SDK keeps them when given at the start: $name', async ({ attributes, limits }) => {
    await initializeTracing({ ...base, ...(limits ? { spanLimits: limits } : {}) });
    const ours = await tracewrightSpan(attributes);
    const sdk = await sdkSpan(attributes, limits);
    expect(ours.attributes).toEqual(sdk.attributes);
    expect(Object.keys(ours.attributes)).toEqual(Object.keys(sdk.attributes));
    expect(ours.droppedAttributesCount).toBe(sdk.droppedAttributesCount);
  });

  it('are copied, not kept by reference (arrays), as the SDK copies them', async () => {
    await initializeTracing(base);
    const list = ['a', 'b'];
    const span = await tracewrightSpan({ list, n: 1 });
    list.push('c');
    expect(span.attributes.list).toEqual(['a', 'b']);
  });

  it('reach a sampler given in code at the start of the span', async () => {
    const seen: Attributes[] = [];
    const sampler: Sampler = {
      shouldSample(_ctx: Context, _traceId: string, _name: string, _kind: SpanKind, attributes: Attributes, _links: Link[]) {
        seen.push({ ...attributes });
        return { decision: attributes['app.drop'] === true ? SamplingDecision.NOT_RECORD : SamplingDecision.RECORD_AND_SAMPLED };
      },
      toString: () => 'RecordingSampler',
    };
    await initializeTracing({ ...base, sampler });
    withSpan('kept', () => undefined, { 'app.user': 'u-1' });
    withSpan('dropped', () => undefined, { 'app.drop': true });
    getTracer().startSpan('started', { kind: SpanKind.CLIENT, attributes: { 'app.n': 2 } }).end();
    expect(seen).toEqual([{ 'app.user': 'u-1' }, { 'app.drop': true }, { 'app.n': 2 }]);
    expect((await getFinishedSpans()).map((s) => s.name)).toEqual(['kept', 'started']);
  });

  it('reach the ignorePaths sampler: a span starting with an ignored url.path is not recorded', async () => {
    await initializeTracing({ ...base, ignorePaths: ['/health'] });
    withSpan('probe', () => undefined, { 'url.path': '/health' });
    withSpan('work', () => undefined, { 'url.path': '/orders' });
    expect((await getFinishedSpans()).map((s) => s.name)).toEqual(['work']);
  });

  it('keep the span kind and the other options when set after the start', async () => {
    await initializeTracing(base);
    const link = { context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 } };
    getTracer().startSpan('client', { kind: SpanKind.CLIENT, attributes: { 'server.address': 'db' }, links: [link], startTime: new Date(1_000_000) }).end(new Date(1_002_000));
    const [span] = await getFinishedSpans();
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes).toEqual({ 'server.address': 'db' });
    expect(span!.links.map((l) => l.context.spanId)).toEqual(['b7ad6b7169203331']);
    expect(span!.startTime).toEqual([1000, 0]);
  });
});

describe('startActiveSpan through the provider tracewright registers', () => {
  it('takes (name, fn), (name, options, fn) and (name, options, context, fn) as the SDK does, and nests', async () => {
    await initializeTracing(base);
    const tracer = trace.getTracer('api-user');
    const out = tracer.startActiveSpan('outer', (outer) => {
      expect(trace.getActiveSpan()).toBe(outer);
      const inner = tracer.startActiveSpan('inner', { kind: SpanKind.CLIENT, attributes: { 'app.n': 1 } }, (span) => {
        expect(trace.getActiveSpan()).toBe(span);
        span.end();
        return 'value';
      });
      outer.end();
      return inner;
    });
    expect(out).toBe('value');
    const detachedParent = trace.setSpanContext(ROOT_CONTEXT, { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1, isRemote: true });
    await tracer.startActiveSpan('remote child', {}, detachedParent, async (span) => {
      await new Promise((r) => setTimeout(r, 1));
      expect(trace.getActiveSpan()).toBe(span);
      span.end();
    });
    const spans = await getFinishedSpans();
    const byName = new Map(spans.map((s) => [s.name, s]));
    expect(byName.get('inner')!.parentSpanContext?.spanId).toBe(byName.get('outer')!.spanContext().spanId);
    expect(byName.get('inner')!.kind).toBe(SpanKind.CLIENT);
    expect(byName.get('inner')!.attributes).toEqual({ 'app.n': 1 });
    expect(byName.get('remote child')!.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(byName.get('remote child')!.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
