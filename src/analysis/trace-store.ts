import type { SpanRecord } from './span-record';

/** One held trace: its spans in the order they ended. */
export interface StoredTrace {
  readonly traceId: string;
  /** Collector clock when its first span ended, ms since the epoch. */
  readonly firstSeenMs: number;
  readonly spans: SpanRecord[];
  /** Spans past `maxSpansPerTrace`: aggregated, not stored. */
  droppedSpans: number;
  errorCount: number;
  bytes: number;
}

export interface StoreLimits {
  maxTraces: number;
  traceTtlMs: number;
  memoryLimitBytes: number;
  maxSpansPerTrace: number;
}

/** Traces evicted so far, in total and by cause (`count` = over `maxTraces`). */
export interface EvictionCounts {
  count: number;
  ttl: number;
  memory: number;
}

// Per held trace: the entry, its array and its Map slot.
const TRACE_BYTES = 200;

/**
 * Held traces in first-seen order (a Map keeps insertion order), so the oldest is always the first
 * key: every eviction is O(1), and each trace is evicted at most once, so a span costs O(1)
 * amortised. Nothing runs on a timer: expiry is checked when a span is added or the store is read.
 */
export class TraceStore {
  private readonly traces = new Map<string, StoredTrace>();
  private bytes = 0;
  private spans = 0;
  // The time the oldest held trace expires: one comparison per add while nothing is due.
  private nextExpiryMs = Infinity;
  readonly evicted: EvictionCounts = { count: 0, ttl: 0, memory: 0 };

  constructor(private readonly limits: StoreLimits) {}

  /** Adds a span; returns its trace, whether the trace was new to the store and whether the span was stored. */
  add(record: SpanRecord, nowMs: number): { trace: StoredTrace; created: boolean; stored: boolean } {
    if (nowMs >= this.nextExpiryMs) this.expire(nowMs);
    let trace = this.traces.get(record.traceId);
    const created = trace === undefined;
    if (!trace) {
      trace = { traceId: record.traceId, firstSeenMs: nowMs, spans: [], droppedSpans: 0, errorCount: 0, bytes: TRACE_BYTES };
      this.traces.set(record.traceId, trace);
      this.bytes += TRACE_BYTES;
      if (this.traces.size === 1) this.nextExpiryMs = nowMs + this.limits.traceTtlMs;
      if (this.traces.size > this.limits.maxTraces) this.evictOldest('count');
    }
    if (record.status === 'error') trace.errorCount++;
    const stored = trace.spans.length < this.limits.maxSpansPerTrace;
    if (!stored) {
      trace.droppedSpans++;
    } else {
      trace.spans.push(record);
      trace.bytes += record.bytes;
      this.bytes += record.bytes;
      this.spans++;
    }
    while (this.bytes > this.limits.memoryLimitBytes && this.traces.size > 0) this.evictOldest('memory');
    return { trace, created, stored };
  }

  get(traceId: string, nowMs: number): StoredTrace | undefined {
    this.expire(nowMs);
    return this.traces.get(traceId);
  }

  /** Held traces, oldest first. */
  list(nowMs: number): StoredTrace[] {
    this.expire(nowMs);
    return [...this.traces.values()];
  }

  stats(nowMs: number): { traces: number; spans: number; estimatedBytes: number; evicted: EvictionCounts } {
    this.expire(nowMs);
    return { traces: this.traces.size, spans: this.spans, estimatedBytes: this.bytes, evicted: { ...this.evicted } };
  }

  clear(): void {
    this.traces.clear();
    this.bytes = 0;
    this.spans = 0;
    this.nextExpiryMs = Infinity;
  }

  private expire(nowMs: number): void {
    const ttl = this.limits.traceTtlMs;
    for (const trace of this.traces.values()) {
      if (trace.firstSeenMs + ttl > nowMs) {
        this.nextExpiryMs = trace.firstSeenMs + ttl;
        return;
      }
      this.remove(trace, 'ttl');
    }
    this.nextExpiryMs = Infinity;
  }

  private evictOldest(cause: 'count' | 'memory'): void {
    const oldest = this.traces.values().next().value;
    if (oldest) this.remove(oldest, cause);
    const next = this.traces.values().next().value;
    this.nextExpiryMs = next ? next.firstSeenMs + this.limits.traceTtlMs : Infinity;
  }

  private remove(trace: StoredTrace, cause: keyof EvictionCounts): void {
    this.traces.delete(trace.traceId);
    this.bytes -= trace.bytes;
    this.spans -= trace.spans.length;
    this.evicted[cause]++;
  }
}
