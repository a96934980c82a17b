import type { Span } from '@opentelemetry/api';
import { ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK } from '../semconv/attributes';
import { recordError } from '../tracer/run-in-span';

/** Event added to the span when the first chunk of a streamed response arrives. */
export const FIRST_CHUNK_EVENT = 'gen_ai.first_chunk';

export interface StreamTracking {
  span: Span;
  /** `performance.now()` when the request was issued. */
  startedAt: number;
  onChunk(chunk: unknown): void;
  /** Called once, right before the span ends (normally, on error, or when the consumer stops early). */
  onFinish(outcome: 'done' | 'error' | 'cancelled'): void;
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

/**
 * Returns the stream behind a Proxy that traces iteration to the last chunk: the span ends when
 * the iterator is exhausted, throws, or is closed early (`break` in `for await`). Everything else
 * on the stream object (OpenAI's `controller`, `toReadableStream()`, Anthropic's helpers) keeps
 * working because only `Symbol.asyncIterator`, and `next`/`return`/`throw` on generator-like
 * streams, are intercepted.
 */
export function traceStream<S extends AsyncIterable<unknown>>(stream: S, tracking: StreamTracking): S {
  let ended = false;
  let firstSeen = false;
  const finish = (outcome: 'done' | 'error' | 'cancelled', error?: unknown): void => {
    if (ended) return;
    ended = true;
    if (outcome === 'error') recordError(tracking.span, error);
    try {
      tracking.onFinish(outcome);
    } catch {
      // Summarising the stream must never break the user's iteration.
    }
    tracking.span.end();
  };
  const seen = (chunk: unknown): void => {
    if (!firstSeen) {
      firstSeen = true;
      const seconds = (performance.now() - tracking.startedAt) / 1000;
      tracking.span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, seconds);
      tracking.span.addEvent(FIRST_CHUNK_EVENT, { [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: seconds });
    }
    try {
      tracking.onChunk(chunk);
    } catch {
      // Reading attributes from a chunk must never break the user's stream.
    }
  };

  const wrapIterator = (inner: AsyncIterator<unknown>): AsyncIterator<unknown> => ({
    async next(...args: [] | [unknown]) {
      let result: IteratorResult<unknown>;
      try {
        result = await inner.next(...args);
      } catch (error) {
        finish('error', error);
        throw error;
      }
      if (result.done) finish('done');
      else seen(result.value);
      return result;
    },
    async return(value?: unknown) {
      finish('cancelled');
      return inner.return ? inner.return(value) : { done: true, value };
    },
    async throw(error?: unknown) {
      finish('error', error);
      if (inner.throw) return inner.throw(error);
      throw error;
    },
  });

  let shared: AsyncIterator<unknown> | undefined;
  const sharedIterator = (target: S): AsyncIterator<unknown> =>
    (shared ??= wrapIterator(target as unknown as AsyncIterator<unknown>));

  return new Proxy(stream, {
    get(target, key) {
      if (key === Symbol.asyncIterator) {
        return () => {
          const inner = target[Symbol.asyncIterator]();
          // Async generators return themselves: share one traced iterator with direct next() calls.
          if ((inner as unknown) === target) return sharedIterator(target);
          const wrapped = wrapIterator(inner);
          return { ...wrapped, [Symbol.asyncIterator]() { return this; } };
        };
      }
      if ((key === 'next' || key === 'return' || key === 'throw') && typeof (target as Record<string, unknown>)[key] === 'function') {
        const it = sharedIterator(target);
        return it[key]!.bind(it);
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
