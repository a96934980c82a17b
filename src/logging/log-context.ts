import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { getCorrelationId } from '../propagation/correlation';
import { inheritedRandomFlag } from '../propagation/trace-context-propagator';

/** Fields to merge into every log line, named as the OpenTelemetry log data model does. */
export interface LogContext {
  /** 32 lowercase hex digits. */
  trace_id?: string;
  /** 16 lowercase hex digits. */
  span_id?: string;
  /** Two hex digits, e.g. `01` (sampled) or `03` (sampled, random trace id). */
  trace_flags?: string;
  correlation_id?: string;
}

/**
 * The active span's ids and the correlation id, for log correlation. Fields are absent (not
 * empty) when there is no valid active span or correlation id. Cheap: no allocation beyond the
 * returned object.
 */
export function getLogContext(): LogContext {
  const ctx = context.active();
  const out: LogContext = {};
  const spanContext = trace.getSpanContext(ctx);
  if (spanContext && isSpanContextValid(spanContext)) {
    out.trace_id = spanContext.traceId;
    out.span_id = spanContext.spanId;
    const flags = (spanContext.traceFlags | inheritedRandomFlag(ctx, spanContext)) & 0xff;
    out.trace_flags = flags.toString(16).padStart(2, '0');
  }
  const correlationId = getCorrelationId(ctx);
  if (correlationId !== undefined) out.correlation_id = correlationId;
  return out;
}

/**
 * A pino `mixin`: `pino({ mixin: pinoLogMixin })` adds the log context to every line.
 */
export function pinoLogMixin(): LogContext {
  return getLogContext();
}

/** The shape of a winston (logform) format, without depending on winston. */
export interface LogFormat {
  transform<T extends object>(info: T): T;
}

/**
 * A winston format that adds the log context to every entry:
 * `winston.format.combine(winstonLogFormat(), winston.format.json())`.
 * Fields already set on the entry win, so an explicit `trace_id` is never overwritten.
 */
export function winstonLogFormat(): LogFormat {
  return {
    transform<T extends object>(info: T): T {
      const target = info as Record<string, unknown>;
      const fields = getLogContext() as Record<string, unknown>;
      for (const key of Object.keys(fields)) if (target[key] === undefined) target[key] = fields[key];
      return info;
    },
  };
}
