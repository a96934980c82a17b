import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { healthOf } from '../../src/analysis/overview';
import { ANALYSIS_DEFAULTS } from '../../src/analysis/analysis-options';
import { namedError, setup, timedSpan, useFakeClock } from './support';

const thresholds = { slowThresholdMs: ANALYSIS_DEFAULTS.slowThresholdMs, criticalThresholdMs: ANALYSIS_DEFAULTS.criticalThresholdMs };

describe('service health at each threshold', () => {
  it.each([
    { errorRate: 0, p95Ms: 100, status: 'healthy' },
    { errorRate: 0.1, p95Ms: 100, status: 'healthy' },
    { errorRate: 0.1001, p95Ms: 100, status: 'warning' },
    { errorRate: 0.2, p95Ms: 100, status: 'warning' },
    { errorRate: 0.2001, p95Ms: 100, status: 'critical' },
    { errorRate: 0, p95Ms: 1000, status: 'healthy' },
    { errorRate: 0, p95Ms: 1001, status: 'warning' },
    { errorRate: 0, p95Ms: 5000, status: 'warning' },
    { errorRate: 0, p95Ms: 5001, status: 'critical' },
    { errorRate: 0.15, p95Ms: 6000, status: 'critical' },
  ] as const)('error rate $errorRate, p95 $p95Ms ms -> $status', ({ errorRate, p95Ms, status }) => {
    const health = healthOf('svc', { count: 100, meanMs: p95Ms / 2, p95Ms, errorRate }, thresholds);
    expect(health.status).toBe(status);
    expect(health.issues.length > 0).toBe(status !== 'healthy');
    expect(health.recommendations.length > 0).toBe(status !== 'healthy');
  });

  describe('from spans of several services in one process', () => {
    beforeEach(() => useFakeClock());
    afterEach(() => vi.useRealTimers());

    it('files spans under their service and rates each', () => {
      const { collector, tracer } = setup({ slowThresholdMs: 200, criticalThresholdMs: 800 });
      // 20 spans each: errors 0, 3 (15%), 5 (25%); latencies under, over slow, over critical.
      const plan: [service: string, ms: number, errors: number][] = [
        ['Healthy', 50, 0],
        ['Flaky', 50, 3],
        ['Broken', 50, 5],
        ['Slowish', 300, 0],
        ['Slow', 900, 0],
      ];
      for (const [service, ms, errors] of plan)
        for (let i = 0; i < 20; i++)
          timedSpan(tracer, `${service}.run`, ms, { attributes: { 'code.function.name': `${service}.run` }, error: i < errors ? namedError('Error', 'bad') : undefined });
      const health = Object.fromEntries(collector.getPerformanceOverview().serviceHealth.map((h) => [h.serviceName, h]));
      expect(Object.keys(health)).toEqual(['Healthy', 'Flaky', 'Broken', 'Slowish', 'Slow']);
      expect(health.Healthy).toMatchObject({ status: 'healthy', errorRate: 0, count: 20, issues: [] });
      expect(health.Flaky).toMatchObject({ status: 'warning', errorRate: 0.15 });
      expect(health.Broken).toMatchObject({ status: 'critical', errorRate: 0.25 });
      expect(health.Slowish.status).toBe('warning');
      expect(health.Slowish.p95Ms).toBeCloseTo(300, 0);
      expect(health.Slow.status).toBe('critical');
      expect(health.Slow.issues[0]).toMatch(/over the critical threshold \(800ms\)/);
    });
  });
});
