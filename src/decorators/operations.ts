import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import { ATTR_OPERATION_KIND, ATTR_OPERATION_NAME } from '../semconv/attributes';
import { resolveTracer, runInSpan, type TracerSource } from '../tracer/run-in-span';
import { requireName } from '../internal/require-name';

/** Options of `traceOperation`. */
export interface TraceOperationOptions extends TracerSource {
  /** Span kind. Default: `SpanKind.INTERNAL`. No env variable. */
  spanKind?: SpanKind;
}

/**
 * The design documents' domain helpers in one: `traceUserOperation('login', …)`,
 * `traceFileOperation('upload', …)` and friends become
 * `traceOperation('user', 'login', { [ATTR_USER_ID]: id }, fn)`. The span is named
 * `{kind}.{name}` (e.g. `user.login`) and carries `operation.kind`, `operation.name` and your
 * attributes; sync or async `fn`, result returned unchanged, errors recorded and rethrown.
 */
export function traceOperation<R>(
  kind: string,
  name: string,
  attributes: Attributes | undefined,
  fn: (span: Span) => R,
  options: TraceOperationOptions = {},
): R {
  requireName('traceOperation(kind)', kind);
  requireName('traceOperation(name)', name);
  return runInSpan(
    resolveTracer(options),
    `${kind}.${name}`,
    {
      kind: options.spanKind ?? SpanKind.INTERNAL,
      attributes: { [ATTR_OPERATION_KIND]: kind, [ATTR_OPERATION_NAME]: name, ...attributes },
    },
    fn,
  );
}
