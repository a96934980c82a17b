import { SpanKind, type Attributes, type SpanStatusCode } from '@opentelemetry/api';
import {
  TracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, expect } from 'vitest';

/**
 * Parent/child links across `await` need a context manager, and the API only has a global one:
 * install AsyncLocalStorage for this test file and remove it afterwards (tracer providers stay local).
 */
export function useContextManager(): void {
  let manager: AsyncLocalStorageContextManager | undefined;
  beforeAll(() => {
    manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
  });
  afterAll(() => {
    context.disable();
    manager?.disable();
  });
}

/** A fresh provider + in-memory exporter per test; never registered globally. */
export function createTestTracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: exporter })] });
  const tracer = provider.getTracer('test');
  return {
    exporter,
    provider,
    tracer,
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    byName(name: string): ReadableSpan {
      const found = exporter.getFinishedSpans().filter((s) => s.name === name);
      expect(found.map((s) => s.name), `exactly one span named "${name}"`).toEqual([name]);
      return found[0]!;
    },
  };
}

export interface ExpectedSpan {
  name: string;
  kind?: SpanKind;
  status?: SpanStatusCode;
  attributes?: Attributes;
  spans?: ExpectedSpan[];
}

/** Tree-shaped assertion: the finished spans form exactly this tree (children in start order). */
export function expectTrace(spans: ReadableSpan[], expected: ExpectedSpan): void {
  const roots = spans.filter((s) => !s.parentSpanContext || !spans.some((p) => p.spanContext().spanId === s.parentSpanContext!.spanId));
  expect(roots.map((s) => s.name)).toEqual([expected.name]);
  matchNode(spans, roots[0]!, expected);
}

function matchNode(all: ReadableSpan[], span: ReadableSpan, expected: ExpectedSpan): void {
  expect(span.name).toBe(expected.name);
  if (expected.kind !== undefined) expect(span.kind, `kind of ${span.name}`).toBe(expected.kind);
  if (expected.status !== undefined) expect(span.status.code, `status of ${span.name}`).toBe(expected.status);
  if (expected.attributes) expect(span.attributes, `attributes of ${span.name}`).toMatchObject(expected.attributes);
  const children = all
    .filter((s) => s.parentSpanContext?.spanId === span.spanContext().spanId)
    .sort((a, b) => compareTime(a.startTime, b.startTime));
  expect(children.map((c) => c.name), `children of ${span.name}`).toEqual((expected.spans ?? []).map((c) => c.name));
  (expected.spans ?? []).forEach((child, i) => matchNode(all, children[i]!, child));
  expect(span.spanContext().traceId).toBe(all[0]!.spanContext().traceId);
}

function compareTime(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

export { SpanKind };
