import { createSketch, quantile, type DDSketch } from './sketch';

/** The bucket operations go to once `maxOperations` distinct ones exist. */
export const OTHER_OPERATION = 'other';

/** Latency and error figures of one operation or service (durations in ms). */
export interface LatencyFigures {
  count: number;
  errorCount: number;
  /** errorCount / count, 0..1. */
  errorRate: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Spans per minute since the first one (at least one minute is assumed). */
  throughputPerMin: number;
}

/** One operation's figures: a span name within a service. */
export interface OperationSummary extends LatencyFigures {
  name: string;
  service: string;
  /** Failed spans whose exception or status message says timeout / timed out / deadline exceeded. */
  timeoutCount: number;
}

/**
 * Running totals of one operation: kept whatever the trace store evicts. Count, sum, min and max
 * are the sketch's own (exact; DDSketch keeps them beside its buckets), so a span is one sketch add.
 */
export class OperationStats {
  errorCount = 0;
  timeoutCount = 0;
  readonly sketch: DDSketch = createSketch();

  constructor(
    readonly service: string,
    readonly name: string,
    readonly firstSeenMs: number,
  ) {}

  add(durationMs: number, error: boolean): void {
    if (error) this.errorCount++;
    this.sketch.accept(durationMs);
  }

  get count(): number {
    return this.sketch.count;
  }

  get sumMs(): number {
    return this.sketch.sum;
  }

  get minMs(): number {
    return this.sketch.min;
  }

  /** 0 before the first span (durations are never negative). */
  get maxMs(): number {
    return this.sketch.count === 0 ? 0 : this.sketch.max;
  }
}

/**
 * Per-operation totals under a cardinality cap: at most `maxOperations` distinct (service, name)
 * pairs; spans of later pairs go to the service's `other` operation (or service `other` when the
 * service itself is new), and are counted in `overflowSpans`.
 */
export class OperationTable {
  private readonly services = new Map<string, Map<string, OperationStats>>();
  private distinct = 0;
  overflowSpans = 0;

  constructor(private readonly maxOperations: number) {}

  /** The stats a span of (service, name) adds to, created on first sight. */
  statsFor(service: string, name: string, nowMs: number): OperationStats {
    let ops = this.services.get(service);
    const found = ops?.get(name);
    if (found) return found;
    if (this.distinct >= this.maxOperations) {
      this.overflowSpans++;
      const bucketService = ops ? service : OTHER_OPERATION;
      let bucketOps = this.services.get(bucketService);
      if (!bucketOps) this.services.set(bucketService, (bucketOps = new Map()));
      let other = bucketOps.get(OTHER_OPERATION);
      if (!other) bucketOps.set(OTHER_OPERATION, (other = new OperationStats(bucketService, OTHER_OPERATION, nowMs)));
      return other;
    }
    if (!ops) this.services.set(service, (ops = new Map()));
    const stats = new OperationStats(service, name, nowMs);
    ops.set(name, stats);
    this.distinct++;
    return stats;
  }

  /** Every operation, grouped by service in first-seen order. */
  *all(): IterableIterator<OperationStats> {
    for (const ops of this.services.values()) yield* ops.values();
  }

  /** Services with their operations. */
  byService(): ReadonlyMap<string, ReadonlyMap<string, OperationStats>> {
    return this.services;
  }

  get size(): number {
    return this.distinct;
  }
}

/** Figures of a set of operations merged (one operation, or all of a service). */
export function figuresOf(stats: readonly OperationStats[], nowMs: number): LatencyFigures {
  let count = 0;
  let errorCount = 0;
  let sumMs = 0;
  let minMs = Infinity;
  let maxMs = 0;
  let firstSeenMs = Infinity;
  const sketch = stats.length === 1 ? stats[0].sketch : createSketch();
  for (const s of stats) {
    count += s.count;
    errorCount += s.errorCount;
    sumMs += s.sumMs;
    if (s.minMs < minMs) minMs = s.minMs;
    if (s.maxMs > maxMs) maxMs = s.maxMs;
    if (s.firstSeenMs < firstSeenMs) firstSeenMs = s.firstSeenMs;
    if (stats.length > 1 && s.count > 0) sketch.merge(s.sketch);
  }
  const minutes = Math.max(1, (nowMs - firstSeenMs) / 60_000);
  return {
    count,
    errorCount,
    errorRate: count === 0 ? 0 : errorCount / count,
    meanMs: count === 0 ? 0 : sumMs / count,
    minMs: count === 0 ? 0 : minMs,
    maxMs,
    // The sketch's buckets are ±1%; its min/max are exact, so extreme quantiles are clamped to them.
    p50Ms: clamp(quantile(sketch, 0.5), minMs, maxMs),
    p90Ms: clamp(quantile(sketch, 0.9), minMs, maxMs),
    p95Ms: clamp(quantile(sketch, 0.95), minMs, maxMs),
    p99Ms: clamp(quantile(sketch, 0.99), minMs, maxMs),
    throughputPerMin: count / minutes,
  };
}

export function summarizeOperation(stats: OperationStats, nowMs: number): OperationSummary {
  return { name: stats.name, service: stats.service, ...figuresOf([stats], nowMs), timeoutCount: stats.timeoutCount };
}

function clamp(value: number, min: number, max: number): number {
  if (!(min <= max)) return value;
  return value < min ? min : value > max ? max : value;
}
