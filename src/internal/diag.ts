import { diag } from '@opentelemetry/api';

/** All of the library's own log lines go through OTel's `diag` with this fixed prefix. */
export const logger = diag.createComponentLogger({ namespace: 'tracewright' });

/**
 * Logs a condition the first time it happens and then counts repeats, so that a condition on the
 * hot path or in background export never floods the log. `flushRepeats` reports the counts.
 */
export class OnceLogger {
  private readonly seen = new Map<string, number>();

  warn(key: string, message: string): void {
    const count = this.seen.get(key);
    if (count === undefined) {
      this.seen.set(key, 0);
      logger.warn(message);
    } else {
      this.seen.set(key, count + 1);
    }
  }

  /** Repeats since the first line, per key; resets the counts. */
  takeRepeats(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [key, count] of this.seen) if (count > 0) out.set(key, count);
    for (const key of out.keys()) this.seen.set(key, 0);
    return out;
  }
}
