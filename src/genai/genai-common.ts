import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '../semconv/attributes';
import { finishReasonList, outputMessages, type ResponseSummary } from './response-summary';

const PROVIDER_ALIASES: Record<string, string> = {
  google: 'gcp.gemini',
  gemini: 'gcp.gemini',
  'google-genai': 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  'vertex-ai': 'gcp.vertex_ai',
  azure: 'azure.ai.openai',
  'azure-openai': 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  'aws-bedrock': 'aws.bedrock',
  claude: 'anthropic',
  mistral: 'mistral_ai',
  xai: 'x_ai',
};

/**
 * The `gen_ai.provider.name` value: well-known names of the convention pass through
 * (`openai`, `anthropic`, `gcp.gemini`, `aws.bedrock`, …), common spellings map onto them
 * (`gemini` and `google` → `gcp.gemini`, `azure` → `azure.ai.openai`, `bedrock` → `aws.bedrock`),
 * anything else is kept lower-cased.
 */
export function resolveProviderName(provider: string): string {
  const key = provider.trim().toLowerCase();
  return PROVIDER_ALIASES[key] ?? key;
}

/** Prompt messages in the `gen_ai.input.messages` form: `{ role, parts: [{ type: 'text', content }] }`. */
export function inputMessagesJson(messages: readonly unknown[]): string {
  return safeJson(
    messages.map((message) => {
      if (typeof message === 'string') return { role: 'user', parts: [{ type: 'text', content: message }] };
      if (typeof message !== 'object' || message === null) return message;
      const { role, content } = message as { role?: unknown; content?: unknown };
      if (typeof content === 'string') return { role: role ?? 'user', parts: [{ type: 'text', content }] };
      return message;
    }),
  );
}

/** Sets the response-side attributes (and the completion, when content capture is on). */
export function applySummary(span: Span, summary: ResponseSummary, captureContent: boolean): void {
  const attributes: Attributes = {};
  if (summary.id !== undefined) attributes[ATTR_GEN_AI_RESPONSE_ID] = summary.id;
  if (summary.model !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = summary.model;
  if (summary.inputTokens !== undefined) attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = summary.inputTokens;
  if (summary.outputTokens !== undefined) attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = summary.outputTokens;
  if (summary.cacheReadInputTokens !== undefined) attributes['gen_ai.usage.cache_read.input_tokens'] = summary.cacheReadInputTokens;
  const reasons = finishReasonList(summary);
  if (reasons.length > 0) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = reasons;
  if (captureContent && summary.texts.size > 0) attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = safeJson(outputMessages(summary));
  span.setAttributes(attributes);
}

export function setInputMessages(attributes: Attributes, messages: readonly unknown[] | undefined, captureContent: boolean): void {
  if (captureContent && messages && messages.length > 0) attributes[ATTR_GEN_AI_INPUT_MESSAGES] = inputMessagesJson(messages);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '[unserializable]';
  }
}
