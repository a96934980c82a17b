import type { OperationStats } from './types';

/** Histogram bounds in µs: 1-2-5 steps from 10 µs to 500 s, so every latency scale gets its own bars. */
const BOUNDS: number[] = [];
for (let decade = 10; decade <= 100_000_000; decade *= 10) BOUNDS.push(decade, decade * 2, decade * 5);

/**
 * Counts and durations per (service, span name). Durations are kept exactly (8 bytes a span, so
 * 500,000 spans cost 4 MB) and sorted on demand, with the sort cached until the next add.
 */
export class OperationAccumulator {
  private readonly ops = new Map<string, { service: string; name: string; errors: number; durations: number[]; sorted: boolean }>();

  add(service: string, name: string, durationUs: number, error: boolean): void {
    const key = `${service}\u0000${name}`;
    let op = this.ops.get(key);
    if (!op) {
      op = { service, name, errors: 0, durations: [], sorted: true };
      this.ops.set(key, op);
    }
    op.durations.push(durationUs);
    op.sorted = false;
    if (error) op.errors++;
  }

  clear(): void {
    this.ops.clear();
  }

  names(): string[] {
    return [...new Set([...this.ops.values()].map((o) => o.name))].sort();
  }

  snapshot(): OperationStats[] {
    const out: OperationStats[] = [];
    for (const op of this.ops.values()) {
      if (!op.sorted) {
        op.durations.sort((a, b) => a - b);
        op.sorted = true;
      }
      out.push(statsOf(op.service, op.name, op.durations, op.errors));
    }
    return out.sort((a, b) => b.count - a.count || a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
  }
}

/** Stats of one operation from its durations sorted ascending (nearest-rank percentiles). */
export function statsOf(service: string, name: string, sorted: number[], errorCount: number): OperationStats {
  const count = sorted.length;
  const rank = (p: number) => (count === 0 ? 0 : sorted[Math.min(count - 1, Math.max(0, Math.ceil(p * count) - 1))]!);
  const max = count === 0 ? 0 : sorted[count - 1]!;
  const bounds: number[] = [];
  for (const b of BOUNDS) {
    bounds.push(b);
    if (b >= max) break;
  }
  if (max > bounds[bounds.length - 1]!) bounds.push(max);
  const counts = new Array<number>(bounds.length).fill(0);
  let bucket = 0;
  for (const d of sorted) {
    while (d > bounds[bucket]!) bucket++;
    counts[bucket]!++;
  }
  const first = counts.findIndex((c) => c > 0);
  const from = Math.max(0, first);
  return {
    service,
    name,
    count,
    errorCount,
    errorRate: count === 0 ? 0 : errorCount / count,
    p50Us: rank(0.5),
    p95Us: rank(0.95),
    p99Us: rank(0.99),
    maxUs: max,
    histogram: { bounds: bounds.slice(from), counts: counts.slice(from) },
  };
}
