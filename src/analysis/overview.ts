import { figuresOf, summarizeOperation, type OperationSummary, type OperationTable } from './aggregates';
import type { ErrorPattern } from './error-patterns';
import { aggregateInsights, percent, round, type Insight, type Recommendation } from './insights';
import type { ResolvedAnalysisOptions } from './analysis-options';
import type { Trends, WindowFigures } from './trends';

export type HealthStatus = 'healthy' | 'warning' | 'critical';

/** One service's health from its operations' merged figures. */
export interface ServiceHealth {
  serviceName: string;
  /** `warning`: error rate over 10% or p95 over the slow threshold; `critical`: over 20% or over the critical threshold. */
  status: HealthStatus;
  /** Mean duration, ms. */
  avgDuration: number;
  p95Ms: number;
  errorRate: number;
  count: number;
  issues: string[];
  recommendations: string[];
}

export interface PerformanceOverview {
  /** ISO time of the overview. */
  generatedAt: string;
  operations: OperationSummary[];
  serviceHealth: ServiceHealth[];
  trends: Trends & { windowMs: number; current: WindowFigures; previous: WindowFigures | undefined };
  insights: Insight[];
  recommendations: Recommendation[];
  /** Up to 5 operations, highest p95 first. */
  topSlowOperations: OperationSummary[];
  /** Up to 5 error patterns, most frequent first. */
  topErrorPatterns: ErrorPattern[];
}

const TOP = 5;

export function buildOverview(input: {
  operations: OperationTable;
  errors: ErrorPattern[];
  trends: Trends & { current: WindowFigures; previous: WindowFigures | undefined };
  options: ResolvedAnalysisOptions;
  nowMs: number;
}): PerformanceOverview {
  const { options, nowMs } = input;
  const operations = [...input.operations.all()].map((s) => summarizeOperation(s, nowMs));
  const serviceHealth = [...input.operations.byService()].map(([serviceName, ops]) => healthOf(serviceName, figuresOf([...ops.values()], nowMs), options));
  const { insights, recommendations } = aggregateInsights(operations, input.errors, input.trends, options);
  return {
    generatedAt: new Date(nowMs).toISOString(),
    operations,
    serviceHealth,
    trends: { windowMs: options.trendWindowMs, ...input.trends },
    insights,
    recommendations,
    topSlowOperations: [...operations].sort((a, b) => b.p95Ms - a.p95Ms).slice(0, TOP),
    topErrorPatterns: input.errors.slice(0, TOP),
  };
}

/** The health rules, pure (exported for tests). */
export function healthOf(
  serviceName: string,
  figures: { count: number; meanMs: number; p95Ms: number; errorRate: number },
  options: Pick<ResolvedAnalysisOptions, 'slowThresholdMs' | 'criticalThresholdMs'>,
): ServiceHealth {
  const issues: string[] = [];
  const recommendations: string[] = [];
  let level = 0;
  const { errorRate, p95Ms } = figures;
  if (errorRate > 0.2) {
    level = 2;
    issues.push(`error rate ${percent(errorRate)} is over 20%`);
  } else if (errorRate > 0.1) {
    level = 1;
    issues.push(`error rate ${percent(errorRate)} is over 10%`);
  }
  if (level > 0) recommendations.push('find the most common error patterns and handle or retry them');
  if (p95Ms > options.criticalThresholdMs) {
    level = 2;
    issues.push(`p95 ${Math.round(p95Ms)}ms is over the critical threshold (${options.criticalThresholdMs}ms)`);
  } else if (p95Ms > options.slowThresholdMs) {
    level = Math.max(level, 1);
    issues.push(`p95 ${Math.round(p95Ms)}ms is over the slow threshold (${options.slowThresholdMs}ms)`);
  }
  if (p95Ms > options.slowThresholdMs) recommendations.push('look at the slowest operations: cache, batch or parallelise their work');
  return {
    serviceName,
    status: level === 2 ? 'critical' : level === 1 ? 'warning' : 'healthy',
    avgDuration: round(figures.meanMs),
    p95Ms: round(p95Ms),
    errorRate: round(errorRate),
    count: figures.count,
    issues,
    recommendations,
  };
}
