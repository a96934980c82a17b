/**
 * The bookkeeping every receiver shares: accepted spans, request log, the current fault with its
 * countdown, and `waitForSpans` waiters. Transport code only asks `takeFault()` per request and
 * reports what happened.
 */
import type { Fault, ReceivedSpan, RequestOutcome, RequestRecord } from './types';

/** Where a request came from, for the log: content type and encoding. */
export type RequestMeta = Pick<RequestRecord, 'contentType' | 'encoding'>;

const counts = (spans: readonly ReceivedSpan[]) => ({ spanCount: spans.length, spanIds: spans.map((s) => s.spanId) });

interface Waiter {
  count: number;
  resolve: (spans: ReceivedSpan[]) => void;
  reject: (error: Error) => void;
}

const DEFAULT_WAIT_MS = 5000;

export class ReceiverState {
  readonly spans: ReceivedSpan[] = [];
  readonly log: RequestRecord[] = [];
  requests = 0;
  private fault: Fault = { mode: 'ok' };
  private remaining: number | undefined;
  private readonly waiters = new Set<Waiter>();

  constructor(readonly label: string, fault?: Fault) {
    if (fault) this.setFault(fault);
  }

  get currentFault(): Fault {
    return this.fault;
  }

  setFault(fault: Fault): void {
    validateFault(fault);
    this.fault = fault;
    this.remaining = fault.mode === 'fail' || fault.mode === 'hang' ? fault.times : undefined;
  }

  /** Counts a request and returns the fault that applies to it, consuming one of `times`. */
  takeFault(): Fault {
    this.requests += 1;
    const fault = this.fault;
    if (this.remaining !== undefined) {
      this.remaining -= 1;
      if (this.remaining <= 0) {
        this.fault = { mode: 'ok' };
        this.remaining = undefined;
      }
    }
    return fault;
  }

  /** Logs a request that was not accepted; `spans` are what it carried, when decodable. */
  record(outcome: RequestOutcome, meta: RequestMeta, spans: readonly ReceivedSpan[] = [], error?: string): void {
    this.log.push({ ...meta, outcome, ...counts(spans), ...(error !== undefined ? { error } : {}) });
  }

  accept(spans: ReceivedSpan[], meta: RequestMeta): void {
    this.spans.push(...spans);
    this.log.push({ ...meta, outcome: 'accepted', ...counts(spans) });
    for (const waiter of [...this.waiters]) {
      if (this.spans.length >= waiter.count) {
        this.waiters.delete(waiter);
        waiter.resolve([...this.spans]);
      }
    }
  }

  waitForSpans(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<ReceivedSpan[]> {
    if (this.spans.length >= count) return Promise.resolve([...this.spans]);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        count,
        resolve: (spans) => {
          clearTimeout(timer);
          resolve(spans);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(this.describeShortfall(count, timeoutMs)));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Rejects pending `waitForSpans` calls at once: the receiver is closing. */
  rejectWaiters(): void {
    for (const waiter of this.waiters) {
      waiter.reject(new Error(`${this.label} closed while waiting:\n${this.describeShortfall(waiter.count, 0)}`));
    }
    this.waiters.clear();
  }

  reset(): void {
    this.spans.length = 0;
    this.log.length = 0;
    this.requests = 0;
  }

  describeShortfall(count: number, timeoutMs: number): string {
    const outcomes = new Map<string, number>();
    for (const entry of this.log) outcomes.set(entry.outcome, (outcomes.get(entry.outcome) ?? 0) + 1);
    const summary = [...outcomes].map(([outcome, n]) => `${outcome}×${n}`).join(', ') || 'none';
    const errors = this.log.filter((e) => e.error).map((e) => e.error);
    const shown = this.spans
      .slice(0, 20)
      .map((s) => `  - "${s.name}" ${s.kind} ${s.traceId}/${s.spanId}${s.parentSpanId ? ` parent ${s.parentSpanId}` : ''}`)
      .join('\n');
    return [
      `${this.label}: expected at least ${count} span(s) within ${timeoutMs} ms, got ${this.spans.length}`,
      `  requests: ${this.requests} (${summary}); fault now: ${JSON.stringify(this.fault)}`,
      ...(errors.length ? [`  errors: ${errors.slice(-5).join(' | ')}`] : []),
      ...(shown ? [shown] : []),
    ].join('\n');
  }
}

function validateFault(fault: Fault): void {
  const modes = ['ok', 'fail', 'hang', 'refuse'];
  if (!fault || !modes.includes(fault.mode)) {
    throw new TypeError(`Invalid fault ${JSON.stringify(fault)}: mode must be one of ${modes.join(', ')}`);
  }
  if ((fault.mode === 'fail' || fault.mode === 'hang') && fault.times !== undefined) {
    if (!Number.isInteger(fault.times) || fault.times < 1) {
      throw new TypeError(`Invalid fault times ${fault.times}: a positive integer or undefined (forever)`);
    }
  }
  if (fault.mode === 'fail') {
    if (!Number.isInteger(fault.status) || fault.status < 0) {
      throw new TypeError(`Invalid fault status ${fault.status}: a gRPC status code or an HTTP status`);
    }
    if (fault.retryAfterSeconds !== undefined && !(fault.retryAfterSeconds >= 0)) {
      throw new TypeError(`Invalid fault retryAfterSeconds ${fault.retryAfterSeconds}: a number >= 0`);
    }
  }
}
