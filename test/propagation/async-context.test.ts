import { EventEmitter } from 'node:events';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { activeContext, registerContextManager, runWithContext, TracewrightContextManager } from '../../src/propagation/async-context';

const KEY = createContextKey('test value');
const ctxOf = (value: string) => ROOT_CONTEXT.setValue(KEY, value);
const valueOf = () => context.active().getValue(KEY);

afterEach(() => {
  context.disable();
});

describe('TracewrightContextManager', () => {
  it('makes a context active for a call and its async continuations, then restores the outer one', async () => {
    const manager = new TracewrightContextManager().enable();
    expect(manager.active()).toBe(ROOT_CONTEXT);
    const seen: unknown[] = [];
    const done = manager.with(ctxOf('outer'), async () => {
      seen.push(manager.active().getValue(KEY));
      manager.with(ctxOf('inner'), () => seen.push(manager.active().getValue(KEY)));
      await new Promise((r) => setTimeout(r, 1));
      seen.push(manager.active().getValue(KEY));
    });
    expect(manager.active()).toBe(ROOT_CONTEXT);
    await done;
    expect(seen).toEqual(['outer', 'inner', 'outer']);
  });

  it('passes thisArg and the arguments on, with and without run()', () => {
    const manager = new TracewrightContextManager().enable();
    const self = { n: 2 };
    expect(manager.with(ctxOf('x'), function (this: typeof self, a: number, b: number) { return this.n * a + b; }, self, 3, 4)).toBe(10);
    expect(manager.run(ctxOf('y'), (a: number) => [a, manager.active().getValue(KEY)], 5)).toEqual([5, 'y']);
  });

  it('binds functions and event emitters as the OpenTelemetry manager does', () => {
    const manager = new TracewrightContextManager().enable();
    const bound = manager.bind(ctxOf('bound'), () => manager.active().getValue(KEY));
    expect(bound()).toBe('bound');
    const emitter = manager.bind(ctxOf('emitter'), new EventEmitter());
    const heard: unknown[] = [];
    const listener = () => heard.push(manager.active().getValue(KEY));
    emitter.on('x', listener);
    emitter.emit('x');
    emitter.off('x', listener);
    emitter.emit('x');
    expect(heard).toEqual(['emitter']);
  });

  it('attach() makes a context active until the token is disposed (once)', () => {
    const manager = new TracewrightContextManager().enable();
    manager.with(ctxOf('outer'), () => {
      const token = manager.attach(ctxOf('attached'));
      expect(manager.active().getValue(KEY)).toBe('attached');
      token.dispose();
      token.dispose();
      expect(manager.active().getValue(KEY)).toBe('outer');
    });
  });

  it('serves the API once registered, and the fast path follows it until disabled', () => {
    const manager = new TracewrightContextManager().enable();
    expect(registerContextManager(manager)).toBe(true);
    expect(runWithContext(ctxOf('fast'), () => [activeContext().getValue(KEY), valueOf()], undefined)).toEqual(['fast', 'fast']);
    context.disable();
    // after disable, nothing is active through either path
    expect(runWithContext(ctxOf('after'), () => activeContext().getValue(KEY), undefined)).toBeUndefined();
  });

  it('leaves a manager registered earlier in place and goes through the API to it', () => {
    const theirs = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(theirs);
    expect(registerContextManager(new TracewrightContextManager().enable())).toBe(false);
    const seen = runWithContext(ctxOf('theirs'), () => [activeContext().getValue(KEY), theirs.active().getValue(KEY)], undefined);
    expect(seen).toEqual(['theirs', 'theirs']);
  });
});
