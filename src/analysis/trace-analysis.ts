import { errorOf } from './error-patterns';
import { bySeverity, round, type Insight, type Recommendation } from './insights';
import { memoryUsageOf, type TraceMemoryUsage } from './memory';
import type { ResolvedAnalysisOptions } from './analysis-options';
import type { SpanRecord } from './span-record';
import type { StoredTrace } from './trace-store';

/** One span on a trace's timeline. */
export interface TimelineEntry {
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  service: string;
  /** ms from the trace's earliest start. */
  offsetMs: number;
  durationMs: number;
  /** 0 for a root or a span whose parent is not held. */
  depth: number;
  status: 'ok' | 'error';
}

export interface SpanRef {
  spanId: string;
  name: string;
  durationMs: number;
}

export interface TraceError {
  spanId: string;
  name: string;
  service: string;
  type: string;
  message: string;
}

export interface TraceAnalysis {
  traceId: string;
  rootName: string;
  /** Earliest start to latest end, ms. */
  durationMs: number;
  spanCount: number;
  /** Spans in start order. */
  timeline: TimelineEntry[];
  performance: {
    /** The longest span other than the root (the root when it is alone); share = its part of the trace's duration, 0..1. */
    slowestOperation: SpanRef & { share: number };
    /** From the root, each step the child that ends last: the spans that decided the trace's duration. */
    criticalPath: string[];
    /** Spans over the slow threshold. */
    slowSpans: SpanRef[];
    /** Spans over the critical threshold. */
    criticalSpans: SpanRef[];
    /** With `trackMemory: true`. */
    memoryUsage?: TraceMemoryUsage;
  };
  /** Deepest nesting: over 15 `warning`, over 25 `critical`. */
  deepStack: { maxDepth: number; level: 'ok' | 'warning' | 'critical' };
  errors: TraceError[];
  insights: Insight[];
  recommendations: Recommendation[];
}

const DEPTH_WARNING = 15;
const DEPTH_CRITICAL = 25;

export function analyzeTrace(trace: StoredTrace, options: ResolvedAnalysisOptions): TraceAnalysis {
  const spans = [...trace.spans].sort((a, b) => a.startMs - b.startMs);
  const byId = new Map<string, SpanRecord>();
  for (const s of spans) byId.set(s.spanId, s);
  const depths = depthsOf(spans, byId);
  const children = new Map<string, SpanRecord[]>();
  const roots: SpanRecord[] = [];
  for (const s of spans) {
    if (s.parentSpanId !== undefined && byId.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      let list = children.get(s.parentSpanId);
      if (!list) children.set(s.parentSpanId, (list = []));
      list.push(s);
    } else roots.push(s);
  }
  let start = Infinity;
  let end = -Infinity;
  let maxDepth = 0;
  let skewed = 0;
  for (const s of spans) {
    start = Math.min(start, s.startMs);
    end = Math.max(end, s.startMs + s.durationMs);
    maxDepth = Math.max(maxDepth, depths.get(s.spanId) ?? 0);
    const parent = s.parentSpanId === undefined ? undefined : byId.get(s.parentSpanId);
    if (s.endedBeforeStart || (parent && s.startMs < parent.startMs)) skewed++;
  }
  const durationMs = spans.length === 0 ? 0 : end - start;
  // The root: a parentless span, the longest if several (a trace whose root is not held yet has orphans).
  const root = roots.reduce<SpanRecord | undefined>((best, s) => (!best || s.durationMs > best.durationMs ? s : best), undefined);
  const timeline: TimelineEntry[] = spans.map((s) => ({
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    service: s.service,
    offsetMs: round(s.startMs - start),
    durationMs: round(s.durationMs),
    depth: depths.get(s.spanId) ?? 0,
    status: s.status === 'error' ? 'error' : 'ok',
  }));
  const candidates = spans.length > 1 ? spans.filter((s) => s !== root) : spans;
  const slowest = candidates.reduce<SpanRecord | undefined>((best, s) => (!best || s.durationMs > best.durationMs ? s : best), undefined);
  const ref = (s: SpanRecord): SpanRef => ({ spanId: s.spanId, name: s.name, durationMs: round(s.durationMs) });
  const slowSpans = spans.filter((s) => s.durationMs > options.slowThresholdMs).map(ref);
  const criticalSpans = spans.filter((s) => s.durationMs > options.criticalThresholdMs).map(ref);
  const errors = spans.filter((s) => s.status === 'error').map((s) => ({ spanId: s.spanId, name: s.name, service: s.service, ...errorOf(s) }));
  const memoryUsage = options.trackMemory ? memoryUsageOf(spans) : undefined;
  const level = maxDepth > DEPTH_CRITICAL ? 'critical' : maxDepth > DEPTH_WARNING ? 'warning' : 'ok';
  const slowestOperation = slowest
    ? { ...ref(slowest), share: durationMs > 0 ? round(slowest.durationMs / durationMs) : 1 }
    : { spanId: '', name: '', durationMs: 0, share: 0 };

  const insights: Insight[] = [];
  const recommendations: Recommendation[] = [];
  if (slowest && spans.length > 1)
    insights.push({ kind: 'slowest-span', severity: 'info', operation: slowest.name, service: slowest.service, value: slowestOperation.durationMs, message: `Slowest operation: ${slowest.name} took ${Math.round(slowest.durationMs)}ms (${Math.round(slowestOperation.share * 100)}% of the trace)` });
  for (const s of spans.filter((x) => x.durationMs > options.criticalThresholdMs && x !== root)) {
    insights.push({ kind: 'critical-bottleneck', severity: 'critical', operation: s.name, service: s.service, value: round(s.durationMs), threshold: options.criticalThresholdMs, message: `Critical bottleneck detected: ${s.name} took ${Math.round(s.durationMs)}ms` });
    recommendations.push({ kind: 'caching', severity: 'critical', operation: s.name, service: s.service, value: round(s.durationMs), threshold: options.criticalThresholdMs, message: `${s.name} took ${Math.round(s.durationMs)}ms: consider caching, or running it in the background` });
  }
  if (level !== 'ok') {
    insights.push({ kind: 'deep-stack', severity: level, value: maxDepth, threshold: level === 'critical' ? DEPTH_CRITICAL : DEPTH_WARNING, message: `Deep call stack: ${maxDepth} levels of nested spans` });
    recommendations.push({ kind: 'reduce-depth', severity: level, value: maxDepth, message: 'Flatten the nesting: trace coarser units or avoid recursive instrumentation' });
  }
  if (errors.length > 0)
    insights.push({ kind: 'trace-errors', severity: 'warning', count: errors.length, message: `${errors.length} span${errors.length === 1 ? '' : 's'} failed: ${[...new Set(errors.map((e) => e.name))].slice(0, 3).join(', ')}` });
  if (skewed > 0) insights.push({ kind: 'clock-skew', severity: 'info', count: skewed, message: `${skewed} span${skewed === 1 ? '' : 's'} start before their parent or end before they start (clock skew)` });
  if (memoryUsage && memoryUsage.memoryEfficiency !== 'good') {
    const severity = memoryUsage.memoryEfficiency === 'poor' ? 'critical' : 'warning';
    insights.push({ kind: 'memory', severity, value: memoryUsage.memoryDeltaMB, message: `Heap grew by ${memoryUsage.memoryDeltaMB} MB during the trace` });
    recommendations.push({ kind: 'memory', severity, value: memoryUsage.memoryDeltaMB, message: 'Stream or page large data instead of holding it; look for caches without a bound' });
  }
  return {
    traceId: trace.traceId,
    rootName: root?.name ?? '',
    durationMs: round(durationMs),
    spanCount: spans.length,
    timeline,
    performance: { slowestOperation, criticalPath: root ? criticalPath(root, children) : [], slowSpans, criticalSpans, ...(memoryUsage ? { memoryUsage } : {}) },
    deepStack: { maxDepth, level },
    errors,
    insights: bySeverity(insights),
    recommendations: bySeverity(recommendations),
  };
}

/** Depth of every span, without recursion (a 100,000-deep chain must not overflow the stack). */
function depthsOf(spans: readonly SpanRecord[], byId: Map<string, SpanRecord>): Map<string, number> {
  const depths = new Map<string, number>();
  const path: string[] = [];
  for (const s of spans) {
    let cursor: SpanRecord | undefined = s;
    path.length = 0;
    let base = -1;
    // Walk up until a span of known depth or a root; the length bound stops a cycle of bad ids.
    while (cursor && path.length <= spans.length) {
      const known = depths.get(cursor.spanId);
      if (known !== undefined) {
        base = known;
        break;
      }
      path.push(cursor.spanId);
      cursor = cursor.parentSpanId === undefined || cursor.parentSpanId === cursor.spanId ? undefined : byId.get(cursor.parentSpanId);
    }
    for (let i = path.length - 1; i >= 0; i--) depths.set(path[i], ++base);
  }
  return depths;
}

function criticalPath(root: SpanRecord, children: Map<string, SpanRecord[]>): string[] {
  const path = [root.spanId];
  const seen = new Set(path);
  let cursor = root;
  for (;;) {
    const kids = children.get(cursor.spanId);
    if (!kids || kids.length === 0) return path;
    let last = kids[0];
    for (const k of kids) if (k.startMs + k.durationMs > last.startMs + last.durationMs) last = k;
    if (seen.has(last.spanId)) return path;
    seen.add(last.spanId);
    path.push(last.spanId);
    cursor = last;
  }
}
