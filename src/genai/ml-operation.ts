import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import { ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_REQUEST_MODEL } from '../semconv/attributes';
import { resolveTracer, runInSpan, type TracerSource } from '../tracer/run-in-span';
import { requireName } from '../internal/require-name';

/** Options of `traceMLOperation`. */
export interface MLOperationOptions extends TracerSource {
  /** Span kind: INTERNAL for in-process inference, CLIENT for a remote model server. Default: `SpanKind.INTERNAL`. */
  kind?: SpanKind;
}

/**
 * Runs any model operation (classification, reranking, moderation, local inference…) in a span
 * `{operation} {model}` with `gen_ai.operation.name` and `gen_ai.request.model` plus your
 * attributes. Sync or async `fn`; returns its result unchanged, records and rethrows errors.
 */
export function traceMLOperation<R>(
  operation: string,
  model: string,
  fn: (span: Span) => R,
  attributes: Attributes = {},
  options: MLOperationOptions = {},
): R {
  requireName('traceMLOperation(operation)', operation);
  requireName('traceMLOperation(model)', model);
  return runInSpan(
    resolveTracer(options),
    `${operation} ${model}`,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      attributes: { [ATTR_GEN_AI_OPERATION_NAME]: operation, [ATTR_GEN_AI_REQUEST_MODEL]: model, ...attributes },
    },
    fn,
  );
}
