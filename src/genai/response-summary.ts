/**
 * Reads the GenAI response attributes out of provider SDK objects by their shape, so one code
 * path serves whole responses and streamed chunks of OpenAI (Chat Completions and Responses),
 * Anthropic (Messages and its stream events) and Gemini (GenerateContentResponse):
 *
 * | field          | OpenAI                          | Anthropic                          | Gemini                                  |
 * |----------------|---------------------------------|------------------------------------|-----------------------------------------|
 * | input tokens   | usage.prompt_tokens / input_tokens | usage.input_tokens (+cache_*)    | usageMetadata.promptTokenCount          |
 * | output tokens  | usage.completion_tokens / output_tokens | usage.output_tokens         | usageMetadata.candidatesTokenCount      |
 * | finish reasons | choices[].finish_reason         | stop_reason / delta.stop_reason    | candidates[].finishReason               |
 * | id, model      | id, model                       | id, model (message_start.message)  | responseId, modelVersion                |
 *
 * Token counts take the latest value seen: streams report them cumulatively (Anthropic's
 * message_delta, Gemini's chunks) or once at the end (OpenAI with include_usage).
 */
export interface ResponseSummary {
  id?: string;
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  finishReasons: Map<number, string>;
  texts: Map<number, string>;
}

type Obj = Record<string, unknown>;

export function createSummary(): ResponseSummary {
  return { finishReasons: new Map(), texts: new Map() };
}

/** Merges one response or one streamed chunk into the summary. Unknown shapes are ignored. */
export function absorbResponse(summary: ResponseSummary, payload: unknown): void {
  if (!isObj(payload)) return;
  // Wrapped payloads: Anthropic message_start, OpenAI Responses API `response.completed`.
  if (isObj(payload.message) && payload.type === 'message_start') return absorbResponse(summary, payload.message);
  if (isObj(payload.response) && typeof payload.type === 'string' && payload.type.startsWith('response.')) {
    return absorbResponse(summary, payload.response);
  }
  setString(summary, 'id', payload.id ?? payload.responseId);
  setString(summary, 'model', payload.model ?? payload.modelVersion);
  absorbUsage(summary, payload.usage, payload.usageMetadata);

  if (Array.isArray(payload.choices)) {
    payload.choices.forEach((choice, position) => {
      if (!isObj(choice)) return;
      const index = typeof choice.index === 'number' ? choice.index : position;
      if (typeof choice.finish_reason === 'string') summary.finishReasons.set(index, choice.finish_reason);
      const message = isObj(choice.message) ? choice.message : isObj(choice.delta) ? choice.delta : undefined;
      if (message && typeof message.content === 'string') appendText(summary, index, message.content);
      else if (typeof choice.text === 'string') appendText(summary, index, choice.text);
    });
  }
  if (Array.isArray(payload.candidates)) {
    payload.candidates.forEach((candidate, position) => {
      if (!isObj(candidate)) return;
      const index = typeof candidate.index === 'number' ? candidate.index : position;
      if (typeof candidate.finishReason === 'string') summary.finishReasons.set(index, candidate.finishReason);
      const parts = isObj(candidate.content) && Array.isArray(candidate.content.parts) ? candidate.content.parts : [];
      for (const part of parts) if (isObj(part) && typeof part.text === 'string' && part.thought !== true) appendText(summary, index, part.text);
    });
  }
  // Anthropic: whole message, content_block_delta, message_delta.
  if (typeof payload.stop_reason === 'string') summary.finishReasons.set(0, payload.stop_reason);
  if (payload.type === 'message' && Array.isArray(payload.content)) {
    for (const block of payload.content) if (isObj(block) && block.type === 'text' && typeof block.text === 'string') appendText(summary, 0, block.text);
  }
  if (isObj(payload.delta)) {
    if (typeof payload.delta.stop_reason === 'string') summary.finishReasons.set(0, payload.delta.stop_reason);
    if (payload.delta.type === 'text_delta' && typeof payload.delta.text === 'string') appendText(summary, 0, payload.delta.text);
  }
  if (payload.type === 'response.output_text.delta' && typeof payload.delta === 'string') appendText(summary, 0, payload.delta);
  // OpenAI Responses API: whole response.
  if (payload.object === 'response') {
    if (typeof payload.status === 'string') summary.finishReasons.set(0, payload.status);
    if (Array.isArray(payload.output) && !summary.texts.has(0)) {
      for (const item of payload.output) {
        if (!isObj(item) || !Array.isArray(item.content)) continue;
        for (const c of item.content) if (isObj(c) && typeof c.text === 'string') appendText(summary, 0, c.text);
      }
    }
  }
}

function absorbUsage(summary: ResponseSummary, usage: unknown, usageMetadata: unknown): void {
  if (isObj(usage)) {
    const cacheRead = num(usage.cache_read_input_tokens);
    const cacheWrite = num(usage.cache_creation_input_tokens);
    const input = num(usage.prompt_tokens) ?? num(usage.input_tokens);
    // Anthropic counts cached prompt tokens separately; the convention wants them included.
    if (input !== undefined) summary.inputTokens = input + (cacheRead ?? 0) + (cacheWrite ?? 0);
    if (cacheRead !== undefined) summary.cacheReadInputTokens = cacheRead;
    const output = num(usage.completion_tokens) ?? num(usage.output_tokens);
    if (output !== undefined) summary.outputTokens = output;
  }
  if (isObj(usageMetadata)) {
    const input = num(usageMetadata.promptTokenCount);
    if (input !== undefined) summary.inputTokens = input;
    const output = num(usageMetadata.candidatesTokenCount);
    if (output !== undefined) summary.outputTokens = output;
    const cached = num(usageMetadata.cachedContentTokenCount);
    if (cached !== undefined) summary.cacheReadInputTokens = cached;
  }
}

/** Finish reasons in choice order, as `gen_ai.response.finish_reasons` wants them. */
export function finishReasonList(summary: ResponseSummary): string[] {
  return [...summary.finishReasons.entries()].sort((a, b) => a[0] - b[0]).map(([, reason]) => reason);
}

/** The completion in the convention's `gen_ai.output.messages` form. */
export function outputMessages(summary: ResponseSummary): unknown[] {
  return [...summary.texts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, content]) => ({
      role: 'assistant',
      parts: [{ type: 'text', content }],
      ...(summary.finishReasons.has(index) ? { finish_reason: summary.finishReasons.get(index) } : {}),
    }));
}

function appendText(summary: ResponseSummary, index: number, text: string): void {
  summary.texts.set(index, (summary.texts.get(index) ?? '') + text);
}

function setString(summary: ResponseSummary, key: 'id' | 'model', value: unknown): void {
  if (typeof value === 'string' && value !== '') summary[key] = value;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null;
}
