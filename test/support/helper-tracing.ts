import { context } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestTracing as createShippedTestTracing, expectTrace as shippedExpectTrace, type ExpectedSpan } from '../../src/testing';

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

/**
 * The shipped test harness (`tracewright/testing`) with one addition: `byName`, which asserts that
 * exactly one span has the name.
 */
export function createTestTracing() {
  const tracing = createShippedTestTracing('test');
  return {
    ...tracing,
    byName(name: string): ReadableSpan {
      const found = tracing.spans().filter((s) => s.name === name);
      expect(found.map((s) => s.name), `exactly one span named "${name}"`).toEqual([name]);
      return found[0]!;
    },
  };
}

export type { ExpectedSpan };

/** Tree-shaped assertion: the finished spans form exactly this tree (children in start order). */
export function expectTrace(spans: ReadableSpan[], expected: ExpectedSpan): void {
  shippedExpectTrace(spans, expected, { exact: true });
}
