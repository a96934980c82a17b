import { SpanStatusCode, TraceFlags, type Attributes, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { OnceLogger } from '../internal/diag';
import { OperationTable } from './aggregates';
import { ErrorPatterns } from './error-patterns';
import { HEAP_END_ATTRIBUTE, HEAP_START_ATTRIBUTE, heapUsedBytes } from './memory';
import { resolveAnalysisOptions, type AnalysisOptions, type ResolvedAnalysisOptions } from './analysis-options';
import { buildOverview, type PerformanceOverview } from './overview';
import { exportWindow, type ExportWindow, type TracingDataExport } from './export-data';
import { FLAG_ENDED_BEFORE_START, FLAG_ERROR, FLAG_OK, FLAG_REMOTE_PARENT, KIND_SHIFT } from './span-columns';
import { SpanKeys, type SpanKey } from './span-keys';
import { EMPTY, extrasOf, hrToMs, spanBytes, type SpanExtras, type SpanRecord } from './span-record';
import { analyzeTrace, type TraceAnalysis } from './trace-analysis';
import { TraceStore, type EvictionCounts, type StoredTrace } from './trace-store';
import { TrendWindows } from './trends';

const once = new OnceLogger();

/** What the collector holds now and what it let go. */
export interface CollectorStats {
  /** Traces held. */
  traces: number;
  /** Spans held. */
  spans: number;
  /** Estimated heap of the held spans, bytes. */
  estimatedBytes: number;
  /** Traces evicted, in total (`count`: over maxTraces) and by cause. */
  evicted: EvictionCounts;
  /** Spans aggregated but not stored because their trace had `maxSpansPerTrace` already. */
  droppedSpans: number;
  /** Spans filed under an `other` operation because `maxOperations` distinct ones existed. */
  overflowSpans: number;
  /** Spans that ended before they started (clock skew): counted with 0 ms. */
  endedBeforeStart: number;
}

/** Totals since the collector started, whatever was evicted since. */
export interface TracingSummary {
  /** Traces whose local root span ended (a span with no parent, or whose parent is in another process). */
  totalTraces: number;
  totalSpans: number;
  avgSpansPerTrace: number;
  /** Traces with at least one failed span. */
  errorTraces: number;
}

/** A held trace as plain records (for viewers). */
export interface TraceRecord {
  traceId: string;
  /** Collector clock when its first span ended, ms since the epoch. */
  firstSeenMs: number;
  /** Spans in the order they ended. */
  spans: readonly SpanRecord[];
  /** Spans not stored (over `maxSpansPerTrace`). */
  droppedSpans: number;
}

/**
 * A span processor that keeps recent traces in memory (under count, age and memory limits) and
 * aggregates every span per operation and service: latency quantiles, errors, trends, health and
 * insights, with no tracing backend. Add it to any provider
 * (`new TracerProvider({ spanProcessors: [collector] })`) or let `initializeTracing({ analysis: true })` do it.
 */
export class TraceCollector implements SpanProcessor {
  readonly options: ResolvedAnalysisOptions;
  private readonly store: TraceStore;
  private readonly operations: OperationTable;
  private readonly keys: SpanKeys;
  private readonly errors = new ErrorPatterns();
  private readonly trends: TrendWindows;
  private readonly errorTraceIds = new Set<string>();
  private totalTraces = 0;
  private totalSpans = 0;
  private errorTraces = 0;
  private endedBeforeStart = 0;
  private droppedSpans = 0;
  private lastResource: unknown;
  private lastResourceService = 'unknown_service';

  constructor(options: AnalysisOptions = {}) {
    this.options = resolveAnalysisOptions(options);
    this.store = new TraceStore(this.options);
    this.operations = new OperationTable(this.options.maxOperations);
    this.keys = new SpanKeys(this.operations);
    this.trends = new TrendWindows(this.options.trendWindowMs, this.options.now());
  }

  onStart(span: Span, _parentContext: Context): void {
    if (this.options.trackMemory) span.setAttribute(HEAP_START_ATTRIBUTE, heapUsedBytes());
  }

  onEnding(span: Span): void {
    // Called while the span can still take attributes (SDK 3); onEnd is too late for that.
    if (this.options.trackMemory) span.setAttribute(HEAP_END_ATTRIBUTE, heapUsedBytes());
  }

  onEnd(span: ReadableSpan): void {
    try {
      this.add(span);
    } catch (error) {
      // The span path must never fail because of the analysis; a malformed span is just not counted.
      once.warn('collector-on-end', `analysis: a span could not be collected and was skipped: ${String(error)}`);
    }
  }

  private add(span: ReadableSpan): void {
    const ctx = span.spanContext();
    // Recorded but not sampled (a RECORD_ONLY sampler decision): exporters skip these, so do we.
    if ((ctx.traceFlags & TraceFlags.SAMPLED) === 0) return;
    const now = this.options.now();
    const resource = span.resource;
    if (resource !== this.lastResource) {
      this.lastResource = resource;
      const name = resource?.attributes?.['service.name'];
      this.lastResourceService = typeof name === 'string' && name !== '' ? name : 'unknown_service';
    }
    const name = span.name;
    const attributes = span.attributes;
    const key = this.keys.keyOf(name, attributes, this.lastResourceService, now);
    const parent = span.parentSpanContext;
    const startMs = hrToMs(span.startTime);
    const rawDuration = hrToMs(span.endTime) - startMs;
    const durationMs = rawDuration > 0 ? rawDuration : 0;
    const code = span.status.code;
    const error = code === SpanStatusCode.ERROR;
    const remoteParent = parent !== undefined && parent.isRemote === true;
    const extras = extrasOf(span);
    const flags = (error ? FLAG_ERROR : code === SpanStatusCode.OK ? FLAG_OK : 0) | (remoteParent ? FLAG_REMOTE_PARENT : 0) | (rawDuration < 0 ? FLAG_ENDED_BEFORE_START : 0) | (span.kind << KIND_SHIFT);
    const bytes = spanBytes(name, attributes) + (extras === undefined ? 0 : extras.bytes);
    this.totalSpans++;
    if (rawDuration < 0) this.endedBeforeStart++;
    // A trace counts once, when its local root ends (no parent, or a parent in another process):
    // no set of seen ids to keep, and a trace evicted before its root ends still counts once.
    if (parent === undefined || remoteParent) this.totalTraces++;
    if (!this.store.add(ctx.traceId, ctx.spanId, parent?.spanId, key, attributes, extras, startMs, durationMs, flags, bytes, error, now)) this.droppedSpans++;
    key.stats.add(durationMs, error);
    this.trends.add(durationMs, error, now);
    if (error) this.addError(ctx.traceId, key, attributes, extras, now);
  }

  // Failed spans only: the error's type and normalised message, and the trace counted once.
  private addError(traceId: string, key: SpanKey, attributes: Attributes, extras: SpanExtras | undefined, now: number): void {
    const failed = { traceId, service: key.service, name: key.name, attributes, events: extras ? extras.events : EMPTY, statusMessage: extras?.statusMessage };
    if (this.errors.add(failed, now)) key.stats.timeoutCount++;
    if (!this.errorTraceIds.has(traceId)) {
      this.errorTraceIds.add(traceId);
      this.errorTraces++;
      // Only the recent ids are needed (spans of one trace end close together); bounded.
      if (this.errorTraceIds.size > this.options.maxTraces) this.errorTraceIds.clear();
    }
  }

  /** What is held now and what was let go. */
  getCollectorStats(): CollectorStats {
    return {
      ...this.store.stats(this.options.now()),
      droppedSpans: this.droppedSpans,
      overflowSpans: this.operations.overflowSpans,
      endedBeforeStart: this.endedBeforeStart,
    };
  }

  /** Totals since the collector started. */
  getTracingSummary(): TracingSummary {
    return {
      totalTraces: this.totalTraces,
      totalSpans: this.totalSpans,
      avgSpansPerTrace: this.totalTraces === 0 ? 0 : this.totalSpans / this.totalTraces,
      errorTraces: this.errorTraces,
    };
  }

  /** Operations, service health, trends, insights and recommendations, from the aggregates. */
  getPerformanceOverview(): PerformanceOverview {
    const now = this.options.now();
    return buildOverview({ operations: this.operations, errors: this.errors.list(), trends: this.trends.read(now), options: this.options, nowMs: now });
  }

  /** One held trace analysed (timeline, critical path, slow spans, errors), or undefined for an unknown id. */
  getTraceAnalysis(traceId: string): TraceAnalysis | undefined {
    const trace = this.store.get(traceId, this.options.now());
    return trace && analyzeTrace(trace, this.options);
  }

  /** An anonymised, JSON-serialisable export of the figures and of the held traces in a window. */
  exportTracingData(window: ExportWindow = {}): TracingDataExport {
    const traces = this.store.list(this.options.now());
    return exportWindow(this.getPerformanceOverview(), traces, window, this.options);
  }

  /** Held traces, oldest first, as plain records (their spans, attributes, events, links and status). */
  listTraces(): TraceRecord[] {
    return this.store.list(this.options.now()).map(toTraceRecord);
  }

  /** One held trace as plain records, or undefined. */
  getTrace(traceId: string): TraceRecord | undefined {
    const trace = this.store.get(traceId, this.options.now());
    return trace && toTraceRecord(trace);
  }

  /** Forgets the held traces (the aggregates stay). */
  clear(): void {
    this.store.clear();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  toString(): string {
    return `TraceCollector{maxTraces=${this.options.maxTraces}, traceTtlMs=${this.options.traceTtlMs}, memoryLimitBytes=${this.options.memoryLimitBytes}}`;
  }
}

function toTraceRecord(trace: StoredTrace): TraceRecord {
  return { traceId: trace.traceId, firstSeenMs: trace.firstSeenMs, spans: [...trace.spans], droppedSpans: trace.droppedSpans };
}
