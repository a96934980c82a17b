/**
 * A small, fixed trace made by the real SDK, used to drive every receiver through the official
 * exporters: a SERVER root with attributes of each type, a CLIENT child with an event, a link and
 * an ERROR status, a PRODUCER with OK status, an INTERNAL span, and a CONSUMER under a remote
 * parent that carries a tracestate.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  TracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';

export const SERVICE_NAME = 'receiver-selftest';
export const SCOPE = { name: 'receiver-tests', version: '1.2.3' };
export const LINKED = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
export const REMOTE_PARENT = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };

export const ROOT_ATTRIBUTES = {
  'http.request.method': 'GET',
  'http.response.status_code': 200,
  'app.ratio': 0.25,
  'app.cached': false,
  'app.tags': ['a', 'b'],
  'app.sizes': [1, 2, 3],
};

export interface SpanFixture {
  spans: ReadableSpan[];
  byName(name: string): ReadableSpan;
}

export function makeSpanFixture(): SpanFixture {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': SERVICE_NAME, 'deployment.environment.name': 'test' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer(SCOPE.name, SCOPE.version);

  const root = tracer.startSpan('GET /users/:id', { kind: SpanKind.SERVER, attributes: ROOT_ATTRIBUTES }, ROOT_CONTEXT);
  const rootContext = trace.setSpan(ROOT_CONTEXT, root);

  const child = tracer.startSpan(
    'SELECT users',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'postgresql', 'db.response.returned_rows': 3 },
      links: [
        {
          context: { ...LINKED, traceFlags: TraceFlags.SAMPLED },
          attributes: { 'link.reason': 'retry-of' },
        },
      ],
    },
    rootContext,
  );
  child.addEvent('cache.miss', { 'cache.key': 'user:1', attempt: 2 });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'db down' });
  child.end();

  const producer = tracer.startSpan('publish user.viewed', { kind: SpanKind.PRODUCER }, rootContext);
  producer.setStatus({ code: SpanStatusCode.OK });
  producer.end();

  tracer.startSpan('render', { kind: SpanKind.INTERNAL }, rootContext).end();
  root.end();

  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    ...REMOTE_PARENT,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=opaque,other=1'),
  });
  tracer.startSpan('consume user.viewed', { kind: SpanKind.CONSUMER }, remote).end();

  const spans = memory.getFinishedSpans();
  return {
    spans,
    byName(name) {
      const span = spans.find((s) => s.name === name);
      if (!span) throw new Error(`fixture has no span "${name}"`);
      return span;
    },
  };
}
