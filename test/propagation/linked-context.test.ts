import { createContextKey, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { LinkedContext } from '../../src/propagation/linked-context';

const A = createContextKey('test a');
const B = createContextKey('test b');

describe('LinkedContext', () => {
  it('reads values of the context it was built on, and its own, newest first', () => {
    const base = ROOT_CONTEXT.setValue(A, 'base-a').setValue(B, 'base-b');
    const linked = LinkedContext.over(base).setValue(A, 'a1').setValue(A, 'a2');
    expect(linked.getValue(A)).toBe('a2');
    expect(linked.getValue(B)).toBe('base-b');
    expect(linked.getValue(createContextKey('test other'))).toBeUndefined();
  });

  it('is immutable: setValue and deleteValue return new contexts and leave the old one as it was', () => {
    const one = LinkedContext.over(ROOT_CONTEXT).setValue(A, 1);
    const two = one.setValue(A, 2);
    const deleted = two.deleteValue(A);
    expect(one.getValue(A)).toBe(1);
    expect(two.getValue(A)).toBe(2);
    expect(deleted.getValue(A)).toBeUndefined();
    expect(LinkedContext.over(ROOT_CONTEXT).getValue(A)).toBeUndefined();
  });

  it('deletes a value of the base context as the API context does', () => {
    const base = ROOT_CONTEXT.setValue(A, 'a');
    expect(LinkedContext.over(base).deleteValue(A).getValue(A)).toBe(base.deleteValue(A).getValue(A));
  });

  it('is itself when already linked, and one shared root over ROOT_CONTEXT', () => {
    const linked = LinkedContext.over(ROOT_CONTEXT).setValue(A, 1);
    expect(LinkedContext.over(linked)).toBe(linked);
    expect(LinkedContext.over(ROOT_CONTEXT)).toBe(LinkedContext.ROOT);
  });

  it('folds a long chain into one API context and keeps every value and the last write of each key', () => {
    const keys = Array.from({ length: 100 }, (_, i) => createContextKey(`test key ${i}`));
    let ctx: Context = LinkedContext.over(ROOT_CONTEXT.setValue(B, 'base'));
    const chain: Context[] = [];
    for (let i = 0; i < 100; i++) {
      ctx = ctx.setValue(keys[i]!, i).setValue(A, i);
      if (i % 10 === 0) ctx = ctx.deleteValue(keys[i]!);
      chain.push(ctx);
    }
    for (let i = 0; i < 100; i++) expect(ctx.getValue(keys[i]!)).toBe(i % 10 === 0 ? undefined : i);
    expect(ctx.getValue(A)).toBe(99);
    expect(ctx.getValue(B)).toBe('base');
    // earlier contexts of the chain are unchanged by the folding
    expect(chain[5]!.getValue(A)).toBe(5);
    expect(chain[5]!.getValue(keys[6]!)).toBeUndefined();
  });

  it('carries spans and baggage through the API helpers', () => {
    const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 });
    const baggage = propagation.createBaggage({ tenant: { value: 'acme' } });
    const ctx = propagation.setBaggage(trace.setSpan(LinkedContext.over(ROOT_CONTEXT), span), baggage);
    expect(trace.getSpan(ctx)).toBe(span);
    expect(propagation.getBaggage(ctx)?.getEntry('tenant')?.value).toBe('acme');
    expect(trace.getSpan(trace.deleteSpan(ctx))).toBeUndefined();
  });
});
