import { TracingConfigError } from '../errors';
import { logger } from '../internal/diag';
import { MAX_QUEUE_SIZE, MAX_TIMER_MS } from '../internal/limits';
import { checkNumber, type NumberRule } from '../internal/number-rule';

/**
 * The processor's options, their defaults and their limits: the one definition that the
 * `RetryingBatchSpanProcessor`, `initializeTracing` (src/config composes `ResolvedConfig.processor`
 * from these) and the README's options table all read.
 */

/** How a failed batch is retried. */
export interface RetryPolicy {
  /**
   * Attempts per batch, the first one included; 1 disables retries.
   * @default 5 (option `retry.maxAttempts`, env `TRACEWRIGHT_RETRY_MAX_ATTEMPTS`)
   */
  maxAttempts: number;
  /**
   * Wait before the first retry, in milliseconds.
   * @default 1000 (option `retry.initialDelayMs`, env `TRACEWRIGHT_RETRY_INITIAL_DELAY_MS`)
   */
  initialDelayMs: number;
  /**
   * Upper bound of the computed wait, in milliseconds (a server's Retry-After may ask for more, up
   * to `MAX_RETRY_AFTER_MS`). Raised to `initialDelayMs` when below it.
   * @default 5000 (option `retry.maxDelayMs`, env `TRACEWRIGHT_RETRY_MAX_DELAY_MS`)
   */
  maxDelayMs: number;
  /**
   * Growth of the wait from one retry to the next.
   * @default 1.5 (option `retry.multiplier`, env `TRACEWRIGHT_RETRY_MULTIPLIER`)
   */
  multiplier: number;
  /**
   * Relative jitter: the wait is spread uniformly over ±`jitter` of its value, so that many processes
   * that failed together do not retry together. 0 disables it.
   * @default 0.2 (option `retry.jitter`, env `TRACEWRIGHT_RETRY_JITTER`)
   */
  jitter?: number;
}

/** Options of the `RetryingBatchSpanProcessor`; each may be left out for its default. */
export interface ProcessorOptions {
  /** Spans held while waiting for export; more are dropped and counted. @default 8192 (option `maxQueueSize`, env `OTEL_BSP_MAX_QUEUE_SIZE`) */
  maxQueueSize?: number;
  /**
   * Most spans in one export request (at most maxQueueSize). An export starts once
   * {@link EXPORT_AT} spans wait (or maxBatchSize, if smaller) or `scheduledDelayMillis` passed;
   * while exports are busy the queue deepens and the next request takes up to this many, so the
   * batch grows with the load. @default 2048 (option `maxBatchSize`, env `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`)
   */
  maxBatchSize?: number;
  /** Longest wait before a partial batch is sent, ms. @default 5000 (option `batchTimeout`, env `OTEL_BSP_SCHEDULE_DELAY`) */
  scheduledDelayMillis?: number;
  /** Deadline of one export attempt, and of forceFlush()/shutdown() as a whole, ms. @default 10000 (option `exportTimeout`, env `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT` / `OTEL_BSP_EXPORT_TIMEOUT`) */
  exportTimeoutMillis?: number;
  /** false: each span is exported alone as soon as it ends, with the same retries and stats. @default true (option `enableBatch`, env `TRACEWRIGHT_ENABLE_BATCH`) */
  batch?: boolean;
  /** Exports (live batches and retries) in flight at once. @default 2 (option `maxConcurrentExports`, env `TRACEWRIGHT_MAX_CONCURRENT_EXPORTS`) */
  maxConcurrentExports?: number;
  /** Retries of transient failures; missing fields take {@link DEFAULT_RETRY_POLICY}'s. */
  retry?: Partial<RetryPolicy>;
}

/** Every option decided: what the processor runs with, and `ResolvedConfig.processor`. */
export interface ResolvedProcessorOptions {
  readonly maxQueueSize: number;
  readonly maxBatchSize: number;
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
  readonly batch: boolean;
  readonly maxConcurrentExports: number;
  readonly retry: Readonly<Required<RetryPolicy>>;
}

/**
 * Queue depth at which an export starts (the OpenTelemetry specification's default batch size):
 * an idle exporter sends 512-span requests; a busy one lets the queue deepen and sends up to
 * `maxBatchSize`, which costs about a quarter less CPU per span (bench/README.md).
 */
export const EXPORT_AT = 512;

/** The one definition of the retry defaults. */
export const DEFAULT_RETRY_POLICY: Readonly<Required<RetryPolicy>> = Object.freeze({
  maxAttempts: 5,
  initialDelayMs: 1000,
  maxDelayMs: 5000,
  multiplier: 1.5,
  jitter: 0.2,
});

/** The one definition of the processor's defaults. */
export const PROCESSOR_DEFAULTS: ResolvedProcessorOptions = Object.freeze({
  /** Four of the largest batches: a burst at 50,000 spans/s fills it in 160 ms, not 40. */
  maxQueueSize: 8192,
  maxBatchSize: 2048,
  scheduledDelayMillis: 5000,
  exportTimeoutMillis: 10_000,
  batch: true,
  /** Two exports in flight: one request's round trip no longer caps throughput. */
  maxConcurrentExports: 2,
  retry: DEFAULT_RETRY_POLICY,
});

/** What each numeric option accepts, by the processor's option names (the config checks its own names against these). */
export const PROCESSOR_LIMITS = Object.freeze({
  maxQueueSize: { integer: true, min: 1, max: MAX_QUEUE_SIZE },
  maxBatchSize: { integer: true, min: 1, max: MAX_QUEUE_SIZE },
  scheduledDelayMillis: { integer: true, min: 0, max: MAX_TIMER_MS },
  exportTimeoutMillis: { integer: true, min: 1, max: MAX_TIMER_MS },
  maxConcurrentExports: { integer: true, min: 1, max: 64 },
  'retry.maxAttempts': { integer: true, min: 1, max: MAX_QUEUE_SIZE },
  'retry.initialDelayMs': { integer: true, min: 0, max: MAX_TIMER_MS },
  'retry.maxDelayMs': { integer: true, min: 0, max: MAX_TIMER_MS },
  'retry.multiplier': { min: 1 },
  'retry.jitter': { min: 0, max: 1 },
} satisfies Record<string, NumberRule>);

function numberOption(option: keyof typeof PROCESSOR_LIMITS, value: unknown, fallback: number): number {
  return checkNumber(option, value, PROCESSOR_LIMITS[option]) ?? fallback;
}

/**
 * Options → every value decided: defaults filled in, each value checked against
 * {@link PROCESSOR_LIMITS} (a TracingConfigError names the option and what it accepts), a batch
 * larger than the queue lowered to the queue with a warning, `retry.maxDelayMs` raised to
 * `retry.initialDelayMs`. Resolving a resolved value returns an equal one.
 */
export function resolveProcessorOptions(options: ProcessorOptions = {}): ResolvedProcessorOptions {
  const d = PROCESSOR_DEFAULTS;
  const maxQueueSize = numberOption('maxQueueSize', options.maxQueueSize, d.maxQueueSize);
  let maxBatchSize = numberOption('maxBatchSize', options.maxBatchSize, d.maxBatchSize);
  if (maxBatchSize > maxQueueSize) {
    logger.warn(`maxBatchSize ${maxBatchSize} > maxQueueSize ${maxQueueSize}; using ${maxQueueSize}.`);
    maxBatchSize = maxQueueSize;
  }
  if (options.batch !== undefined && typeof options.batch !== 'boolean') throw new TracingConfigError('batch', options.batch, 'true or false');
  const retry = options.retry ?? {};
  if (typeof retry !== 'object' || retry === null) throw new TracingConfigError('retry', retry, 'an object { maxAttempts, initialDelayMs, maxDelayMs, multiplier, jitter }');
  const r = d.retry;
  const initialDelayMs = numberOption('retry.initialDelayMs', retry.initialDelayMs, r.initialDelayMs);
  return Object.freeze({
    maxQueueSize,
    maxBatchSize,
    scheduledDelayMillis: numberOption('scheduledDelayMillis', options.scheduledDelayMillis, d.scheduledDelayMillis),
    exportTimeoutMillis: numberOption('exportTimeoutMillis', options.exportTimeoutMillis, d.exportTimeoutMillis),
    batch: options.batch ?? d.batch,
    maxConcurrentExports: numberOption('maxConcurrentExports', options.maxConcurrentExports, d.maxConcurrentExports),
    retry: Object.freeze({
      maxAttempts: numberOption('retry.maxAttempts', retry.maxAttempts, r.maxAttempts),
      initialDelayMs,
      maxDelayMs: Math.max(initialDelayMs, numberOption('retry.maxDelayMs', retry.maxDelayMs, r.maxDelayMs)),
      multiplier: numberOption('retry.multiplier', retry.multiplier, r.multiplier),
      jitter: numberOption('retry.jitter', retry.jitter, r.jitter),
    }),
  });
}
