import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { traceAIEmbedding } from '../../src/genai/embedding';
import { traceMLOperation } from '../../src/genai/ml-operation';
import { traceSemanticCache } from '../../src/genai/semantic-cache';
import { geminiEmbedding, openaiEmbeddings } from './ai-fixtures';
import { createTestTracing, expectTrace, useContextManager } from '../support/helper-tracing';

describe('traceAIEmbedding', () => {
  useContextManager();

  it('OpenAI embeddings: CLIENT span with operation, model, tokens and dimensions', async () => {
    const t = createTestTracing();
    const res = await traceAIEmbedding('openai', 'text-embedding-3-small', async () => openaiEmbeddings, {
      tracer: t.tracer,
      inputCount: 2,
      userId: 'u-1',
    });
    expect(res).toBe(openaiEmbeddings);
    const span = t.byName('embeddings text-embedding-3-small');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'text-embedding-3-small',
      'gen_ai.embeddings.input_count': 2,
      'user.id': 'u-1',
      'gen_ai.response.model': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 8,
      'gen_ai.embeddings.dimension.count': 4,
    });
  });

  it('Gemini embeddings and errors', async () => {
    const t = createTestTracing();
    await traceAIEmbedding('gemini', 'gemini-embedding-001', async () => geminiEmbedding, { tracer: t.tracer });
    expect(t.byName('embeddings gemini-embedding-001').attributes['gen_ai.embeddings.dimension.count']).toBe(6);
    await expect(
      traceAIEmbedding('openai', 'text-embedding-3-large', async () => {
        throw new TypeError('input must be a string');
      }, { tracer: t.tracer }),
    ).rejects.toThrow('input must be a string');
    expect(t.byName('embeddings text-embedding-3-large').status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('traceSemanticCache', () => {
  useContextManager();

  it('lookup hit and miss, store, with similarity, in a RAG-shaped tree', async () => {
    const t = createTestTracing();
    const cache = new Map<string, { answer: string; similarity: number }>();
    await t.tracer.startActiveSpan('answer question', async (root) => {
      const miss = await traceSemanticCache('lookup', 'q:capital-fr', async () => cache.get('q:capital-fr'), { tracer: t.tracer });
      expect(miss).toBeUndefined();
      traceSemanticCache('store', 'q:capital-fr', () => cache.set('q:capital-fr', { answer: 'Paris', similarity: 0.97 }), {
        tracer: t.tracer,
      });
      const hit = await traceSemanticCache('lookup', 'q:capital-fr', async () => cache.get('q:capital-fr'), {
        tracer: t.tracer,
        getSimilarity: (r) => r?.similarity,
      });
      expect(hit?.answer).toBe('Paris');
      root.end();
    });
    expectTrace(t.spans(), {
      name: 'answer question',
      spans: [
        { name: 'semantic_cache.lookup', attributes: { 'cache.operation': 'lookup', 'cache.key': 'q:capital-fr', 'cache.hit': false } },
        { name: 'semantic_cache.store', attributes: { 'cache.operation': 'store' } },
        { name: 'semantic_cache.lookup', attributes: { 'cache.hit': true, 'cache.similarity': 0.97 } },
      ],
    });
    const store = t.byName('semantic_cache.store');
    expect(store.attributes['cache.hit']).toBeUndefined();
  });

  it('custom isHit, recordKey: false, and bad operation', () => {
    const t = createTestTracing();
    traceSemanticCache('lookup', 'secret prompt', () => ({ entries: [] as string[] }), {
      tracer: t.tracer,
      isHit: (r) => r.entries.length > 0,
      recordKey: false,
    });
    const span = t.byName('semantic_cache.lookup');
    expect(span.attributes['cache.hit']).toBe(false);
    expect(span.attributes['cache.key']).toBeUndefined();
    expect(() => traceSemanticCache('delete' as 'store', 'k', () => 1)).toThrow(/lookup/);
  });
});

describe('traceMLOperation', () => {
  useContextManager();

  it('span "{operation} {model}" with attributes, sync and async, errors recorded', async () => {
    const t = createTestTracing();
    const label = traceMLOperation('classify', 'distilbert-sst2', () => 'POSITIVE', { 'ml.input.length': 42 }, { tracer: t.tracer });
    expect(label).toBe('POSITIVE');
    await expect(
      traceMLOperation('rerank', 'bge-reranker', async () => {
        throw new Error('model not loaded');
      }, {}, { tracer: t.tracer, kind: SpanKind.CLIENT }),
    ).rejects.toThrow('model not loaded');
    const classify = t.byName('classify distilbert-sst2');
    expect(classify.kind).toBe(SpanKind.INTERNAL);
    expect(classify.attributes).toEqual({
      'gen_ai.operation.name': 'classify',
      'gen_ai.request.model': 'distilbert-sst2',
      'ml.input.length': 42,
    });
    const rerank = t.byName('rerank bge-reranker');
    expect(rerank.kind).toBe(SpanKind.CLIENT);
    expect(rerank.status.code).toBe(SpanStatusCode.ERROR);
  });
});
