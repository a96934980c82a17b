import type { AttributeValue } from '@opentelemetry/api';
import { TracingConfigError } from '../errors';
import type { ResolvedAnalysisOptions } from './analysis-options';
import type { PerformanceOverview } from './overview';
import type { StoredTrace } from './trace-store';

/** Which traces to export: those that started in [start, end]. Dates or ms since the epoch; open ends by default. */
export interface ExportWindow {
  start?: Date | number;
  end?: Date | number;
}

/** One exported span: no attribute values except the keys listed in `exportAttributes`. */
export interface ExportedSpan {
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  service: string;
  offsetMs: number;
  durationMs: number;
  status: 'unset' | 'ok' | 'error';
  attributes?: Record<string, AttributeValue>;
}

export interface ExportedTrace {
  traceId: string;
  rootName: string;
  services: string[];
  /** ISO time of the earliest span start. */
  startTime: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  status: 'ok' | 'error';
  spans: ExportedSpan[];
}

/** What `exportTracingData` returns: plain JSON data. */
export interface TracingDataExport {
  exportedAt: string;
  window: { start: string | undefined; end: string | undefined };
  overview: PerformanceOverview;
  serviceHealth: PerformanceOverview['serviceHealth'];
  trends: PerformanceOverview['trends'];
  traces: ExportedTrace[];
}

export function exportWindow(overview: PerformanceOverview, traces: readonly StoredTrace[], window: ExportWindow, options: ResolvedAnalysisOptions): TracingDataExport {
  const start = toMs('start', window.start, -Infinity);
  const end = toMs('end', window.end, Infinity);
  const allowed = new Set(options.exportAttributes);
  const out: ExportedTrace[] = [];
  for (const trace of traces) {
    if (trace.spans.length === 0) continue;
    let first = Infinity;
    let last = -Infinity;
    for (const s of trace.spans) {
      first = Math.min(first, s.startMs);
      last = Math.max(last, s.startMs + s.durationMs);
    }
    if (first < start || first > end) continue;
    const root = trace.spans.find((s) => s.parentSpanId === undefined || s.remoteParent) ?? trace.spans[0];
    out.push({
      traceId: trace.traceId,
      rootName: root.name,
      services: [...new Set(trace.spans.map((s) => s.service))],
      startTime: new Date(first).toISOString(),
      durationMs: last - first,
      spanCount: trace.spans.length + trace.droppedSpans,
      errorCount: trace.errorCount,
      status: trace.errorCount > 0 ? 'error' : 'ok',
      spans: trace.spans.map((s) => {
        const span: ExportedSpan = { spanId: s.spanId, parentSpanId: s.parentSpanId, name: s.name, service: s.service, offsetMs: s.startMs - first, durationMs: s.durationMs, status: s.status };
        if (allowed.size > 0) {
          const kept: Record<string, AttributeValue> = {};
          for (const key of allowed) {
            const value = s.attributes[key];
            if (value !== undefined) kept[key] = value;
          }
          if (Object.keys(kept).length > 0) span.attributes = kept;
        }
        return span;
      }),
    });
  }
  return {
    exportedAt: overview.generatedAt,
    window: { start: Number.isFinite(start) ? new Date(start).toISOString() : undefined, end: Number.isFinite(end) ? new Date(end).toISOString() : undefined },
    overview,
    serviceHealth: overview.serviceHealth,
    trends: overview.trends,
    traces: out,
  };
}

function toMs(name: string, value: Date | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || Number.isNaN(ms)) throw new TracingConfigError(`exportTracingData(${name})`, value, 'a Date or ms since the epoch');
  return ms;
}
