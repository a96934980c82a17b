import type { ViewerSpan } from '../types';

export interface SpanNode {
  span: ViewerSpan;
  depth: number;
  children: SpanNode[];
  /** The parent is not in the trace. */
  orphan: boolean;
}

/** Spans (sorted by start) into a forest: roots and orphans at the top, children by start time. */
export function buildTree(spans: ViewerSpan[]): SpanNode[] {
  const nodes = new Map<string, SpanNode>();
  for (const span of spans) nodes.set(span.spanId, { span, depth: 0, children: [], orphan: false });
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanId !== undefined ? nodes.get(node.span.parentSpanId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else {
      node.orphan = node.span.parentSpanId !== undefined;
      roots.push(node);
    }
  }
  const setDepth = (list: SpanNode[], depth: number) => {
    // An explicit stack: a 10,000-span chain must not overflow the call stack.
    const stack: Array<[SpanNode, number]> = list.map((n) => [n, depth]);
    while (stack.length > 0) {
      const [node, d] = stack.pop()!;
      node.depth = d;
      for (const child of node.children) stack.push([child, d + 1]);
    }
  };
  setDepth(roots, 0);
  return roots;
}

/** Depth-first order, skipping the children of collapsed spans. */
export function flatten(roots: SpanNode[], collapsed: ReadonlySet<string>): SpanNode[] {
  const out: SpanNode[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    if (!collapsed.has(node.span.spanId)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/**
 * The critical path: the chain of work that decided the trace's end. From a span's end, walk
 * back through its children: the one that finished last (before the cursor) is on the path, its
 * own critical path is taken, and the cursor moves to its start. What remains is the span's own time.
 */
export function criticalPath(roots: SpanNode[]): Set<string> {
  const on = new Set<string>();
  const stack: SpanNode[] = [];
  const top = [...roots].sort((a, b) => end(b) - end(a))[0];
  if (top) stack.push(top);
  while (stack.length > 0) {
    const node = stack.pop()!;
    on.add(node.span.spanId);
    let cursor = end(node);
    const byEnd = [...node.children].sort((a, b) => end(b) - end(a));
    for (const child of byEnd) {
      if (child.span.startUs >= cursor) continue;
      stack.push(child);
      cursor = child.span.startUs;
      if (cursor <= node.span.startUs) break;
    }
  }
  return on;
}

const end = (n: SpanNode) => n.span.startUs + n.span.durationUs;
