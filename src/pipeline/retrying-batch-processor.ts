import { TraceFlags, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { OnceLogger, logger } from '../internal/diag';
import type { ManagedExporter } from './managed-exporter';
import { LossReporter } from './loss-reporter';
import { EXPORT_AT, resolveProcessorOptions, type ProcessorOptions, type ResolvedProcessorOptions } from './processor-options';
import { classifyExportError, nextDelay } from './retry-policy';
import { SpanRing } from './span-ring';
import type { SpoolLink } from './spool-link';
import { SpoolReplay } from './spool-replay';
import { ExportStatsRecorder, type ExportStats } from './stats';

export type { ProcessorOptions } from './processor-options';

/**
 * While the queue is full (spans are being dropped anyway), a batch waiting for its retry is
 * retried after at most this long (or `retry.initialDelayMs` if shorter), unless the server asked
 * for the wait. A probe costs one request; waiting costs every span that ends meanwhile.
 */
export const EARLY_PROBE_MS = 100;

interface FlushWaiter {
  target: number;
  resolve: (drained: boolean) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A batching span processor that retries transient export failures with backoff and counts every
 * span: exported, dropped (queue full / after shutdown), failed (permanent error, retries exhausted,
 * shutdown deadline), queued or in flight. Up to `maxConcurrentExports` exports at once; the queue keeps filling (bounded)
 * while a batch waits for its retry. `onEnd` is O(1): a ring-buffer push and, at most, starting a
 * timer or an export. Timers are unref'd, except the flush/shutdown deadline that an awaiting caller needs.
 */
export class RetryingBatchSpanProcessor implements SpanProcessor {
  private readonly queue: SpanRing<ReadableSpan>;
  /** Most spans per request. */
  private readonly batchSize: number;
  /** Queue depth that starts an export: {@link EXPORT_AT}, or batchSize if smaller. */
  private readonly sendAt: number;
  private readonly loss: LossReporter;
  private readonly once = new OnceLogger();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Exports (live or replay) running now, and their promises for shutdown to await. */
  private running = 0;
  private readonly runs = new Set<Promise<void>>();
  private readonly maxConcurrent: number;
  /** Backoff waits in progress: flush, shutdown and a full queue cut them short. */
  private readonly wakers = new Set<() => void>();
  /** While a batch waits for its retry: from when a full queue may cut the wait short. */
  private earlyRetryAt = Number.POSITIVE_INFINITY;
  private enqueued = 0;
  private settled = 0;
  private waiters: FlushWaiter[] = [];
  private isShutdown = false;
  private shutdownDeadline: number | undefined;
  private giveUp = false;
  private shutdownPromise: Promise<void> | undefined;
  /** Set by {@link abandon}: the batch in flight was already counted as failed. */
  private abandoned = false;
  /** The disk spool, when attached: then a transient failure never holds a batch in memory. */
  private spool: SpoolLink | undefined;
  /** With a spool: probes and paced replay of what is on disk (./spool-replay.ts). */
  private replay: SpoolReplay | undefined;
  private spillScheduled = false;
  /** The batch timer fired while an export was running: the partial batch goes next. */
  private liveDue = false;
  /** What is being exported right now, so that abandon() can save it to the spool. */
  private readonly liveBatches = new Set<ReadableSpan[]>();

  private readonly options: ResolvedProcessorOptions;
  /** Every counter of this pipeline: the exporter counts its attempts into it, the spool its frames. */
  readonly stats = new ExportStatsRecorder();

  /** `options` are checked and completed by resolveProcessorOptions (./processor-options.ts): a bad value throws a TracingConfigError. */
  constructor(
    private readonly exporter: ManagedExporter,
    options: ProcessorOptions = {},
  ) {
    this.options = resolveProcessorOptions(options);
    exporter.countInto(this.stats);
    this.maxConcurrent = this.options.maxConcurrentExports;
    this.queue = new SpanRing(this.options.maxQueueSize);
    this.batchSize = this.options.batch ? this.options.maxBatchSize : 1;
    this.sendAt = Math.min(this.batchSize, EXPORT_AT);
    this.loss = new LossReporter(exporter.name, this.options.maxQueueSize);
  }

  /**
   * Attaches the disk spool (see spool-link.ts) before any span ends: what an earlier process left
   * in it is counted (`recoveredSpans`) and replayed at once.
   */
  attachSpool(spool: SpoolLink): void {
    this.spool = spool;
    this.replay = new SpoolReplay(spool, {
      exporter: this.exporter,
      stats: this.stats,
      loss: this.loss,
      retry: this.options.retry,
      launch: (task, what) => this.launch(task, what),
      kick: () => this.kick(),
      attemptTimeout: () => this.attemptTimeout(),
      abandoned: () => this.abandoned,
    });
    this.kick();
  }

  /** The same numbers as the exporter's `getStats()`. */
  getStats(): ExportStats {
    return this.stats.snapshot();
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.isShutdown) {
      this.stats.spansDropped(1);
      this.once.warn('after-shutdown', `exporter "${this.exporter.name}": span "${span.name}" ended after shutdown; dropped and counted in droppedSpans.`);
      return;
    }
    if (this.spool !== undefined && this.queue.length === this.queue.capacity) this.spillQueue();
    if (!this.queue.push(span)) {
      this.stats.spansDropped(1);
      this.loss.dropped(1);
      // Spans are being lost while a batch sits out a long backoff: probe the backend now (at most
      // every EARLY_PROBE_MS) instead of dropping for the rest of the wait after it came back.
      if (this.wakers.size > 0 && Date.now() >= this.earlyRetryAt) this.wakeAll();
      return;
    }
    this.stats.spansQueued(1);
    this.enqueued++;
    // Near full while the exporter is busy or the backend is down: spill a batch soon, off the hot path.
    if (this.spool !== undefined && !this.spillScheduled && this.queue.length >= this.spillMark()) this.scheduleSpill();
    if (this.busy) return;
    if (this.queue.length >= this.sendAt) this.startExport();
    else if (this.timer === undefined) this.startTimer();
  }

  async forceFlush(): Promise<void> {
    if (this.shutdownPromise) return this.shutdownPromise;
    const drained = await this.flushUntil(this.enqueued, Date.now() + this.options.exportTimeoutMillis);
    if (!drained) {
      const s = this.getStats();
      logger.warn(
        `exporter "${this.exporter.name}": forceFlush deadline (${this.options.exportTimeoutMillis} ms) passed with ` +
          `${s.queueSize} span(s) queued and ${s.inFlightSpans} in flight; they stay queued.`,
      );
    }
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.doShutdown().catch((error: unknown) => {
      logger.error(`exporter "${this.exporter.name}": shutdown failed: ${String(error)}`);
    });
    return this.shutdownPromise;
  }

  /**
   * The process is exiting (synchronously, nothing more can be sent): counts every span still
   * queued, in flight or waiting for a retry as failed, and returns how many. Idempotent.
   */
  abandon(reason: string): number {
    if (this.abandoned) return 0;
    this.abandoned = true;
    this.isShutdown = true;
    this.giveUp = true;
    this.clearTimer();
    const stats = this.stats;
    const spool = this.spool;
    if (spool) {
      // Everything in memory goes to disk for the next process; a replayed frame never left it.
      spool.spill(this.queue.take(this.queue.length), 'queue');
      for (const batch of this.liveBatches) spool.spill(batch, 'inFlight');
      const replaying = this.replay?.inFlight;
      if (replaying) spool.leaveOnDisk(replaying);
      this.liveBatches.clear();
      this.replay?.clearTimers();
      spool.close();
    }
    const queued = this.queue.clear();
    if (queued > 0) stats.queuedSpansFailed(queued);
    const inFlight = stats.snapshot().inFlightSpans;
    if (inFlight > 0) stats.batchSettled(inFlight, true);
    const lost = queued + inFlight;
    if (lost > 0) stats.noteError(`${lost} span(s) not delivered: ${reason}`);
    return lost;
  }

  toString(): string {
    const o = this.options;
    return `RetryingBatchSpanProcessor(${this.exporter.name}, maxQueueSize=${o.maxQueueSize}, maxBatchSize=${this.batchSize}, maxAttempts=${o.retry.maxAttempts})`;
  }

  private async doShutdown(): Promise<void> {
    this.isShutdown = true;
    this.clearTimer();
    const deadline = Date.now() + this.options.exportTimeoutMillis;
    this.shutdownDeadline = deadline;
    const drained = await this.flushUntil(this.enqueued, deadline);
    if (!drained) {
      this.giveUp = true;
      if (this.spool) {
        const rest = this.queue.take(this.queue.length);
        this.spool.spill(rest, 'queue');
        this.settled += rest.length;
      }
      const queued = this.queue.clear();
      if (queued > 0) {
        this.stats.queuedSpansFailed(queued);
        this.settled += queued;
        this.loss.failed(queued, 'still queued at the shutdown deadline');
      }
      this.wakeAll();
      await this.allRuns();
    }
    if (this.spool) {
      // A replay still running finishes (bounded by its attempt deadline); the rest stays on disk.
      this.replay?.clearTimers();
      await this.allRuns();
      this.spool.close();
    }
    this.loss.flush();
    await raceTimeout(this.exporter.shutdown(), Math.max(1000, deadline - Date.now()));
  }

  private startTimer(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A partial batch is due: it goes now, or right after the export (or replay) running now.
      this.liveDue = true;
      this.kick();
    }, this.options.scheduledDelayMillis);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private startExport(): void {
    if (this.busy || this.queue.length === 0) return;
    this.clearTimer();
    this.liveDue = false;
    this.launch(() => this.exportBatch(), 'export loop');
  }

  private get busy(): boolean {
    return this.running >= this.maxConcurrent;
  }

  /** Runs one export (or replay) in a slot; when it ends, the next work is started. */
  private launch(task: () => Promise<void>, what: string): void {
    this.running++;
    const run: Promise<void> = task()
      .catch((error: unknown) => logger.error(`exporter "${this.exporter.name}": ${what} error: ${String(error)}`))
      .then(() => {
        this.running--;
        this.runs.delete(run);
        this.resolveWaiters();
        this.kick();
      });
    this.runs.add(run);
  }

  private async allRuns(): Promise<void> {
    while (this.runs.size > 0) await Promise.all([...this.runs]);
  }

  private wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /** Starts what comes next when idle: a full (or flushed) live batch first, then a probe or a replay. */
  private kick(): void {
    if (this.abandoned) return;
    for (;;) {
      const q = this.queue.length;
      if (this.busy || q === 0 || !(this.liveDue || this.waiters.length > 0 || this.isShutdown || q >= this.sendAt)) break;
      this.startExport();
    }
    // The timer runs during exports and replays too, so that a partial live batch is never starved.
    if (this.queue.length > 0 && this.timer === undefined) this.startTimer();
    if (this.replay && !this.isShutdown && !this.busy) this.replay.startWork();
  }

  /** Exports one batch from the queue, retrying it per the policy; settles every span of it exactly once. */
  private async exportBatch(): Promise<void> {
    const batch = this.queue.take(this.batchSize);
    this.stats.spansTaken(batch.length);
    if (this.replay?.backendDown) return this.spillBatch(batch);
    return this.deliver(batch, false);
  }

  /**
   * Sends `batch` until it is accepted, fails for good, or goes to the spool. A batch the backend
   * refused for its size is sent again as two halves (down to single spans), so that one request
   * over a collector's size limit loses nothing that fits; `retry` marks the halves' attempts.
   */
  private async deliver(batch: ReadableSpan[], retry: boolean): Promise<void> {
    const policy = this.options.retry;
    for (let attempt = 1; ; attempt++) {
      this.liveBatches.add(batch);
      const outcome = await this.exporter.send(batch, this.attemptTimeout(), retry || attempt > 1);
      this.liveBatches.delete(batch);
      if (this.abandoned) return;
      if (outcome.ok) return this.spoolWorks(batch.length, undefined);
      const failure = classifyExportError(outcome.error);
      if (failure.tooLarge && batch.length > 1 && !this.giveUp) {
        const half = Math.ceil(batch.length / 2);
        await this.deliver(batch.slice(0, half), true);
        return this.deliver(batch.slice(half), true);
      }
      if (!failure.retryable) return this.settle(batch.length, `${failure.reason}, not retryable`);
      if (this.spool) {
        // With a spool, a transient failure never waits in memory: the batch goes to disk and is
        // replayed, in order, once a probe gets through.
        this.spillBatch(batch);
        return this.replay?.failed(failure);
      }
      if (attempt >= policy.maxAttempts) return this.settle(batch.length, `${failure.reason} after ${attempt} attempt(s)`);
      const delay = nextDelay(attempt, policy, failure);
      if (this.giveUp || (this.shutdownDeadline !== undefined && Date.now() + delay >= this.shutdownDeadline)) {
        return this.settle(batch.length, `${failure.reason}; no time left before the shutdown deadline`);
      }
      this.earlyRetryAt =
        failure.retryAfterMs === undefined ? Date.now() + Math.min(policy.initialDelayMs, EARLY_PROBE_MS) : Number.POSITIVE_INFINITY;
      await this.sleep(delay);
      this.earlyRetryAt = Number.POSITIVE_INFINITY;
      if (this.giveUp) return this.settle(batch.length, `${failure.reason}; shutdown deadline passed`);
    }
  }

  /** A live batch was accepted: settle it; with a spool, the backend is known to be up again. */
  private spoolWorks(n: number, failureReason: string | undefined): void {
    this.settle(n, failureReason);
    this.replay?.up();
  }

  // ---- disk spool (only with attachSpool) ----

  /** Queue depth from which a batch is spilled to disk: one batch short of full. */
  private spillMark(): number {
    return Math.max(this.sendAt, this.queue.capacity - this.sendAt);
  }

  private scheduleSpill(): void {
    this.spillScheduled = true;
    setImmediate(() => {
      this.spillScheduled = false;
      // Still high after the exporter had its turn: the backend cannot keep up (or is down).
      if (!this.abandoned && this.queue.length >= this.spillMark() && (this.busy || this.replay?.backendDown === true)) this.spillQueue();
    }).unref?.();
  }

  /** Oldest batch of the queue → disk. */
  private spillQueue(): void {
    // Spilled frames stay at the size an idle exporter sends: a replayed frame is sent as it is.
    const spans = this.queue.take(this.sendAt);
    this.spool?.spill(spans, 'queue');
    this.settled += spans.length;
    this.resolveWaiters();
  }

  /** A batch taken from the queue → disk (counts as settled for flush: it is safe). */
  private spillBatch(batch: ReadableSpan[]): void {
    this.spool?.spill(batch, 'inFlight');
    this.settled += batch.length;
  }

  private settle(n: number, failureReason: string | undefined): void {
    if (this.abandoned) return; // counted by abandon()
    this.stats.batchSettled(n, failureReason !== undefined);
    this.settled += n;
    if (failureReason !== undefined) {
      this.stats.noteError(failureReason);
      this.loss.failed(n, failureReason);
    }
  }

  private attemptTimeout(): number {
    const limit = this.options.exportTimeoutMillis;
    if (this.shutdownDeadline === undefined) return limit;
    return Math.max(1, Math.min(limit, this.shutdownDeadline - Date.now()));
  }

  /**
   * Backoff wait. Flush and shutdown cut it short (`wake`) to retry at once; so does a full queue
   * once {@link EARLY_PROBE_MS} has passed, unless the server asked for the wait (Retry-After).
   */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref?.();
      const wakers = this.wakers;
      function done(): void {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      }
      wakers.add(done);
    });
  }

  /** Resolves true once every span queued before `target` has settled, false at the deadline. */
  private flushUntil(target: number, deadline: number): Promise<boolean> {
    if (this.settled >= target) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: FlushWaiter = {
        target,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, Math.max(0, deadline - Date.now())),
      };
      this.waiters.push(waiter);
      this.wakeAll();
      this.kick();
    });
  }

  private resolveWaiters(): void {
    if (this.waiters.length === 0) return;
    const open: FlushWaiter[] = [];
    for (const waiter of this.waiters) {
      if (this.settled >= waiter.target) {
        clearTimeout(waiter.timer);
        waiter.resolve(true);
      } else open.push(waiter);
    }
    this.waiters = open;
  }
}

function raceTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

