/**
 * A cheaper `Context` for the contexts tracewright derives on every span and request. The API's
 * own context copies its whole `Map` (and makes three closures) on every `setValue`, so each
 * span made active costs one copy for the span and one for its baggage scope, growing with the
 * nesting. A linked context adds one small node per value instead: `getValue` walks the nodes
 * (newest first) and then asks the context it was built on. Contexts are immutable either way;
 * a chain that grows long is folded back into an API context, so a lookup never walks far.
 */
import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';

// Past this many nodes the chain is folded into one API context (one Map copy per this many levels).
const MAX_DEPTH = 24;

// Marks "no key" on the node that only carries the context a chain was built on.
const NO_KEY = Symbol('tracewright.linked-context.base');

export class LinkedContext implements Context {
  /** The API's root context as a linked context: where a traced scope starts when nothing is active. */
  static readonly ROOT: LinkedContext = new LinkedContext(ROOT_CONTEXT, NO_KEY, undefined, undefined, 0);

  private constructor(
    /** The context the chain was built on: every lookup not answered by a node goes there. */
    private readonly base: Context,
    private readonly key: symbol,
    private readonly value: unknown,
    private readonly next: LinkedContext | undefined,
    private readonly depth: number,
  ) {}

  /** `base` as a linked context (itself when it is one already). */
  static over(base: Context): LinkedContext {
    if (base instanceof LinkedContext) return base;
    return base === ROOT_CONTEXT ? LinkedContext.ROOT : new LinkedContext(base, NO_KEY, undefined, undefined, 0);
  }

  getValue(key: symbol): unknown {
    let node: LinkedContext | undefined = this;
    do {
      if (node.key === key) return node.value;
      node = node.next;
    } while (node !== undefined);
    return this.base.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    if (this.depth >= MAX_DEPTH) return LinkedContext.over(this.fold().setValue(key, value));
    return new LinkedContext(this.base, key, value, this, this.depth + 1);
  }

  deleteValue(key: symbol): Context {
    // A deleted key reads as undefined, as in the API's context (which has no "has").
    return this.setValue(key, undefined);
  }

  /** The same values as one API context built on `base`, oldest first so the newest wins. */
  private fold(): Context {
    const nodes: LinkedContext[] = [];
    for (let node: LinkedContext | undefined = this; node !== undefined; node = node.next) if (node.key !== NO_KEY) nodes.push(node);
    let folded = this.base;
    for (let i = nodes.length - 1; i >= 0; i--) folded = folded.setValue(nodes[i]!.key, nodes[i]!.value);
    return folded;
  }
}
