/** Heap used when the span started, bytes (set with `trackMemory: true`). */
export const HEAP_START_ATTRIBUTE = 'tracewright.memory.heap_used_start';
/** Heap used when the span ended, bytes (set with `trackMemory: true`). */
export const HEAP_END_ATTRIBUTE = 'tracewright.memory.heap_used_end';

const MB = 1024 * 1024;
// Heap growth within one trace beyond these is worth a look / a problem.
const CONCERNING_MB = 100;
const POOR_MB = 500;

/** Memory seen over one trace. */
export interface TraceMemoryUsage {
  /** Highest heap used at any span start or end, MB. */
  peakMemoryMB: number;
  /** Heap at the last span end minus heap at the first span start, MB. */
  memoryDeltaMB: number;
  /** `concerning` over 100 MB of growth, `poor` over 500 MB. */
  memoryEfficiency: 'good' | 'concerning' | 'poor';
}

export function heapUsedBytes(): number {
  return process.memoryUsage().heapUsed;
}

/** Memory figures of spans carrying the heap attributes, in start order; undefined when none does. */
export function memoryUsageOf(spans: readonly { startMs: number; durationMs: number; attributes: Record<string, unknown> }[]): TraceMemoryUsage | undefined {
  let peak = -Infinity;
  let first: { at: number; bytes: number } | undefined;
  let last: { at: number; bytes: number } | undefined;
  for (const span of spans) {
    const start = span.attributes[HEAP_START_ATTRIBUTE];
    const end = span.attributes[HEAP_END_ATTRIBUTE];
    if (typeof start === 'number') {
      peak = Math.max(peak, start);
      if (!first || span.startMs < first.at) first = { at: span.startMs, bytes: start };
    }
    if (typeof end === 'number') {
      peak = Math.max(peak, end);
      const at = span.startMs + span.durationMs;
      if (!last || at >= last.at) last = { at, bytes: end };
    }
  }
  if (peak === -Infinity) return undefined;
  const delta = first && last ? (last.bytes - first.bytes) / MB : 0;
  return {
    peakMemoryMB: round(peak / MB),
    memoryDeltaMB: round(delta),
    memoryEfficiency: delta > POOR_MB ? 'poor' : delta > CONCERNING_MB ? 'concerning' : 'good',
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
