/**
 * Helpers for tests that push spans through a real exporter into a receiver and compare what
 * arrived with what was sent.
 */
import type { HrTime } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { ReceivedSpan } from './types';

export interface OtlpIds {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

/** The ids of a ReadableSpan as the receivers report them (lowercase hex, parent only when set). */
export function toOtlpIds(span: ReadableSpan): OtlpIds {
  const ids: OtlpIds = { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
  const parent = span.parentSpanContext?.spanId;
  if (parent) ids.parentSpanId = parent;
  return ids;
}

/** An HrTime as exact Unix nanoseconds (a `number` would round past 2^53). */
export function hrTimeToBigInt(time: HrTime): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}

/** Start and end of a ReadableSpan in Unix nanoseconds, as bigint. */
export function toUnixNanos(span: ReadableSpan): { start: bigint; end: bigint } {
  return { start: hrTimeToBigInt(span.startTime), end: hrTimeToBigInt(span.endTime) };
}

/** `exporter.export` as a promise of its ExportResult. */
export function exportSpans(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

/** The received span with the given name; throws listing the names that did arrive. */
export function findSpan(spans: readonly ReceivedSpan[], name: string): ReceivedSpan {
  const found = spans.find((s) => s.name === name);
  if (!found) throw new Error(`no received span named "${name}"; got: ${spans.map((s) => `"${s.name}"`).join(', ') || 'none'}`);
  return found;
}
