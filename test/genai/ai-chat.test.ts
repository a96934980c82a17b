import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { traceAIChatCompletion } from '../../src/genai/chat-completion';
import {
  anthropicEvents,
  anthropicMessage,
  FakeSdkStream,
  generate,
  geminiChunks,
  geminiResponse,
  openaiChunks,
  openaiCompletion,
} from './ai-fixtures';
import { createTestTracing, expectTrace, useContextManager } from '../support/helper-tracing';

const messages = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Capital of France?' },
];

describe('traceAIChatCompletion: whole responses', () => {
  useContextManager();

  it('OpenAI: CLIENT span "chat {model}" with request and response GenAI attributes, no content by default', async () => {
    const t = createTestTracing();
    const res = await traceAIChatCompletion('openai', 'gpt-4o', async () => openaiCompletion, {
      tracer: t.tracer,
      messages,
      maxTokens: 200,
      temperature: 0.2,
      topP: 0.9,
      userId: 'u-42',
      organizationId: 'org-7',
    });
    expect(res).toBe(openaiCompletion);
    const span = t.byName('chat gpt-4o');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.max_tokens': 200,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'user.id': 'u-42',
      'organization.id': 'org-7',
      'gen_ai.response.id': 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.response.finish_reasons': ['stop', 'length'],
      'gen_ai.usage.input_tokens': 19,
      'gen_ai.usage.output_tokens': 14,
    });
  });

  it('Anthropic: stop_reason, input/output tokens (cache reads included), content only when opted in', async () => {
    const t = createTestTracing();
    await traceAIChatCompletion('anthropic', 'claude-sonnet-4-5', () => Promise.resolve(anthropicMessage), {
      tracer: t.tracer,
      messages,
      captureContent: true,
    });
    const span = t.byName('chat claude-sonnet-4-5');
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.response.id': 'msg_01XFDUDYJgAACzvnptvVoYEL',
      'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 42,
      'gen_ai.usage.cache_read.input_tokens': 30,
      'gen_ai.usage.output_tokens': 11,
    });
    expect(JSON.parse(span.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are terse.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Capital of France?' }] },
    ]);
    expect(JSON.parse(span.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Bonjour ! Comment puis-je vous aider ?' }], finish_reason: 'end_turn' },
    ]);
  });

  it('Gemini: usageMetadata and candidates[].finishReason; "gemini" maps to gcp.gemini', async () => {
    const t = createTestTracing();
    await traceAIChatCompletion('gemini', 'gemini-2.0-flash', async () => geminiResponse, { tracer: t.tracer });
    const span = t.byName('chat gemini-2.0-flash');
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.response.id': 'q6f4aOvNJY2vnvgPmPmh4Ak',
      'gen_ai.response.model': 'gemini-2.0-flash-001',
      'gen_ai.response.finish_reasons': ['STOP'],
      'gen_ai.usage.input_tokens': 8,
      'gen_ai.usage.output_tokens': 9,
    });
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(span.attributes['gen_ai.output.messages']).toBeUndefined();
  });

  it('records a provider error, rethrows it, and nests the call under the active span', async () => {
    const t = createTestTracing();
    class RateLimitError extends Error {
      override name = 'RateLimitError';
      status = 429;
    }
    const err = new RateLimitError('429 Rate limit reached for gpt-4o');
    await t.tracer.startActiveSpan('POST /ask', async (parent) => {
      await expect(
        traceAIChatCompletion('openai', 'gpt-4o', async () => {
          t.tracer.startSpan('POST https://api.openai.com/v1/chat/completions').end();
          throw err;
        }, { tracer: t.tracer }),
      ).rejects.toBe(err);
      parent.end();
    });
    expectTrace(t.spans(), {
      name: 'POST /ask',
      spans: [
        {
          name: 'chat gpt-4o',
          status: SpanStatusCode.ERROR,
          attributes: { 'error.type': 'RateLimitError' },
          spans: [{ name: 'POST https://api.openai.com/v1/chat/completions' }],
        },
      ],
    });
  });

  it('validates provider and model', async () => {
    await expect(traceAIChatCompletion('', 'm', async () => 1)).rejects.toThrow(/provider/);
    await expect(traceAIChatCompletion('openai', '  ', async () => 1)).rejects.toThrow(/model/);
  });
});

describe('traceAIChatCompletion: streams', () => {
  useContextManager();

  it('OpenAI stream: span lasts to the last chunk, time to first chunk, usage from the final chunk', async () => {
    const t = createTestTracing();
    const stream = await traceAIChatCompletion('openai', 'gpt-4o-mini', async () => new FakeSdkStream(openaiChunks), {
      tracer: t.tracer,
      captureContent: true,
    });
    expect(stream).toBeInstanceOf(FakeSdkStream);
    expect(stream.chunkCount()).toBe(5); // other members still work through the proxy
    expect(stream.controller).toBeInstanceOf(AbortController);
    expect(t.spans()).toHaveLength(0);
    const seen: unknown[] = [];
    for await (const chunk of stream) {
      seen.push(chunk);
      expect(t.spans()).toHaveLength(0);
    }
    expect(seen).toEqual(openaiChunks);
    const span = t.byName('chat gpt-4o-mini');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'chatcmpl-BdX5uNZUh1qQpYXvW6WrRXfK4NZrz',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 11,
      'gen_ai.usage.output_tokens': 3,
    });
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    expect(typeof ttfc).toBe('number');
    expect(span.events.map((e) => e.name)).toEqual(['gen_ai.first_chunk']);
    expect(JSON.parse(span.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello there!' }], finish_reason: 'stop' },
    ]);
  });

  it('Anthropic event stream (async generator): message_start id/model, cumulative output tokens, stop_reason', async () => {
    const t = createTestTracing();
    const stream = await traceAIChatCompletion('anthropic', 'claude-haiku-4-5', () => generate(anthropicEvents), {
      tracer: t.tracer,
      captureContent: true,
    });
    const types: string[] = [];
    for await (const event of stream) types.push((event as { type: string }).type);
    expect(types).toHaveLength(anthropicEvents.length);
    const span = t.byName('chat claude-haiku-4-5');
    expect(span.attributes).toMatchObject({
      'gen_ai.response.id': 'msg_014p7gG3wDgGV9EUtLvnow3U',
      'gen_ai.response.model': 'claude-haiku-4-5-20251001',
      'gen_ai.response.finish_reasons': ['max_tokens'],
      'gen_ai.usage.input_tokens': 472,
      'gen_ai.usage.output_tokens': 89,
    });
    expect(JSON.parse(span.attributes['gen_ai.output.messages'] as string)[0].parts[0].content).toBe('Here is a haiku.');
  });

  it('Gemini stream read with next() directly', async () => {
    const t = createTestTracing();
    const stream = await traceAIChatCompletion('google', 'gemini-2.5-flash', () => generate(geminiChunks), { tracer: t.tracer });
    let n = 0;
    while (!(await stream.next()).done) n++;
    expect(n).toBe(3);
    expect(t.byName('chat gemini-2.5-flash').attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.response.id': 'W7j4aK-dA4mknvgP4oC82Qg',
      'gen_ai.response.finish_reasons': ['STOP'],
      'gen_ai.usage.input_tokens': 6,
      'gen_ai.usage.output_tokens': 5,
    });
  });

  it('a stream that fails midway ends the span with ERROR and the consumer gets the error', async () => {
    const t = createTestTracing();
    const stream = await traceAIChatCompletion('openai', 'gpt-4o-mini', async () => new FakeSdkStream(openaiChunks, 2), { tracer: t.tracer });
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk);
      })(),
    ).rejects.toThrow('stream reset');
    expect(seen).toHaveLength(2);
    const span = t.byName('chat gpt-4o-mini');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['gen_ai.response.id']).toBe('chatcmpl-BdX5uNZUh1qQpYXvW6WrRXfK4NZrz');
    expect(span.events.map((e) => e.name)).toEqual(['gen_ai.first_chunk', 'exception']);
  });

  it('a consumer that stops early still ends the span once', async () => {
    const t = createTestTracing();
    const stream = await traceAIChatCompletion('openai', 'gpt-4o-mini', async () => new FakeSdkStream(openaiChunks), { tracer: t.tracer });
    for await (const chunk of stream) {
      void chunk;
      break;
    }
    expect(t.spans()).toHaveLength(1);
    const span = t.byName('chat gpt-4o-mini');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['gen_ai.response.finish_reasons']).toBeUndefined();
  });
});
