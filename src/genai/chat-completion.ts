import { context, SpanKind, trace, type Attributes, type Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_ORGANIZATION_ID,
  ATTR_USER_ID,
} from '../semconv/attributes';
import { recordError, resolveTracer, type TracerSource } from '../tracer/run-in-span';
import { requireName } from '../internal/require-name';
import { applySummary, resolveProviderName, setInputMessages } from './genai-common';
import { absorbResponse, createSummary } from './response-summary';
import { isAsyncIterable, traceStream } from './trace-stream';

/** Options of `traceAIChatCompletion`. */
export interface AIChatCompletionOptions extends TracerSource {
  /** The prompt messages; recorded as `gen_ai.input.messages` only with `captureContent`. Default: none. */
  messages?: readonly unknown[];
  /** `gen_ai.request.max_tokens`. Default: not set. */
  maxTokens?: number;
  /** `gen_ai.request.temperature`. Default: not set. */
  temperature?: number;
  /** `gen_ai.request.top_p`. Default: not set. */
  topP?: number;
  /** `user.id` on the span. Default: not set. */
  userId?: string;
  /** `organization.id` on the span. Default: not set. */
  organizationId?: string;
  /**
   * Record prompt and completion text (`gen_ai.input.messages`, `gen_ai.output.messages`). They
   * often hold personal data, so this is opt-in. Default: `false`. No env variable: the app
   * decides, e.g. from its own config.
   */
  captureContent?: boolean;
  /** Extra attributes on the span. Default: none. */
  attributes?: Attributes;
}

/**
 * Runs an LLM chat call in a CLIENT span `chat {model}` carrying the GenAI semantic conventions.
 * `fn` gets the span and returns the provider SDK's response (OpenAI, Anthropic or Gemini shape:
 * id, model, finish reasons and token usage are read from it) or a stream (any async iterable:
 * the span then lasts until the last chunk, with `gen_ai.response.time_to_first_chunk`). The
 * response or stream is returned to the caller unchanged; errors are recorded and rethrown.
 *
 * @example
 * const res = await traceAIChatCompletion('openai', 'gpt-4o', () => openai.chat.completions.create({...}), { maxTokens: 200 });
 */
export async function traceAIChatCompletion<T>(
  provider: string,
  model: string,
  fn: (span: Span) => T | Promise<T>,
  options: AIChatCompletionOptions = {},
): Promise<T> {
  requireName('traceAIChatCompletion(provider)', provider);
  requireName('traceAIChatCompletion(model)', model);
  const capture = options.captureContent === true;
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
    [ATTR_GEN_AI_PROVIDER_NAME]: resolveProviderName(provider),
    [ATTR_GEN_AI_REQUEST_MODEL]: model,
    ...options.attributes,
  };
  if (options.maxTokens !== undefined) attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = options.maxTokens;
  if (options.temperature !== undefined) attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE] = options.temperature;
  if (options.topP !== undefined) attributes[ATTR_GEN_AI_REQUEST_TOP_P] = options.topP;
  if (options.userId !== undefined) attributes[ATTR_USER_ID] = options.userId;
  if (options.organizationId !== undefined) attributes[ATTR_ORGANIZATION_ID] = options.organizationId;
  setInputMessages(attributes, options.messages, capture);

  const span = resolveTracer(options).startSpan(`chat ${model}`, { kind: SpanKind.CLIENT, attributes });
  const startedAt = performance.now();
  let result: T;
  try {
    result = await context.with(trace.setSpan(context.active(), span), fn, undefined, span);
  } catch (error) {
    recordError(span, error);
    span.end();
    throw error;
  }
  const summary = createSummary();
  if (isAsyncIterable(result)) {
    span.setAttribute(ATTR_GEN_AI_REQUEST_STREAM, true);
    return traceStream(result, {
      span,
      startedAt,
      onChunk: (chunk) => absorbResponse(summary, chunk),
      onFinish: () => applySummary(span, summary, capture),
    }) as T;
  }
  try {
    absorbResponse(summary, result);
    applySummary(span, summary, capture);
  } catch {
    // A response object with throwing getters must not turn a successful call into a failure.
  } finally {
    span.end();
  }
  return result;
}
