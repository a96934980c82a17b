import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createTestTracing, expectTrace } from '../../src/testing';

function tree() {
  const t = createTestTracing('expect-trace');
  const root = t.tracer.startSpan('root');
  const parent = trace.setSpan(context.active(), root);
  const a = t.tracer.startSpan('a', { startTime: [1, 0] }, parent);
  const b = t.tracer.startSpan('b', { startTime: [2, 0] }, parent);
  b.end();
  a.end();
  root.end();
  return t;
}

describe('expectTrace', () => {
  it('by default the tree may hold more, and children match in any order', () => {
    const t = tree();
    expect(() => expectTrace(t.spans(), { name: 'root', spans: [{ name: 'b' }] })).not.toThrow();
    expect(() => expectTrace(t.spans(), { name: 'root', spans: [{ name: 'b' }, { name: 'a' }] })).not.toThrow();
  });

  it('exact: every span listed, children in start order', () => {
    const t = tree();
    expect(() => expectTrace(t.spans(), { name: 'root', spans: [{ name: 'a' }, { name: 'b' }] }, { exact: true })).not.toThrow();
    expect(() => expectTrace(t.spans(), { name: 'root', spans: [{ name: 'b' }, { name: 'a' }] }, { exact: true })).toThrow(/no trace matches/);
    expect(() => expectTrace(t.spans(), { name: 'root', spans: [{ name: 'a' }] }, { exact: true })).toThrow(/2 children, expected 1/);
  });

  it('exact: a second root fails', () => {
    const t = tree();
    t.tracer.startSpan('stray').end();
    expect(() => expectTrace(t.spans(), { name: 'root', spans: [{ name: 'a' }, { name: 'b' }] }, { exact: true })).toThrow(/2 root spans/);
  });
});
