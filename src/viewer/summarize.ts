import type { TraceDetail, TraceSummary, ViewerSpan } from './types';

/**
 * A trace's summary and orphans from its spans. The root is the earliest span without a parent;
 * without one, the earliest span stands in and `hasRoot` is false. Spans read twice (the same
 * line in two files) count once.
 */
export function traceDetailOf(traceId: string, input: ViewerSpan[]): TraceDetail | undefined {
  const seen = new Set<string>();
  const spans = input.filter((s) => !seen.has(s.spanId) && seen.add(s.spanId));
  if (spans.length === 0) return undefined;
  spans.sort((a, b) => a.startUs - b.startUs || b.durationUs - a.durationUs);
  const ids = new Set(spans.map((s) => s.spanId));
  const orphans = spans.filter((s) => s.parentSpanId !== undefined && !ids.has(s.parentSpanId)).map((s) => s.spanId);
  return { summary: summarizeSpans(traceId, spans), spans, orphans };
}

/** The summary of spans already sorted by start. */
export function summarizeSpans(traceId: string, sorted: ViewerSpan[]): TraceSummary {
  const root = sorted.find((s) => s.parentSpanId === undefined) ?? sorted[0]!;
  let start = Infinity;
  let end = -Infinity;
  let errors = 0;
  const services = new Set<string>();
  for (const s of sorted) {
    start = Math.min(start, s.startUs);
    end = Math.max(end, s.startUs + s.durationUs);
    if (s.status.code === 2) errors++;
    services.add(s.service);
  }
  return {
    traceId,
    rootName: root.name,
    rootService: root.service,
    hasRoot: root.parentSpanId === undefined,
    services: [...services].sort(),
    startUs: start,
    durationUs: end - start,
    spanCount: sorted.length,
    errorCount: errors,
  };
}
