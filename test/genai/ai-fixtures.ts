/**
 * Response objects shaped exactly like each provider SDK's output (openai 4.x/5.x
 * `ChatCompletion` / `ChatCompletionChunk` / `CreateEmbeddingResponse`, @anthropic-ai/sdk
 * `Message` and its `MessageStreamEvent`s, @google/genai `GenerateContentResponse`). No LLM runs
 * here, so these stand in for the wire.
 */
export const openaiCompletion = {
  id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
  object: 'chat.completion',
  created: 1741569952,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Paris is the capital of France.', refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    },
    {
      index: 1,
      message: { role: 'assistant', content: 'The capital of France is Paris.', refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'length',
    },
  ],
  usage: {
    prompt_tokens: 19,
    completion_tokens: 14,
    total_tokens: 33,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_fc9f1d7035',
};

const chunkBase = {
  id: 'chatcmpl-BdX5uNZUh1qQpYXvW6WrRXfK4NZrz',
  object: 'chat.completion.chunk',
  created: 1748899034,
  model: 'gpt-4o-mini-2024-07-18',
  service_tier: 'default',
  system_fingerprint: 'fp_34a54ae93c',
};

/** `stream: true, stream_options: { include_usage: true }`: usage arrives on a last, choice-less chunk. */
export const openaiChunks = [
  { ...chunkBase, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], usage: null },
  { ...chunkBase, choices: [{ index: 0, delta: { content: 'Hello' }, logprobs: null, finish_reason: null }], usage: null },
  { ...chunkBase, choices: [{ index: 0, delta: { content: ' there!' }, logprobs: null, finish_reason: null }], usage: null },
  { ...chunkBase, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], usage: null },
  {
    ...chunkBase,
    choices: [],
    usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14, prompt_tokens_details: { cached_tokens: 0 } },
  },
];

export const anthropicMessage = {
  id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [{ type: 'text', text: 'Bonjour ! Comment puis-je vous aider ?' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 30, output_tokens: 11, service_tier: 'standard' },
};

export const anthropicEvents = [
  {
    type: 'message_start',
    message: {
      id: 'msg_014p7gG3wDgGV9EUtLvnow3U',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5-20251001',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 472, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 2 },
    },
  },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'ping' },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Here is' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' a haiku.' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: 89 } },
  { type: 'message_stop' },
];

export const geminiResponse = {
  candidates: [
    {
      content: { parts: [{ text: 'A neural network learns weights from data.' }], role: 'model' },
      finishReason: 'STOP',
      avgLogprobs: -0.1234,
      index: 0,
    },
  ],
  usageMetadata: {
    promptTokenCount: 8,
    candidatesTokenCount: 9,
    totalTokenCount: 17,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 8 }],
    candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 9 }],
  },
  modelVersion: 'gemini-2.0-flash-001',
  responseId: 'q6f4aOvNJY2vnvgPmPmh4Ak',
};

export const geminiChunks = [
  {
    candidates: [{ content: { parts: [{ text: 'Once' }], role: 'model' }, index: 0 }],
    usageMetadata: { promptTokenCount: 6, totalTokenCount: 6 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'W7j4aK-dA4mknvgP4oC82Qg',
  },
  {
    candidates: [{ content: { parts: [{ text: ' upon a time' }], role: 'model' }, index: 0 }],
    usageMetadata: { promptTokenCount: 6, candidatesTokenCount: 3, totalTokenCount: 9 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'W7j4aK-dA4mknvgP4oC82Qg',
  },
  {
    candidates: [{ content: { parts: [{ text: '.' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 6, candidatesTokenCount: 5, totalTokenCount: 11 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'W7j4aK-dA4mknvgP4oC82Qg',
  },
];

export const openaiEmbeddings = {
  object: 'list',
  data: [
    { object: 'embedding', index: 0, embedding: [0.0023064255, -0.009327292, 0.015797347, -0.0077780345] },
    { object: 'embedding', index: 1, embedding: [0.0012, 0.0045, -0.0031, 0.0099] },
  ],
  model: 'text-embedding-3-small',
  usage: { prompt_tokens: 8, total_tokens: 8 },
};

export const geminiEmbedding = { embeddings: [{ values: [0.01, -0.02, 0.03, 0.04, 0.05, 0.06] }] };

/** Like openai's `Stream<T>` class: async iterable, plus other members that must keep working. */
export class FakeSdkStream<T> implements AsyncIterable<T> {
  readonly controller = new AbortController();
  #chunks: T[];
  #failAfter: number | undefined;
  constructor(chunks: T[], failAfter?: number) {
    this.#chunks = chunks;
    this.#failAfter = failAfter;
  }
  chunkCount(): number {
    return this.#chunks.length;
  }
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let i = 0;
    for (const chunk of this.#chunks) {
      if (this.#failAfter !== undefined && i === this.#failAfter) throw new Error('Connection error: stream reset');
      await new Promise((r) => setTimeout(r, 1));
      i++;
      yield chunk;
    }
  }
}

export async function* generate<T>(chunks: T[]): AsyncGenerator<T> {
  for (const chunk of chunks) {
    await new Promise((r) => setTimeout(r, 1));
    yield chunk;
  }
}
