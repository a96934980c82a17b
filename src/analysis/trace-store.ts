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
  /** Set when the store let it go (the eviction queue skips it). */
  evicted: boolean;
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
 * Held traces by id, plus a queue of them in first-seen order whose head is the oldest: every
 * eviction takes the head, each trace is evicted at most once, so a span costs O(1) amortised.
 * (A queue rather than the Map's own order: reading the first entry of a Map after many deletes
 * walks over the holes they leave.) Nothing runs on a timer: expiry is checked when a span is
 * added or the store is read.
 */
export class TraceStore {
  private readonly traces = new Map<string, StoredTrace>();
  // Slots before `head` are emptied as the head passes them, so a trace let go is not kept alive here.
  private queue: (StoredTrace | undefined)[] = [];
  private head = 0;
  private bytes = 0;
  private spans = 0;
  // The time the oldest held trace expires: one comparison per add while nothing is due.
  private nextExpiryMs = Infinity;
  readonly evicted: EvictionCounts = { count: 0, ttl: 0, memory: 0 };

  constructor(private readonly limits: StoreLimits) {}

  /** Adds a span; returns whether it was stored (false past `maxSpansPerTrace`). No allocation besides the trace's own. */
  add(record: SpanRecord, nowMs: number): boolean {
    if (nowMs >= this.nextExpiryMs) this.expire(nowMs);
    let trace = this.traces.get(record.traceId);
    if (!trace) {
      trace = { traceId: record.traceId, firstSeenMs: nowMs, spans: [], droppedSpans: 0, errorCount: 0, bytes: TRACE_BYTES, evicted: false };
      this.traces.set(record.traceId, trace);
      this.queue.push(trace);
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
    return stored;
  }

  get(traceId: string, nowMs: number): StoredTrace | undefined {
    this.expire(nowMs);
    return this.traces.get(traceId);
  }

  /** Held traces, oldest first. */
  list(nowMs: number): StoredTrace[] {
    this.expire(nowMs);
    const out: StoredTrace[] = [];
    for (let i = this.head; i < this.queue.length; i++) {
      const trace = this.queue[i];
      if (trace && !trace.evicted) out.push(trace);
    }
    return out;
  }

  stats(nowMs: number): { traces: number; spans: number; estimatedBytes: number; evicted: EvictionCounts } {
    this.expire(nowMs);
    return { traces: this.traces.size, spans: this.spans, estimatedBytes: this.bytes, evicted: { ...this.evicted } };
  }

  clear(): void {
    for (const trace of this.traces.values()) trace.evicted = true;
    this.traces.clear();
    this.queue = [];
    this.head = 0;
    this.bytes = 0;
    this.spans = 0;
    this.nextExpiryMs = Infinity;
  }

  private expire(nowMs: number): void {
    const ttl = this.limits.traceTtlMs;
    for (let oldest = this.oldest(); oldest; oldest = this.oldest()) {
      if (oldest.firstSeenMs + ttl > nowMs) {
        this.nextExpiryMs = oldest.firstSeenMs + ttl;
        return;
      }
      this.remove(oldest, 'ttl');
    }
    this.nextExpiryMs = Infinity;
  }

  private evictOldest(cause: 'count' | 'memory'): void {
    const oldest = this.oldest();
    if (oldest) this.remove(oldest, cause);
    const next = this.oldest();
    this.nextExpiryMs = next ? next.firstSeenMs + this.limits.traceTtlMs : Infinity;
  }

  /** The queue's head, past traces already let go; the queue is compacted once half of it is spent. */
  private oldest(): StoredTrace | undefined {
    while (this.head < this.queue.length) {
      const trace = this.queue[this.head];
      if (trace && !trace.evicted) break;
      this.queue[this.head++] = undefined;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return this.queue[this.head];
  }

  private remove(trace: StoredTrace, cause: keyof EvictionCounts): void {
    trace.evicted = true;
    this.traces.delete(trace.traceId);
    this.bytes -= trace.bytes;
    this.spans -= trace.spans.length;
    this.evicted[cause]++;
  }
}
