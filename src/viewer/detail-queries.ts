import { OperationAccumulator } from './operation-stats';
import { attributeMatches, compareSummaries, matchesSummary } from './query';
import type { OperationStats, Overview, TraceDetail, TraceList, TraceQuery } from './types';

/**
 * The list, operations and overview over traces held in memory as details (the live ring, the
 * analysis collector): what both in-process sources answer, computed when the page asks.
 */
export function listDetails(details: readonly TraceDetail[], query: TraceQuery): TraceList {
  const matched = details.filter((d) => {
    const facts = { summary: d.summary, hasService: (s: string) => d.summary.services.includes(s), hasOperation: (n: string) => d.spans.some((s) => s.name === n) };
    if (!matchesSummary(facts, query)) return false;
    return !query.attr || d.spans.some((s) => attributeMatches(s.attributes, query.attr!) || attributeMatches(s.resource, query.attr!));
  });
  const summaries = matched.map((d) => d.summary).sort(compareSummaries(query.sort));
  return { traces: summaries.slice(0, query.limit), total: summaries.length, partial: false };
}

export function operationsOfDetails(details: readonly TraceDetail[]): OperationStats[] {
  const ops = new OperationAccumulator();
  for (const d of details) for (const s of d.spans) ops.add(s.service, s.name, s.durationUs, s.status.code === 2);
  return ops.snapshot();
}

export function overviewOfDetails(details: readonly TraceDetail[], extra: { revision: number; spanCount: number; evictedSpans: number }): Overview {
  const services = new Set<string>();
  const operations = new Set<string>();
  let start = Infinity;
  let end = -Infinity;
  for (const d of details) {
    for (const s of d.spans) {
      services.add(s.service);
      operations.add(s.name);
    }
    start = Math.min(start, d.summary.startUs);
    end = Math.max(end, d.summary.startUs + d.summary.durationUs);
  }
  return {
    kind: 'live',
    revision: extra.revision,
    traceCount: details.length,
    spanCount: extra.spanCount,
    errorTraceCount: details.filter((d) => d.summary.errorCount > 0).length,
    services: [...services].sort(),
    operations: [...operations].sort(),
    ...(details.length > 0 ? { startUs: start, endUs: end } : {}),
    indexing: false,
    skipped: { count: 0 },
    evictedSpans: extra.evictedSpans,
  };
}
