/**
 * Export statistics: one recorder per exporter, read synchronously as a plain snapshot.
 *
 * Definitions (docs/export-pipeline.md repeats them for users):
 * - `totalExports`: calls made to the wrapped exporter, every attempt counted, retries included.
 * - `successfulExports` / `failedExports`: attempts that succeeded / failed (a timeout is a failed
 *   attempt). `totalExports = successfulExports + failedExports + attempts still running`.
 * - `retriedExports`: attempts that were retries of a batch that failed before (a subset of
 *   `totalExports`).
 * - `queueSize`: spans waiting in the queue right now.
 * - `exportedSpans`: spans in batches the backend accepted (less any it said it rejected).
 * - `droppedSpans`: spans refused because the queue was full, or that ended after shutdown.
 * - `failedSpans`: spans whose batch failed permanently, ran out of retry attempts, or was still
 *   queued / in flight when the shutdown deadline passed; and spans an accepted batch reported as
 *   rejected (OTLP partial success).
 * - `inFlightSpans`: spans taken from the queue whose batch is being exported or waits to be retried.
 * - `lastError`: message of the most recent failed attempt (kept after later successes).
 * - `lastExportDurationMs`: wall time of the most recent finished attempt.
 *
 * The disk spool's (all zero without a spool):
 * - `spooledSpans`: spans on disk waiting for replay right now.
 * - `spoolBytes`: bytes of the spool's segment files right now.
 * - `replayedSpans`: spans delivered from the spool (a subset of `exportedSpans`).
 * - `spoolDroppedSpans`: spans the spool lost: oldest segment dropped when full, a failed write,
 *   frames damaged on disk (a subset of `droppedSpans`).
 * - `corruptFrames`: damaged or torn stretches of a segment skipped while reading.
 * - `recoveredSpans`: spans found at start-up in segments an earlier process left.
 *
 * Invariant: spans ended while sampled + recoveredSpans = exportedSpans + droppedSpans +
 * failedSpans + queueSize + inFlightSpans + spooledSpans, at every moment.
 */
export interface ExportStats {
  totalExports: number;
  successfulExports: number;
  failedExports: number;
  retriedExports: number;
  queueSize: number;
  exportedSpans: number;
  droppedSpans: number;
  failedSpans: number;
  inFlightSpans: number;
  spooledSpans: number;
  spoolBytes: number;
  replayedSpans: number;
  spoolDroppedSpans: number;
  corruptFrames: number;
  recoveredSpans: number;
  lastError: string | undefined;
  lastExportDurationMs: number | undefined;
}

/** Numeric fields of {@link ExportStats}, the ones that add up across exporters. */
const COUNTERS = [
  'totalExports',
  'successfulExports',
  'failedExports',
  'retriedExports',
  'queueSize',
  'exportedSpans',
  'droppedSpans',
  'failedSpans',
  'inFlightSpans',
  'spooledSpans',
  'spoolBytes',
  'replayedSpans',
  'spoolDroppedSpans',
  'corruptFrames',
  'recoveredSpans',
] as const;

export function emptyStats(): ExportStats {
  return {
    totalExports: 0,
    successfulExports: 0,
    failedExports: 0,
    retriedExports: 0,
    queueSize: 0,
    exportedSpans: 0,
    droppedSpans: 0,
    failedSpans: 0,
    inFlightSpans: 0,
    spooledSpans: 0,
    spoolBytes: 0,
    replayedSpans: 0,
    spoolDroppedSpans: 0,
    corruptFrames: 0,
    recoveredSpans: 0,
    lastError: undefined,
    lastExportDurationMs: undefined,
  };
}

/**
 * Owns the counters of one exporter. The exporter records attempts; the processor in front of it
 * records the queue, drops, failures and spans in flight. Mutators are cheap field updates, so the
 * span hot path can call them.
 */
export class ExportStatsRecorder {
  private readonly s: ExportStats = emptyStats();

  snapshot(): ExportStats {
    return { ...this.s };
  }

  /** An attempt starts: `retry` when the batch failed before. */
  attemptStarted(retry: boolean): void {
    this.s.totalExports++;
    if (retry) this.s.retriedExports++;
  }

  /**
   * An attempt the backend accepted. `rejected`: spans of it the backend said it dropped (OTLP
   * partial success); they are failed, not exported, and never retried (the spec says not to).
   */
  attemptSucceeded(spans: number, durationMs: number, rejected = 0): void {
    this.s.successfulExports++;
    this.s.exportedSpans += spans - rejected;
    this.s.failedSpans += rejected;
    this.s.lastExportDurationMs = durationMs;
  }

  attemptFailed(message: string, durationMs: number): void {
    this.s.failedExports++;
    this.s.lastError = message;
    this.s.lastExportDurationMs = durationMs;
  }

  spansQueued(n: number): void {
    this.s.queueSize += n;
  }

  /** Spans leave the queue for a batch (queue → in flight). */
  spansTaken(n: number): void {
    this.s.queueSize -= n;
    this.s.inFlightSpans += n;
  }

  /** A batch settles: delivered (exportedSpans was already counted with the attempt) or failed. */
  batchSettled(n: number, failed: boolean): void {
    this.s.inFlightSpans -= n;
    if (failed) this.s.failedSpans += n;
  }

  spansDropped(n: number): void {
    this.s.droppedSpans += n;
  }

  /** Spans still queued when the shutdown deadline passed: queue → failed. */
  queuedSpansFailed(n: number): void {
    this.s.queueSize -= n;
    this.s.failedSpans += n;
  }

  /** Spans written to the spool from the queue, or from a batch in flight. */
  spilled(n: number, from: 'queue' | 'inFlight'): void {
    if (from === 'queue') this.s.queueSize -= n;
    else this.s.inFlightSpans -= n;
    this.s.spooledSpans += n;
  }

  /** A frame leaves the spool for a replay attempt (spooled → in flight). */
  replayTaken(n: number): void {
    this.s.spooledSpans -= n;
    this.s.inFlightSpans += n;
  }

  /** A replayed frame: delivered (exportedSpans was counted with the attempt), back on disk, or failed. */
  replaySettled(n: number, outcome: 'delivered' | 'putBack' | 'failed', rejected = 0): void {
    this.s.inFlightSpans -= n;
    if (outcome === 'delivered') this.s.replayedSpans += n - rejected;
    else if (outcome === 'putBack') this.s.spooledSpans += n;
    else this.s.failedSpans += n;
  }

  /** Spans the spool lost (full, failed write, damaged frames): spooled → dropped. */
  spoolLost(n: number): void {
    this.s.spooledSpans -= n;
    this.s.droppedSpans += n;
    this.s.spoolDroppedSpans += n;
  }

  /** At start-up: what an earlier process left on disk. */
  spoolRecovered(spans: number): void {
    this.s.recoveredSpans += spans;
    this.s.spooledSpans += spans;
  }

  spoolGauges(bytes: number, corruptFrames: number): void {
    this.s.spoolBytes = bytes;
    this.s.corruptFrames = corruptFrames;
  }

  noteError(message: string): void {
    this.s.lastError = message;
  }
}

/** Adds the counters of several exporters; `lastError` and `lastExportDurationMs` come from the last one that has them. */
export function sumStats(list: readonly ExportStats[]): ExportStats {
  const total = emptyStats();
  for (const stats of list) {
    for (const key of COUNTERS) total[key] += stats[key];
    if (stats.lastError !== undefined) total.lastError = stats.lastError;
    if (stats.lastExportDurationMs !== undefined) total.lastExportDurationMs = stats.lastExportDurationMs;
  }
  return total;
}
