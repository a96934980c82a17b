import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_USER_ID,
} from '../semconv/attributes';
import { resolveTracer, runInSpan, type TracerSource } from '../tracer/run-in-span';
import { requireName } from '../internal/require-name';
import { resolveProviderName } from './genai-common';

/** Options of `traceAIEmbedding`. */
export interface AIEmbeddingOptions extends TracerSource {
  /** Number of inputs embedded in this call, as `gen_ai.embeddings.input_count`. Default: not set. */
  inputCount?: number;
  /** `user.id` on the span. Default: not set. */
  userId?: string;
  /** Extra attributes on the span. Default: none. */
  attributes?: Attributes;
}

type Obj = Record<string, unknown>;

/**
 * Runs an embeddings call in a CLIENT span `embeddings {model}` (`gen_ai.operation.name =
 * embeddings`). From an OpenAI-shaped response (`data[].embedding`, `usage.prompt_tokens`,
 * `model`) or a Gemini one (`embedding.values` / `embeddings[].values`) it records the response
 * model, input tokens and `gen_ai.embeddings.dimension.count`.
 */
export function traceAIEmbedding<T>(
  provider: string,
  model: string,
  fn: (span: Span) => T | Promise<T>,
  options: AIEmbeddingOptions = {},
): Promise<T> {
  requireName('traceAIEmbedding(provider)', provider);
  requireName('traceAIEmbedding(model)', model);
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: 'embeddings',
    [ATTR_GEN_AI_PROVIDER_NAME]: resolveProviderName(provider),
    [ATTR_GEN_AI_REQUEST_MODEL]: model,
    ...options.attributes,
  };
  if (options.inputCount !== undefined) attributes['gen_ai.embeddings.input_count'] = options.inputCount;
  if (options.userId !== undefined) attributes[ATTR_USER_ID] = options.userId;
  return Promise.resolve(
    runInSpan(resolveTracer(options), `embeddings ${model}`, { kind: SpanKind.CLIENT, attributes }, fn, {
      onResult: (span, response) => span.setAttributes(embeddingAttributes(response)),
    }),
  );
}

function embeddingAttributes(response: unknown): Attributes {
  const out: Attributes = {};
  if (typeof response !== 'object' || response === null) return out;
  const r = response as Obj;
  if (typeof r.model === 'string') out[ATTR_GEN_AI_RESPONSE_MODEL] = r.model;
  const usage = r.usage as Obj | undefined;
  const tokens = usage?.prompt_tokens ?? usage?.input_tokens ?? usage?.total_tokens;
  if (typeof tokens === 'number') out[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = tokens;
  const first = firstVector(r);
  if (first) out[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT] = first.length;
  return out;
}

function firstVector(r: Obj): unknown[] | undefined {
  const data = r.data;
  if (Array.isArray(data) && data.length > 0) {
    const embedding = (data[0] as Obj | undefined)?.embedding;
    if (Array.isArray(embedding)) return embedding;
  }
  const single = (r.embedding as Obj | undefined)?.values;
  if (Array.isArray(single)) return single;
  const many = r.embeddings;
  if (Array.isArray(many) && many.length > 0) {
    const values = (many[0] as Obj | undefined)?.values;
    if (Array.isArray(values)) return values;
  }
  return undefined;
}
