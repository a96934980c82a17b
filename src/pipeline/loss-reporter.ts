import { logger } from '../internal/diag';

/** How often a burst of losses is summarised after its first line. */
export const LOSS_REPORT_INTERVAL_MS = 5_000;

interface Pending {
  dropped: number;
  failed: number;
  reasons: Set<string>;
}

/**
 * Reports dropped and failed spans through `diag` once per burst: the first loss logs a warning at
 * once, later losses are summed and reported as one line per interval while the burst lasts; a
 * quiet interval ends the burst. Never one line per span. The timer is unref'd.
 */
export class LossReporter {
  private pending: Pending = { dropped: 0, failed: 0, reasons: new Set() };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private totals = { dropped: 0, failed: 0 };

  constructor(
    private readonly exporterName: string,
    private readonly maxQueueSize: number,
    private readonly intervalMs: number = LOSS_REPORT_INTERVAL_MS,
  ) {}

  dropped(n: number): void {
    this.totals.dropped += n;
    if (this.timer === undefined) {
      logger.warn(
        `exporter "${this.exporterName}": queue full (maxQueueSize=${this.maxQueueSize}), dropping spans; ` +
          `drops are counted in getStats().droppedSpans and summarised every ${this.intervalMs / 1000} s while they last.`,
      );
      this.arm();
    } else {
      this.pending.dropped += n;
    }
  }

  failed(n: number, reason: string): void {
    this.totals.failed += n;
    if (this.timer === undefined) {
      logger.warn(
        `exporter "${this.exporterName}": ${n} span(s) could not be exported (${reason}); ` +
          `counted in getStats().failedSpans, further failures summarised every ${this.intervalMs / 1000} s.`,
      );
      this.arm();
    } else {
      this.pending.failed += n;
      this.pending.reasons.add(reason);
    }
  }

  /** Logs what is pending now (at shutdown) and stops the timer. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.report();
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.report()) this.arm();
    }, this.intervalMs);
    this.timer.unref?.();
  }

  /** true when there was something to report. */
  private report(): boolean {
    const { dropped, failed, reasons } = this.pending;
    if (dropped === 0 && failed === 0) return false;
    const parts: string[] = [];
    if (dropped > 0) parts.push(`${dropped} span(s) dropped (queue full)`);
    if (failed > 0) parts.push(`${failed} span(s) failed (${[...reasons].slice(0, 3).join('; ')})`);
    logger.warn(
      `exporter "${this.exporterName}": ${parts.join(', ')} in the last ${this.intervalMs / 1000} s; ` +
        `totals: dropped ${this.totals.dropped}, failed ${this.totals.failed}.`,
    );
    this.pending = { dropped: 0, failed: 0, reasons: new Set() };
    return true;
  }
}
