import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import { TracingConfigError } from '../errors';
import { ATTR_CACHE_HIT, ATTR_CACHE_KEY, ATTR_CACHE_OPERATION, ATTR_CACHE_SIMILARITY } from '../semconv/attributes';
import { resolveTracer, runInSpan, type TracerSource } from '../tracer/run-in-span';

/** Options of `traceSemanticCache`. */
export interface SemanticCacheOptions<R> extends TracerSource {
  /** Decides whether a lookup result is a hit. Default: the result is neither `null` nor `undefined`. */
  isHit?: (result: R) => boolean;
  /** Reads a similarity score from a lookup result, as `cache.similarity`. Default: not recorded. */
  getSimilarity?: (result: R) => number | undefined;
  /**
   * Record the key as `cache.key`. Keys of a semantic cache are often the prompt itself, so pass a
   * hash or turn this off when prompts hold personal data. Default: `true`.
   */
  recordKey?: boolean;
  /** Extra attributes on the span. Default: none. */
  attributes?: Attributes;
}

/**
 * Runs a semantic-cache lookup or store in an INTERNAL span `semantic_cache.{operation}` with
 * `cache.operation`, `cache.key` and, for lookups, `cache.hit` (and `cache.similarity` when a
 * reader is given). Sync or async `fn`; returns its result unchanged.
 */
export function traceSemanticCache<R>(
  operation: 'lookup' | 'store',
  key: string,
  fn: (span: Span) => R,
  options: SemanticCacheOptions<Awaited<R>> = {},
): R {
  if (operation !== 'lookup' && operation !== 'store') {
    throw new TracingConfigError('traceSemanticCache(operation)', operation, '"lookup" or "store"');
  }
  const attributes: Attributes = { [ATTR_CACHE_OPERATION]: operation, ...options.attributes };
  if (options.recordKey !== false) attributes[ATTR_CACHE_KEY] = key;
  const isHit = options.isHit ?? ((result: Awaited<R>) => result !== null && result !== undefined);
  return runInSpan(resolveTracer(options), `semantic_cache.${operation}`, { kind: SpanKind.INTERNAL, attributes }, fn, {
    onResult: (span, result) => {
      if (operation !== 'lookup') return;
      const hit = isHit(result);
      span.setAttribute(ATTR_CACHE_HIT, hit);
      const similarity = hit ? options.getSimilarity?.(result) : undefined;
      if (typeof similarity === 'number') span.setAttribute(ATTR_CACHE_SIMILARITY, similarity);
    },
  });
}
