import type { Attributes } from '@opentelemetry/api';
import { SpanColumns } from './span-columns';
import type { SpanKey } from './span-keys';
import type { SpanExtras, SpanRecord } from './span-record';

/** One held trace as read: its spans in the order they ended. */
export interface StoredTrace {
  readonly traceId: string;
  /** Collector clock when its first span ended, ms since the epoch. */
  readonly firstSeenMs: number;
  readonly spans: SpanRecord[];
  /** Spans past `maxSpansPerTrace`: aggregated, not stored. */
  readonly droppedSpans: number;
  readonly errorCount: number;
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

// Per held trace: its slot in the trace columns, its id string and its Map entry.
const TRACE_BYTES = 200;
// A power of two, as every capacity after it: ring positions wrap with a mask.
const INITIAL_TRACES = 64;

/**
 * Held traces in columns, like their spans (SpanColumns): a slot per trace with its id, first-seen
 * time, first and last span, counts and bytes; a Map from trace id to slot; and a ring of slots in
 * first-seen order whose tail is the oldest. Every eviction takes the tail and each trace is
 * evicted at most once, so a span costs O(1) amortised. Nothing runs on a timer: expiry is checked
 * when a span is added or the store is read.
 */
export class TraceStore {
  private readonly spans = new SpanColumns();
  private readonly index = new Map<string, number>();
  private capacity = INITIAL_TRACES;
  private traceIds: (string | undefined)[] = [];
  private firstSeenMs = new Float64Array(INITIAL_TRACES);
  private firstSpan = new Int32Array(INITIAL_TRACES);
  private lastSpan = new Int32Array(INITIAL_TRACES);
  private storedSpans = new Int32Array(INITIAL_TRACES);
  private droppedSpans = new Float64Array(INITIAL_TRACES);
  private errorCount = new Float64Array(INITIAL_TRACES);
  private traceBytes = new Float64Array(INITIAL_TRACES);
  // Trace slots in first-seen order (a ring: `head` is the oldest), and the free slots.
  private order = new Int32Array(INITIAL_TRACES);
  private head = 0;
  private count = 0;
  private free = new Int32Array(INITIAL_TRACES);
  private freeCount = 0;
  private size = 0;
  // The slot of the trace the previous span went to: spans of one trace tend to end together.
  private lastTrace = -1;
  private bytes = 0;
  private spanCount = 0;
  // The time the oldest held trace expires: one comparison per add while nothing is due.
  private nextExpiryMs = Infinity;
  readonly evicted: EvictionCounts = { count: 0, ttl: 0, memory: 0 };

  constructor(private readonly limits: StoreLimits) {}

  /** Adds a span to its trace; returns whether it was stored (false past `maxSpansPerTrace`). */
  add(traceId: string, spanId: string, parentSpanId: string | undefined, key: SpanKey, attributes: Attributes, extras: SpanExtras | undefined, startMs: number, durationMs: number, flags: number, bytes: number, error: boolean, nowMs: number): boolean {
    if (nowMs >= this.nextExpiryMs) this.expire(nowMs);
    let trace = this.lastTrace;
    if (trace < 0 || this.traceIds[trace] !== traceId) {
      trace = this.index.get(traceId) ?? this.newTrace(traceId, nowMs);
      this.lastTrace = trace;
    }
    if (error) this.errorCount[trace]++;
    const stored = this.storedSpans[trace] < this.limits.maxSpansPerTrace;
    if (stored) {
      const last = this.lastSpan[trace];
      const slot = this.spans.add(last, spanId, parentSpanId, key, attributes, extras, startMs, durationMs, flags, bytes);
      if (last < 0) this.firstSpan[trace] = slot;
      this.lastSpan[trace] = slot;
      this.storedSpans[trace]++;
      this.traceBytes[trace] += bytes;
      this.bytes += bytes;
      this.spanCount++;
    } else {
      this.droppedSpans[trace]++;
    }
    while (this.bytes > this.limits.memoryLimitBytes && this.count > 0) this.evictOldest('memory');
    return stored;
  }

  get(traceId: string, nowMs: number): StoredTrace | undefined {
    this.expire(nowMs);
    const trace = this.index.get(traceId);
    return trace === undefined ? undefined : this.read(trace);
  }

  /** Held traces, oldest first. */
  list(nowMs: number): StoredTrace[] {
    this.expire(nowMs);
    const out: StoredTrace[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.read(this.order[(this.head + i) & (this.capacity - 1)]));
    return out;
  }

  stats(nowMs: number): { traces: number; spans: number; estimatedBytes: number; evicted: EvictionCounts } {
    this.expire(nowMs);
    return { traces: this.count, spans: this.spanCount, estimatedBytes: this.bytes, evicted: { ...this.evicted } };
  }

  clear(): void {
    this.spans.clear();
    this.index.clear();
    this.traceIds = [];
    this.head = 0;
    this.count = 0;
    this.freeCount = 0;
    this.size = 0;
    this.lastTrace = -1;
    this.bytes = 0;
    this.spanCount = 0;
    this.nextExpiryMs = Infinity;
  }

  private read(trace: number): StoredTrace {
    const traceId = this.traceIds[trace]!;
    return {
      traceId,
      firstSeenMs: this.firstSeenMs[trace],
      spans: this.spans.records(traceId, this.firstSpan[trace]),
      droppedSpans: this.droppedSpans[trace],
      errorCount: this.errorCount[trace],
    };
  }

  private newTrace(traceId: string, nowMs: number): number {
    let trace: number;
    if (this.freeCount > 0) trace = this.free[--this.freeCount];
    else {
      if (this.size === this.capacity) this.grow();
      trace = this.size++;
    }
    this.traceIds[trace] = traceId;
    this.firstSeenMs[trace] = nowMs;
    this.firstSpan[trace] = -1;
    this.lastSpan[trace] = -1;
    this.storedSpans[trace] = 0;
    this.droppedSpans[trace] = 0;
    this.errorCount[trace] = 0;
    this.traceBytes[trace] = TRACE_BYTES;
    this.index.set(traceId, trace);
    this.order[(this.head + this.count) & (this.capacity - 1)] = trace;
    this.count++;
    this.bytes += TRACE_BYTES;
    if (this.count === 1) this.nextExpiryMs = nowMs + this.limits.traceTtlMs;
    if (this.count > this.limits.maxTraces) this.evictOldest('count');
    return trace;
  }

  private expire(nowMs: number): void {
    const ttl = this.limits.traceTtlMs;
    while (this.count > 0) {
      const expiresMs = this.firstSeenMs[this.order[this.head]] + ttl;
      if (expiresMs > nowMs) {
        this.nextExpiryMs = expiresMs;
        return;
      }
      this.removeOldest('ttl');
    }
    this.nextExpiryMs = Infinity;
  }

  private evictOldest(cause: 'count' | 'memory'): void {
    this.removeOldest(cause);
    this.nextExpiryMs = this.count > 0 ? this.firstSeenMs[this.order[this.head]] + this.limits.traceTtlMs : Infinity;
  }

  private removeOldest(cause: keyof EvictionCounts): void {
    const trace = this.order[this.head];
    this.head = (this.head + 1) & (this.capacity - 1);
    this.count--;
    if (this.storedSpans[trace] > 0) this.spans.release(this.firstSpan[trace]);
    this.index.delete(this.traceIds[trace]!);
    this.traceIds[trace] = undefined;
    this.bytes -= this.traceBytes[trace];
    this.spanCount -= this.storedSpans[trace];
    this.free[this.freeCount++] = trace;
    this.evicted[cause]++;
  }

  // Trace slots keep their numbers (the index and the spans refer to them); the ring is unrolled.
  private grow(): void {
    const capacity = this.capacity * 2;
    const order = new Int32Array(capacity);
    for (let i = 0; i < this.count; i++) order[i] = this.order[(this.head + i) & (this.capacity - 1)];
    this.order = order;
    this.head = 0;
    this.free = grown(this.free, new Int32Array(capacity));
    this.firstSeenMs = grown(this.firstSeenMs, new Float64Array(capacity));
    this.firstSpan = grown(this.firstSpan, new Int32Array(capacity));
    this.lastSpan = grown(this.lastSpan, new Int32Array(capacity));
    this.storedSpans = grown(this.storedSpans, new Int32Array(capacity));
    this.droppedSpans = grown(this.droppedSpans, new Float64Array(capacity));
    this.errorCount = grown(this.errorCount, new Float64Array(capacity));
    this.traceBytes = grown(this.traceBytes, new Float64Array(capacity));
    this.capacity = capacity;
  }
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
