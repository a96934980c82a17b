import { TracingError } from '../errors';
import type { ExportWindow, TracingDataExport } from './export-data';
import type { PerformanceOverview } from './overview';
import type { CollectorStats, TraceCollector, TracingSummary } from './trace-collector';
import type { TraceAnalysis } from './trace-analysis';

// The running setup's collector: set by initializeTracing when analysis is on, cleared by shutdownTracing.
let current: TraceCollector | undefined;

export function setCurrentCollector(collector: TraceCollector | undefined): void {
  current = collector;
}

/** The running setup's collector, if `initializeTracing({ analysis })` turned analysis on. */
export function getTraceCollector(): TraceCollector | undefined {
  return current;
}

function collector(): TraceCollector {
  if (!current)
    throw new TracingError(
      'TRACING_ANALYSIS_OFF',
      'Local analysis is off: call initializeTracing({ analysis: true }) (or set TRACING_ANALYSIS=true), or use a TraceCollector of your own.',
    );
  return current;
}

/** The running collector's held traces, spans and evictions. Throws a TracingError when analysis is off. */
export function getCollectorStats(): CollectorStats {
  return collector().getCollectorStats();
}

/** Totals since tracing started. Throws a TracingError when analysis is off. */
export function getTracingSummary(): TracingSummary {
  return collector().getTracingSummary();
}

/** Operations, service health, trends, insights. Throws a TracingError when analysis is off. */
export function getPerformanceOverview(): PerformanceOverview {
  return collector().getPerformanceOverview();
}

/** One held trace analysed, or undefined. Throws a TracingError when analysis is off. */
export function getTraceAnalysis(traceId: string): TraceAnalysis | undefined {
  return collector().getTraceAnalysis(traceId);
}

/** An anonymised export of the figures and of the traces in a window. Throws a TracingError when analysis is off. */
export function exportTracingData(window: ExportWindow = {}): TracingDataExport {
  return collector().exportTracingData(window);
}
