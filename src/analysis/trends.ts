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

// A window's figures: start, count, errors, sum of durations. In a typed array, so that adding a
// span writes numbers in place (fields of an object would box the doubles).
const START = 0;
const COUNT = 1;
const ERRORS = 2;
const SUM = 3;

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
  private current = new Float64Array(4);
  private previous: Float64Array | undefined;

  constructor(
    private readonly windowMs: number,
    nowMs: number,
  ) {
    this.current[START] = nowMs;
  }

  add(durationMs: number, error: boolean, nowMs: number): void {
    const w = this.current;
    if (nowMs - w[START] >= this.windowMs) this.roll(nowMs);
    const c = this.current;
    c[COUNT]++;
    if (error) c[ERRORS]++;
    c[SUM] += durationMs;
  }

  /** The trends now, and the two windows they compare. */
  read(nowMs: number): Trends & { current: WindowFigures; previous: WindowFigures | undefined } {
    if (nowMs - this.current[START] >= this.windowMs) this.roll(nowMs);
    const current = figures(this.current);
    const previous = this.previous && figures(this.previous);
    return { ...compare(previous, current), current, previous };
  }

  private roll(nowMs: number): void {
    const windows = Math.floor((nowMs - this.current[START]) / this.windowMs);
    const start = this.current[START] + windows * this.windowMs;
    if (windows === 1) this.previous = this.current;
    else {
      this.previous = new Float64Array(4);
      this.previous[START] = start - this.windowMs;
    }
    this.current = new Float64Array(4);
    this.current[START] = start;
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

function figures(w: Float64Array): WindowFigures {
  const count = w[COUNT];
  return {
    startMs: w[START],
    count,
    errorCount: w[ERRORS],
    meanMs: count === 0 ? 0 : w[SUM] / count,
    errorRate: count === 0 ? 0 : w[ERRORS] / count,
  };
}
