import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { subscribeEndedSpans } from '../runtime/span-tap';
import { listDetails, operationsOfDetails, overviewOfDetails } from './detail-queries';
import { UNKNOWN_SERVICE } from './otlp-json';
import { traceDetailOf } from './summarize';
import type { Overview, TraceDetail, TraceList, TraceQuery, TraceSource, ViewerAttributes, ViewerSpan, ViewerValue } from './types';

export const DEFAULT_MAX_SPANS = 10_000;

export interface RingTraceSourceOptions {
  /** Recent spans kept; the oldest go first. @default 10000 */
  maxSpans?: number;
}

/**
 * The viewer's source over the running application: every span that ends (through the `SpanTap`
 * processor) goes into a bounded ring. The hot path only stores the span; conversion happens when
 * the page asks.
 */
export class RingTraceSource implements TraceSource {
  private readonly ring: Array<ReadableSpan | undefined>;
  private next = 0;
  private size = 0;
  private evicted = 0;
  private revision = 0;
  private readonly traces = new Map<string, ReadableSpan[]>();
  private readonly unsubscribe: () => void;

  constructor(options: RingTraceSourceOptions = {}) {
    this.ring = new Array(options.maxSpans ?? DEFAULT_MAX_SPANS);
    this.unsubscribe = subscribeEndedSpans((span) => this.push(span));
  }

  /** Adds one span, evicting the oldest when full. Public so tests and adapters can feed it. */
  push(span: ReadableSpan): void {
    const old = this.ring[this.next];
    if (old) {
      const list = this.traces.get(old.spanContext().traceId);
      // The ring evicts in arrival order, so the oldest span is first in its trace's list.
      if (list) {
        if (list[0] === old) list.shift();
        else list.splice(list.indexOf(old), 1);
        if (list.length === 0) this.traces.delete(old.spanContext().traceId);
      }
      this.evicted++;
    } else {
      this.size++;
    }
    this.ring[this.next] = span;
    this.next = (this.next + 1) % this.ring.length;
    const traceId = span.spanContext().traceId;
    const list = this.traces.get(traceId);
    if (list) list.push(span);
    else this.traces.set(traceId, [span]);
    this.revision++;
  }

  private details(): TraceDetail[] {
    const out: TraceDetail[] = [];
    for (const [traceId, spans] of this.traces) {
      const detail = traceDetailOf(traceId, spans.map(toViewerSpan));
      if (detail) out.push(detail);
    }
    return out;
  }

  async listTraces(query: TraceQuery): Promise<TraceList> {
    return listDetails(this.details(), query);
  }

  async getTrace(traceId: string): Promise<TraceDetail | undefined> {
    const spans = this.traces.get(traceId.toLowerCase());
    return spans ? traceDetailOf(traceId.toLowerCase(), spans.map(toViewerSpan)) : undefined;
  }

  async operations() {
    return operationsOfDetails(this.details());
  }

  async overview(): Promise<Overview> {
    return overviewOfDetails(this.details(), { revision: this.revision, spanCount: this.size, evictedSpans: this.evicted });
  }

  async close(): Promise<void> {
    this.unsubscribe();
  }
}


const micros = (t: HrTime) => t[0] * 1e6 + Math.floor(t[1] / 1000);

/** A recorded span in the API's shape; OTLP kind numbering (the API's SpanKind + 1). */
export function toViewerSpan(span: ReadableSpan): ViewerSpan {
  const ctx = span.spanContext();
  const resource = attributesOf(span.resource.attributes as Attributes);
  const startUs = micros(span.startTime);
  const status: ViewerSpan['status'] = { code: span.status.code };
  if (span.status.message) status.message = span.status.message;
  return {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    ...(span.parentSpanContext?.spanId ? { parentSpanId: span.parentSpanContext.spanId } : {}),
    name: span.name,
    kind: span.kind + 1,
    service: typeof resource['service.name'] === 'string' ? resource['service.name'] : UNKNOWN_SERVICE,
    startUs,
    durationUs: Math.max(0, micros(span.endTime) - startUs),
    status,
    attributes: attributesOf(span.attributes),
    events: span.events.map((e) => ({ name: e.name, timeUs: micros(e.time), attributes: attributesOf(e.attributes ?? {}) })),
    links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, attributes: attributesOf(l.attributes ?? {}) })),
    resource,
    scope: { name: span.instrumentationScope.name, ...(span.instrumentationScope.version ? { version: span.instrumentationScope.version } : {}) },
  };
}

export function attributesOf(attributes: Attributes): ViewerAttributes {
  const out: ViewerAttributes = {};
  for (const [key, value] of Object.entries(attributes)) out[key] = valueOf(value);
  return out;
}

function valueOf(value: AttributeValue | undefined): ViewerValue {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v) => (v === undefined || v === null ? null : v));
  return value as ViewerValue;
}
