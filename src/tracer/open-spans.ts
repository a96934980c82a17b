/**
 * The spans the tracer facade started (`startSpan`, `startChildSpan`) that are still open, per
 * async context, so that `startChildSpan(name)` without a parent can find its parent when the
 * caller never made one active. A linked list of WeakRefs in an AsyncLocalStorage: an async
 * continuation sees the spans started before it; an ended or collected span is skipped.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from '@opentelemetry/api';

interface Node {
  readonly span: WeakRef<Span>;
  readonly previous: Node | undefined;
}

const storage = new AsyncLocalStorage<Node>();
const ended = new WeakSet<Span>();

// How far back a lookup walks; a deeper list is cut here so it cannot grow without bound.
const MAX_DEPTH = 32;

/** Remembers `span` as the newest facade span of the current async context. */
export function pushOpenSpan(span: Span): void {
  const previous = storage.getStore();
  // enterWith, not run: startSpan returns the span to straight-line code, there is no callback.
  storage.enterWith({ span: new WeakRef(span), previous: trim(previous) });
}

/** Marks a span ended by the facade, so it drops out even when it is not a recording SDK span. */
export function markEnded(span: Span): void {
  ended.add(span);
}

/** The newest facade span of this async context that is still open, if any. */
export function newestOpenSpan(): Span | undefined {
  let node = storage.getStore();
  for (let depth = 0; node && depth < MAX_DEPTH; depth++, node = node.previous) {
    const span = node.span.deref();
    if (span && !ended.has(span) && span.isRecording()) return span;
  }
  return undefined;
}

function trim(node: Node | undefined): Node | undefined {
  // Drop ended spans at the head so a long-lived context does not keep a chain of dead refs.
  while (node) {
    const span = node.span.deref();
    if (span && !ended.has(span) && span.isRecording()) return node;
    node = node.previous;
  }
  return undefined;
}
