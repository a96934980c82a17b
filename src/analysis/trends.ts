/** Direction of a figure between the previous window and the current one. */
export type Trend = 'improving' | 'stable' | 'degrading';

export interface Trends {
  latencyTrend: Trend;
  errorRateTrend: Trend;
}

/** The figures of one window, as `getPerformanceOverview` reports them. */
export interface WindowFigures {
  startMs: number;
  count: number;
  errorCount: number;
  meanMs: number;
  errorRate: number;
}

interface Window {
  startMs: number;
  count: number;
  errorCount: number;
  sumMs: number;
}

// A window with fewer spans says nothing reliable: the trend stays `stable`.
const MIN_SPANS = 5;
// Mean latency must move by more than a fifth to count as a change, the error rate by 5 points.
const LATENCY_RATIO = 0.2;
const ERROR_RATE_POINTS = 0.05;

/**
 * Two consecutive windows of `windowMs`: the current one (still filling) and the one before.
 * Spans are filed by the time they end (the collector's clock); a gap of more than one window
 * leaves the previous one empty.
 */
export class TrendWindows {
  private current: Window;
  private previous: Window | undefined;

  constructor(
    private readonly windowMs: number,
    nowMs: number,
  ) {
    this.current = { startMs: nowMs, count: 0, errorCount: 0, sumMs: 0 };
  }

  add(durationMs: number, error: boolean, nowMs: number): void {
    this.roll(nowMs);
    const w = this.current;
    w.count++;
    if (error) w.errorCount++;
    w.sumMs += durationMs;
  }

  /** The trends now, and the two windows they compare. */
  read(nowMs: number): Trends & { current: WindowFigures; previous: WindowFigures | undefined } {
    this.roll(nowMs);
    const current = figures(this.current);
    const previous = this.previous && figures(this.previous);
    return { ...compare(previous, current), current, previous };
  }

  private roll(nowMs: number): void {
    const elapsed = nowMs - this.current.startMs;
    if (elapsed < this.windowMs) return;
    const windows = Math.floor(elapsed / this.windowMs);
    const start = this.current.startMs + windows * this.windowMs;
    this.previous = windows === 1 ? this.current : { startMs: start - this.windowMs, count: 0, errorCount: 0, sumMs: 0 };
    this.current = { startMs: start, count: 0, errorCount: 0, sumMs: 0 };
  }
}

/** Pure comparison of two windows (exported for tests). */
export function compare(previous: WindowFigures | undefined, current: WindowFigures): Trends {
  if (!previous || previous.count < MIN_SPANS || current.count < MIN_SPANS) return { latencyTrend: 'stable', errorRateTrend: 'stable' };
  const ratio = previous.meanMs === 0 ? (current.meanMs === 0 ? 0 : Infinity) : (current.meanMs - previous.meanMs) / previous.meanMs;
  const latencyTrend: Trend = ratio > LATENCY_RATIO ? 'degrading' : ratio < -LATENCY_RATIO ? 'improving' : 'stable';
  const delta = current.errorRate - previous.errorRate;
  const errorRateTrend: Trend = delta > ERROR_RATE_POINTS ? 'degrading' : delta < -ERROR_RATE_POINTS ? 'improving' : 'stable';
  return { latencyTrend, errorRateTrend };
}

function figures(w: Window): WindowFigures {
  return {
    startMs: w.startMs,
    count: w.count,
    errorCount: w.errorCount,
    meanMs: w.count === 0 ? 0 : w.sumMs / w.count,
    errorRate: w.count === 0 ? 0 : w.errorCount / w.count,
  };
}
