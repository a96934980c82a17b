import { TraceFlags, type Attributes, type BatchObservableResult, type Context, type MeterProvider, type Observable } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { ManagedExporter } from './managed-exporter';
import { logger } from '../internal/diag';
import { VERSION } from '../version';
import { classifyExportError } from './retry-policy';

export interface SelfMetricsTarget {
  exporter: ManagedExporter;
  /** The processor's queue capacity (`maxQueueSize`). */
  queueCapacity: number;
}

/**
 * Counts spans started and ended (sampled or not) for `otel.sdk.span.started` / `.live`: two
 * integer increments per span, only when self-metrics are on.
 */
export class SpanCounter implements SpanProcessor {
  started = 0;
  startedSampled = 0;
  ended = 0;
  endedSampled = 0;

  onStart(span: Span, _parentContext: Context): void {
    this.started++;
    if (span.spanContext().traceFlags & TraceFlags.SAMPLED) this.startedSampled++;
  }

  onEnd(span: ReadableSpan): void {
    this.ended++;
    if (span.spanContext().traceFlags & TraceFlags.SAMPLED) this.endedSampled++;
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

const PROCESSOR_TYPE = 'batching_span_processor';

/** `otel.component.type` of an exporter, as the semantic conventions name the OTLP ones. */
function exporterType(exporter: ManagedExporter): string {
  const text = exporter.toString();
  if (/grpc/i.test(text)) return 'otlp_grpc_span_exporter';
  if (/http\/json/i.test(text)) return 'otlp_http_json_span_exporter';
  if (/OtlpHttp/i.test(text)) return 'otlp_http_span_exporter';
  if (/zipkin/i.test(text)) return 'zipkin_http_span_exporter';
  return exporter.name;
}

/**
 * Publishes the pipeline's numbers as OpenTelemetry metrics, named as the semantic conventions for
 * SDK self-observability name them (`otel.sdk.*`), plus the spool's (`tracewright.spool.*`).
 * Everything but the attempt-duration histogram is observable and read from the same counters as
 * `getStats()` at collection time: no cost per span. The histogram gets one record per export
 * attempt. Returns a function that unregisters it all.
 */
export function registerSelfMetrics(provider: MeterProvider, targets: readonly SelfMetricsTarget[], spans: SpanCounter): () => void {
  const meter = provider.getMeter('tracewright', VERSION);
  const started = meter.createObservableCounter('otel.sdk.span.started', { unit: '{span}', description: 'The number of created spans.' });
  const live = meter.createObservableUpDownCounter('otel.sdk.span.live', { unit: '{span}', description: 'The number of created spans which have not ended yet.' });
  const processed = meter.createObservableCounter('otel.sdk.processor.span.processed', { unit: '{span}', description: 'The number of spans processed by the span processor: passed on to the exporter, or dropped (error.type).' });
  const queueSize = meter.createObservableUpDownCounter('otel.sdk.processor.span.queue.size', { unit: '{span}', description: 'The number of spans in the queue of a span processor.' });
  const queueCapacity = meter.createObservableUpDownCounter('otel.sdk.processor.span.queue.capacity', { unit: '{span}', description: 'The maximum number of spans the queue of a span processor can hold.' });
  const exported = meter.createObservableCounter('otel.sdk.exporter.span.exported', { unit: '{span}', description: 'The number of spans for which the export has finished, either successful or failed (error.type).' });
  const inflight = meter.createObservableUpDownCounter('otel.sdk.exporter.span.inflight', { unit: '{span}', description: 'The number of spans which were passed to the exporter, but that have not been exported yet.' });
  const spooled = meter.createObservableUpDownCounter('tracewright.spool.spans', { unit: '{span}', description: 'Spans on disk in the spool, waiting for replay.' });
  const spoolBytes = meter.createObservableUpDownCounter('tracewright.spool.size', { unit: 'By', description: 'Bytes of the spool segment files.' });
  const replayed = meter.createObservableCounter('tracewright.spool.replayed', { unit: '{span}', description: 'Spans delivered from the spool.' });
  const spoolDropped = meter.createObservableCounter('tracewright.spool.dropped', { unit: '{span}', description: 'Spans the spool lost (full, failed write, damaged frames).' });
  const corrupt = meter.createObservableCounter('tracewright.spool.corrupt_frames', { unit: '{frame}', description: 'Damaged or torn stretches skipped while reading the spool.' });
  const recovered = meter.createObservableCounter('tracewright.spool.recovered', { unit: '{span}', description: 'Spans found in the spool at start-up, left by an earlier process.' });
  const duration = meter.createHistogram('otel.sdk.exporter.operation.duration', { unit: 's', description: 'The duration of exporting a batch of telemetry records.' });

  const named = targets.map((t, i) => ({
    ...t,
    processorAttrs: { 'otel.component.type': PROCESSOR_TYPE, 'otel.component.name': `${PROCESSOR_TYPE}/${i}` } as Attributes,
    exporterAttrs: { 'otel.component.type': exporterType(t.exporter), 'otel.component.name': `${exporterType(t.exporter)}/${i}` } as Attributes,
  }));
  const observables: Observable[] = [started, live, processed, queueSize, queueCapacity, exported, inflight, spooled, spoolBytes, replayed, spoolDropped, corrupt, recovered];
  const callback = (result: BatchObservableResult): void => {
    result.observe(started, spans.startedSampled, { 'otel.span.sampling_result': 'RECORD_AND_SAMPLE' });
    result.observe(started, spans.started - spans.startedSampled, { 'otel.span.sampling_result': 'DROP' });
    result.observe(live, spans.startedSampled - spans.endedSampled, { 'otel.span.sampling_result': 'RECORD_AND_SAMPLE' });
    for (const t of named) {
      const s = t.exporter.getStats();
      const p = t.processorAttrs;
      const e = t.exporterAttrs;
      // Passed on = left the queue for the exporter or the spool; see docs/export-pipeline.md.
      const passedOn = s.exportedSpans + s.failedSpans + s.inFlightSpans + s.spooledSpans + s.spoolDroppedSpans - s.recoveredSpans;
      result.observe(processed, Math.max(0, passedOn), p);
      result.observe(processed, s.droppedSpans - s.spoolDroppedSpans, { ...p, 'error.type': 'queue_full' });
      result.observe(queueSize, s.queueSize, p);
      result.observe(queueCapacity, t.queueCapacity, p);
      result.observe(exported, s.exportedSpans, e);
      result.observe(exported, s.failedSpans, { ...e, 'error.type': 'export_failed' });
      result.observe(inflight, s.inFlightSpans, e);
      result.observe(spooled, s.spooledSpans, e);
      result.observe(spoolBytes, s.spoolBytes, e);
      result.observe(replayed, s.replayedSpans, e);
      result.observe(spoolDropped, s.spoolDroppedSpans, e);
      result.observe(corrupt, s.corruptFrames, e);
      result.observe(recovered, s.recoveredSpans, e);
    }
  };
  meter.addBatchObservableCallback(callback, observables);
  const removers = named.map((t) =>
    t.exporter.onAttempt((ms, _spans, error) => {
      duration.record(ms / 1000, error === undefined ? t.exporterAttrs : { ...t.exporterAttrs, 'error.type': errorType(error) });
    }),
  );
  logger.debug(`self-metrics registered for ${targets.length} exporter(s)`);
  return () => {
    meter.removeBatchObservableCallback(callback, observables);
    for (const remove of removers) remove();
  };
}

/** `error.type`: the gRPC status or HTTP status code when there is one, else the error's name. */
function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number' || (typeof code === 'string' && code !== '')) return String(code);
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  return classifyExportError(error).retryable ? 'transient' : '_OTHER';
}
