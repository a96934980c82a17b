/**
 * LLM calls: chat completions (whole and streamed), embeddings, a semantic cache and a local
 * model step, traced with the GenAI semantic conventions. No network and no API key: the
 * "clients" below return objects shaped exactly like the OpenAI, Anthropic and Gemini SDKs'
 * responses, which is all the tracing reads. Swap in the real SDK call and nothing else changes.
 *
 *   npx tsx examples/llm.ts
 *
 * Prompt and completion text are recorded only because this example passes
 * `captureContent: true`; leave it off in production unless you mean to store prompts.
 */
import {
  traceAIChatCompletion,
  traceAIEmbedding,
  traceMLOperation,
  traceSemanticCache,
} from 'tracewright';
import { initializeTracing, shutdownTracing, withSpan } from 'tracewright';

// ---- stand-ins for `openai.embeddings.create`, `anthropic.messages.create`, `ai.models.generateContentStream` ----
const fakeOpenAI = {
  embeddings: {
    create: async (input: { model: string; input: string }) => ({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: Array.from({ length: 8 }, (_, i) => Math.sin(i + input.input.length)) }],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 7, total_tokens: 7 },
    }),
  },
};
const fakeAnthropic = {
  messages: {
    create: async (body: { model: string; max_tokens: number; messages: { role: string; content: string }[] }) => ({
      id: 'msg_01Example',
      type: 'message',
      role: 'assistant',
      model: `${body.model}-20251001`,
      content: [{ type: 'text', text: 'Paris.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 21, output_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    }),
  },
};
async function* fakeGeminiStream(): AsyncGenerator<object> {
  for (const [text, done] of [['Paris is', false], [' the capital.', true]] as const) {
    await new Promise((r) => setTimeout(r, 20));
    yield {
      candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0, ...(done ? { finishReason: 'STOP' } : {}) }],
      usageMetadata: { promptTokenCount: 9, candidatesTokenCount: done ? 6 : 2 },
      modelVersion: 'gemini-2.5-flash',
      responseId: 'resp-example',
    };
  }
}

const cache = new Map<string, string>();

async function ask(question: string): Promise<string> {
  return withSpan('answer question', async () => {
    const cached = await traceSemanticCache('lookup', `q:${question.length}`, async () => cache.get(question));
    if (cached) return cached;

    await traceAIEmbedding('openai', 'text-embedding-3-small', () =>
      fakeOpenAI.embeddings.create({ model: 'text-embedding-3-small', input: question }),
    );
    const topic = traceMLOperation('classify', 'distilbert-topic', () => 'geography', { 'ml.labels.count': 12 });

    const messages = [{ role: 'user', content: question }];
    const reply = await traceAIChatCompletion(
      'anthropic',
      'claude-haiku-4-5',
      () => fakeAnthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages }),
      { messages, maxTokens: 64, temperature: 0, userId: 'u-42', organizationId: 'org-7', captureContent: true, attributes: { 'app.topic': topic } },
    );
    const answer = reply.content.map((b) => b.text).join('');

    // A streamed answer: the span stays open until the last chunk and records time to first chunk.
    const stream = await traceAIChatCompletion('gemini', 'gemini-2.5-flash', () => fakeGeminiStream(), { messages, captureContent: true });
    let streamed = '';
    for await (const chunk of stream as AsyncIterable<{ candidates: { content: { parts: { text: string }[] } }[] }>) {
      streamed += chunk.candidates[0]!.content.parts[0]!.text;
    }

    traceSemanticCache('store', `q:${question.length}`, () => cache.set(question, answer));
    return `${answer} / ${streamed}`;
  });
}

async function main(): Promise<void> {
  await initializeTracing({ serviceName: 'llm-example', exporterType: 'console', batchTimeout: 100, logLevel: 'error' });
  console.log(await ask('What is the capital of France?'));
  console.log(await ask('What is the capital of France?')); // served from the cache: cache.hit=true
  const report = await shutdownTracing();
  console.log(`\nexported ${report.exportedSpans} spans`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
