import type { TraceCollector } from '../analysis/trace-collector';
import type { SpanRecord } from '../analysis/span-record';
import { listDetails, operationsOfDetails, overviewOfDetails } from './detail-queries';
import { attributesOf } from './ring-source';
import { traceDetailOf } from './summarize';
import type { Overview, TraceDetail, TraceList, TraceQuery, TraceSource, ViewerSpan } from './types';

const STATUS = { unset: 0, ok: 1, error: 2 } as const;

/**
 * The viewer's source when local analysis is on: the traces the `TraceCollector` holds (under its
 * count, age and memory limits), so the page and the analysis see the same spans.
 */
export class CollectorTraceSource implements TraceSource {
  constructor(private readonly collector: TraceCollector) {}

  private details(): TraceDetail[] {
    const out: TraceDetail[] = [];
    for (const trace of this.collector.listTraces()) {
      const detail = traceDetailOf(trace.traceId, trace.spans.map(toViewerSpan));
      if (detail) out.push(detail);
    }
    return out;
  }

  async listTraces(query: TraceQuery): Promise<TraceList> {
    return listDetails(this.details(), query);
  }

  async getTrace(traceId: string): Promise<TraceDetail | undefined> {
    const trace = this.collector.getTrace(traceId.toLowerCase());
    return trace ? traceDetailOf(trace.traceId, trace.spans.map(toViewerSpan)) : undefined;
  }

  async operations() {
    return operationsOfDetails(this.details());
  }

  async overview(): Promise<Overview> {
    const stats = this.collector.getCollectorStats();
    const total = this.collector.getTracingSummary().totalSpans;
    return overviewOfDetails(this.details(), { revision: total, spanCount: stats.spans, evictedSpans: Math.max(0, total - stats.spans) });
  }

  async close(): Promise<void> {}
}

/** A collector record in the API's shape; the collector keeps the resource's service name only. */
export function toViewerSpan(record: SpanRecord): ViewerSpan {
  const status: ViewerSpan['status'] = { code: STATUS[record.status] };
  if (record.statusMessage) status.message = record.statusMessage;
  return {
    traceId: record.traceId,
    spanId: record.spanId,
    ...(record.parentSpanId ? { parentSpanId: record.parentSpanId } : {}),
    name: record.name,
    kind: record.kind + 1,
    service: record.resourceService,
    startUs: Math.round(record.startMs * 1000),
    durationUs: Math.round(record.durationMs * 1000),
    status,
    attributes: attributesOf(record.attributes),
    events: record.events.map((e) => ({ name: e.name, timeUs: Math.round(e.timeMs * 1000), attributes: attributesOf(e.attributes ?? {}) })),
    links: record.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: attributesOf(l.attributes ?? {}) })),
    resource: { 'service.name': record.resourceService },
    scope: { name: 'tracewright' },
  };
}
