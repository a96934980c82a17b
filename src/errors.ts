/**
 * The library's error family. Every error carries a stable `code`, and a `Symbol.for` brand so
 * that `isTracingError` works even when an app loads both the ESM and the CJS build (two copies of
 * each class).
 */
const BRAND = Symbol.for('tracewright.error');

export type TracingErrorCode =
  | 'TRACING_CONFIG_INVALID'
  | 'TRACING_ALREADY_INITIALIZED'
  | 'TRACING_INITIALIZING'
  | 'TRACING_NOT_INITIALIZED'
  | 'TRACING_EXPORTER_UNKNOWN'
  | 'TRACING_EXPORT_FAILED'
  | 'TRACING_ANALYSIS_OFF';

export class TracingError extends Error {
  readonly code: TracingErrorCode;
  readonly [BRAND] = true;

  constructor(code: TracingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TracingError';
    this.code = code;
  }
}

/** A bad option given in code: names the option, the value given and what is allowed. */
export class TracingConfigError extends TracingError {
  readonly option: string;
  readonly value: unknown;
  readonly allowed: string;

  constructor(option: string, value: unknown, allowed: string, hint?: string) {
    const shown = describeValue(value);
    super(
      'TRACING_CONFIG_INVALID',
      `Invalid tracing option "${option}": got ${shown}; allowed: ${allowed}.${hint ? ` ${hint}` : ''}`,
    );
    this.name = 'TracingConfigError';
    this.option = option;
    this.value = value;
    this.allowed = allowed;
  }
}

export function isTracingError(value: unknown): value is TracingError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

export function isTracingConfigError(value: unknown): value is TracingConfigError {
  return isTracingError(value) && value.code === 'TRACING_CONFIG_INVALID';
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  try {
    const json = JSON.stringify(value);
    return json && json.length <= 80 ? json : Object.prototype.toString.call(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
