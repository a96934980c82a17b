import type { OperationSummary } from './aggregates';
import type { ErrorPattern } from './error-patterns';
import type { ResolvedAnalysisOptions } from './analysis-options';
import type { Trends } from './trends';

export type Severity = 'info' | 'warning' | 'critical';

export type InsightKind =
  | 'critical-bottleneck'
  | 'slow-operation'
  | 'high-error-rate'
  | 'common-error'
  | 'timeouts'
  | 'latency-degrading'
  | 'errors-degrading'
  | 'slowest-span'
  | 'deep-stack'
  | 'trace-errors'
  | 'clock-skew'
  | 'memory';

/** Something the figures show, with the numbers that triggered it. */
export interface Insight {
  kind: InsightKind;
  severity: Severity;
  /** A readable sentence, e.g. `Critical bottleneck detected: GeminiService.generateResponse took 6000ms`. */
  message: string;
  /** The operation's span name, when it is about one. */
  operation?: string;
  service?: string;
  /** The figure that crossed the threshold (ms, a rate 0..1, a count or a depth). */
  value?: number;
  threshold?: number;
  count?: number;
}

export type RecommendationKind = 'caching' | 'circuit-breaker' | 'error-handling' | 'reduce-depth' | 'parallelize' | 'memory';

/** Something to do about an insight. */
export interface Recommendation {
  kind: RecommendationKind;
  severity: Severity;
  message: string;
  operation?: string;
  service?: string;
  value?: number;
  threshold?: number;
}

const HIGH_ERROR_RATE = 0.1;
const CRITICAL_ERROR_RATE = 0.2;
const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Insights and recommendations from the aggregates (most severe first). */
export function aggregateInsights(
  operations: readonly OperationSummary[],
  patterns: readonly ErrorPattern[],
  trends: Trends,
  options: ResolvedAnalysisOptions,
): { insights: Insight[]; recommendations: Recommendation[] } {
  const insights: Insight[] = [];
  const recommendations: Recommendation[] = [];
  const { slowThresholdMs: slow, criticalThresholdMs: critical } = options;
  for (const op of operations) {
    const about = { operation: op.name, service: op.service };
    if (op.maxMs > critical) {
      insights.push({ kind: 'critical-bottleneck', severity: 'critical', ...about, value: round(op.maxMs), threshold: critical, message: `Critical bottleneck detected: ${op.name} took ${Math.round(op.maxMs)}ms` });
    } else if (op.p95Ms > slow) {
      insights.push({ kind: 'slow-operation', severity: 'warning', ...about, value: round(op.p95Ms), threshold: slow, message: `Slow operation: ${op.name} p95 ${Math.round(op.p95Ms)}ms (over ${slow}ms)` });
    }
    // Consistently slow: even the median is over the threshold, so the work itself is slow.
    if (op.p50Ms > slow)
      recommendations.push({ kind: 'caching', severity: op.p50Ms > critical ? 'critical' : 'warning', ...about, value: round(op.p50Ms), threshold: slow, message: `${op.name} is consistently slow (p50 ${Math.round(op.p50Ms)}ms over ${op.count} calls): consider caching its results` });
    if (op.errorRate > HIGH_ERROR_RATE) {
      const severity: Severity = op.errorRate > CRITICAL_ERROR_RATE ? 'critical' : 'warning';
      insights.push({ kind: 'high-error-rate', severity, ...about, value: round(op.errorRate), threshold: HIGH_ERROR_RATE, count: op.errorCount, message: `High error rate: ${op.name} failed ${op.errorCount} of ${op.count} times (${percent(op.errorRate)})` });
      if (op.timeoutCount === 0)
        recommendations.push({ kind: 'error-handling', severity, ...about, value: round(op.errorRate), threshold: HIGH_ERROR_RATE, message: `Look into ${op.name}'s failures (${percent(op.errorRate)}): validate input and retry only transient errors` });
    }
    if (op.timeoutCount > 0) {
      insights.push({ kind: 'timeouts', severity: 'warning', ...about, count: op.timeoutCount, message: `${op.name} timed out ${op.timeoutCount} time${op.timeoutCount === 1 ? '' : 's'}` });
      recommendations.push({ kind: 'circuit-breaker', severity: 'warning', ...about, value: op.timeoutCount, message: `${op.name} is timeout-prone (${op.timeoutCount} timeouts): add a timeout with a circuit breaker and a fallback` });
    }
  }
  const top = patterns[0];
  if (top)
    insights.push({ kind: 'common-error', severity: top.count > 1 ? 'warning' : 'info', count: top.count, message: `Most common error: ${top.type} (${top.count} occurrence${top.count === 1 ? '' : 's'})${top.pattern ? `: ${top.pattern}` : ''}` });
  if (trends.latencyTrend === 'degrading') insights.push({ kind: 'latency-degrading', severity: 'warning', message: 'Latency is degrading: the mean duration of the current window is over 20% above the previous one' });
  if (trends.errorRateTrend === 'degrading') insights.push({ kind: 'errors-degrading', severity: 'warning', message: 'Error rate is degrading: over 5 points above the previous window' });
  return { insights: bySeverity(insights), recommendations: bySeverity(recommendations) };
}

export function bySeverity<T extends { severity: Severity }>(list: T[]): T[] {
  return list.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
