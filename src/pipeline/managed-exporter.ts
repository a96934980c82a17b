import { context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { TracingError } from '../errors';
import { logger } from '../internal/diag';
import { ExportStatsRecorder, type ExportStats } from './stats';

/** An attempt that did not finish within its deadline. Retryable. */
export class ExportTimeoutError extends TracingError {
  constructor(exporterName: string, timeoutMillis: number) {
    super('TRACING_EXPORT_FAILED', `export to "${exporterName}" timed out after ${timeoutMillis} ms`);
    this.name = 'ExportTimeoutError';
  }
}

/** Result of one attempt; `send` never rejects. */
export interface ExportAttempt {
  ok: boolean;
  /** The exporter's error (or an {@link ExportTimeoutError}) when `ok` is false. */
  error?: unknown;
  /** Spans the backend answered it rejected although the request succeeded (OTLP partial success). */
  rejectedSpans?: number;
}

/**
 * The `rejectedSpans` an exporter may add to a SUCCESS result (tracewright's OTLP/HTTP exporter
 * does, from the collector's partial-success answer), kept within the batch size.
 */
function rejectedOf(result: ExportResult, batch: number): number {
  const n = (result as ExportResult & { rejectedSpans?: unknown }).rejectedSpans;
  return typeof n === 'number' && n > 0 ? Math.min(Math.floor(n), batch) : 0;
}

/**
 * An exporter that can send an export request already serialised as OTLP protobuf
 * (`ExportTraceServiceRequest`): tracewright's OTLP/gRPC and OTLP/HTTP-protobuf exporters. The disk
 * spool needs it to replay what it wrote without decoding it back to spans.
 */
export interface SerializedSpanExporter extends SpanExporter {
  /** false when this instance sends another encoding (OTLP/HTTP with `http/json`). */
  readonly acceptsSerializedProtobuf: boolean;
  exportSerialized(request: Uint8Array, spanCount: number, resultCallback: (result: ExportResult) => void): void;
}

export function canExportSerialized(exporter: SpanExporter | undefined): exporter is SerializedSpanExporter {
  const candidate = exporter as Partial<SerializedSpanExporter> | undefined;
  return typeof candidate?.exportSerialized === 'function' && candidate.acceptsSerializedProtobuf === true;
}

/** Told about every finished attempt (self-metrics): its duration and, when it failed, the error. */
export type AttemptListener = (durationMs: number, spans: number, error: unknown | undefined) => void;

export interface ManagedExporterOptions {
  /**
   * Deadline of one attempt made through the plain `export()` call (the processor passes its own
   * `exportTimeoutMillis` to `send`).
   * @default 30000
   */
  timeoutMillis?: number;
}

/**
 * Wraps a SpanExporter, or the promise of one (heavy exporters load lazily), and runs its attempts:
 * each is counted in the stats recorder of the processor this exporter serves (the processor owns
 * it and hands it over with {@link countInto}; an exporter used without one counts into its own).
 * `getStats()` reads that recorder, so the numbers are the same wherever they are read. Each attempt has a deadline, settles exactly once,
 * and runs with tracing suppressed so that the export's own HTTP/gRPC calls are not traced. A late
 * answer after the deadline is ignored: the attempt already counted as failed (and the processor
 * may retry it, so delivery is at-least-once).
 */
export class ManagedExporter implements SpanExporter {
  readonly name: string;
  private recorder = new ExportStatsRecorder();
  private inner: SpanExporter | undefined;
  private loadError: unknown;
  private readonly ready: Promise<void>;
  private readonly defaultTimeout: number;
  private shutdownPromise: Promise<void> | undefined;
  private readonly listeners = new Set<AttemptListener>();

  constructor(name: string, inner: SpanExporter | Promise<SpanExporter>, options: ManagedExporterOptions = {}) {
    this.name = name;
    this.defaultTimeout = options.timeoutMillis ?? 30_000;
    if (isPromiseLike(inner)) {
      this.ready = Promise.resolve(inner).then(
        (exporter) => {
          this.inner = exporter;
        },
        (error: unknown) => {
          this.loadError = error;
          logger.error(`exporter "${name}" could not be created: ${errorMessage(error)}`);
        },
      );
    } else {
      this.inner = inner;
      this.ready = Promise.resolve();
    }
  }

  getStats(): ExportStats {
    return this.recorder.snapshot();
  }

  /**
   * Counts from now on into `recorder`: called by the processor that takes this exporter, which
   * owns the recorder (its queue, drops, retries and the spool count into the same one).
   */
  countInto(recorder: ExportStatsRecorder): void {
    this.recorder = recorder;
  }

  /** The wrapped exporter once loaded (undefined while loading or when loading failed). */
  get exporter(): SpanExporter | undefined {
    return this.inner;
  }

  /** One attempt, counted; `retry` marks a retry of a batch that failed before. */
  async send(spans: ReadableSpan[], timeoutMillis: number, retry = false): Promise<ExportAttempt> {
    this.recorder.attemptStarted(retry);
    const started = performance.now();
    const outcome = await this.attempt(spans.length, timeoutMillis, (inner, callback) => inner.export(spans, callback));
    this.finished(performance.now() - started, spans.length, outcome);
    return outcome;
  }

  /** Calls `listener` after every attempt (one call per export, never per span); returns the remover. */
  onAttempt(listener: AttemptListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private finished(duration: number, spans: number, outcome: ExportAttempt): void {
    if (outcome.ok) this.recorder.attemptSucceeded(spans, duration, outcome.rejectedSpans ?? 0);
    else this.recorder.attemptFailed(errorMessage(outcome.error), duration);
    for (const listener of this.listeners) {
      try {
        listener(duration, spans, outcome.ok ? undefined : (outcome.error ?? new Error('export failed')));
      } catch (error) {
        logger.debug(`exporter "${this.name}": attempt listener failed: ${errorMessage(error)}`);
      }
    }
  }

  /** True once loaded when the wrapped exporter can send serialised OTLP ({@link SerializedSpanExporter}). */
  get acceptsSerialized(): boolean {
    return canExportSerialized(this.inner);
  }

  /** One attempt with an already-serialised request, counted as {@link send} counts. */
  async sendSerialized(request: Uint8Array, spanCount: number, timeoutMillis: number, retry = false): Promise<ExportAttempt> {
    this.recorder.attemptStarted(retry);
    const started = performance.now();
    const outcome = await this.attempt(spanCount, timeoutMillis, (inner, callback) => {
      if (!canExportSerialized(inner)) throw new TracingError('TRACING_EXPORT_FAILED', `exporter "${this.name}" cannot send serialised OTLP`);
      inner.exportSerialized(request, spanCount, callback);
    });
    this.finished(performance.now() - started, spanCount, outcome);
    return outcome;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    void this.send(spans, this.defaultTimeout).then((outcome) => {
      resultCallback(
        outcome.ok ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error: toError(outcome.error) },
      );
    });
  }

  async forceFlush(): Promise<void> {
    await this.ready;
    try {
      await this.inner?.forceFlush?.();
    } catch (error) {
      logger.warn(`exporter "${this.name}": forceFlush failed: ${errorMessage(error)}`);
    }
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.ready.then(async () => {
      try {
        await this.inner?.shutdown();
      } catch (error) {
        logger.warn(`exporter "${this.name}": shutdown failed: ${errorMessage(error)}`);
      }
    });
    return this.shutdownPromise;
  }

  toString(): string {
    const inner = this.inner ? describe(this.inner) : this.loadError ? 'failed to load' : 'loading';
    return `ManagedExporter(${this.name}: ${inner})`;
  }

  private async attempt(
    spanCount: number,
    timeoutMillis: number,
    run: (inner: SpanExporter, callback: (result: ExportResult) => void) => void,
  ): Promise<ExportAttempt> {
    await this.ready;
    const inner = this.inner;
    if (!inner) return { ok: false, error: this.loadError };
    return new Promise<ExportAttempt>((resolve) => {
      let settled = false;
      const settle = (outcome: ExportAttempt): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const timer = setTimeout(() => settle({ ok: false, error: new ExportTimeoutError(this.name, timeoutMillis) }), timeoutMillis);
      timer.unref?.();
      try {
        context.with(suppressTracing(context.active()), () => {
          run(inner, (result) => {
            if (settled) {
              logger.debug(`exporter "${this.name}": answer after the ${timeoutMillis} ms deadline ignored`);
              return;
            }
            if (result.code !== ExportResultCode.SUCCESS) return settle({ ok: false, error: result.error });
            const rejectedSpans = rejectedOf(result, spanCount);
            settle(rejectedSpans > 0 ? { ok: true, rejectedSpans } : { ok: true });
          });
        });
      } catch (error) {
        settle({ ok: false, error });
      }
    });
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<SpanExporter> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

function describe(exporter: SpanExporter): string {
  const text = String(exporter);
  return text === '[object Object]' ? exporter.constructor?.name ?? 'SpanExporter' : text;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (error === undefined) return 'export failed without an error';
  return String(error);
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(errorMessage(error));
}
