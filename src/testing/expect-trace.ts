import { SpanKind, SpanStatusCode, type AttributeValue } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/** The shape a span (and its children) must have. Fields left out are not checked. */
export interface ExpectedSpan {
  name: string | RegExp;
  kind?: SpanKind;
  status?: SpanStatusCode;
  statusMessage?: string | RegExp;
  /** Each listed attribute must be present with this value (other attributes are allowed). */
  attributes?: Record<string, AttributeValue | RegExp | undefined>;
  /** Names of events that must be present, in order (others may be between them). */
  events?: string[];
  /** Children, matched in any order; with `exactChildren`, no other children are allowed. */
  spans?: ExpectedSpan[];
  exactChildren?: boolean;
}

export interface ExpectTraceOptions {
  /**
   * The spans are exactly this tree: one root, every span listed, each span's children exactly the
   * listed ones in start order, all in one trace. Default false: the tree may hold more.
   */
  exact?: boolean;
}

/**
 * Asserts that `spans` hold a tree shaped like `expected`, rooted at a span with no local parent,
 * and returns the matched root. Throws an Error that shows the expected shape and the actual tree.
 */
export function expectTrace(spans: readonly ReadableSpan[], expected: ExpectedSpan, options: ExpectTraceOptions = {}): ReadableSpan {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const roots = spans.filter((s) => !s.parentSpanContext || !ids.has(s.parentSpanContext.spanId));
  const problems: string[] = [];
  if (options.exact) {
    const traces = new Set(spans.map((s) => s.spanContext().traceId));
    if (roots.length !== 1) problems.push(`${roots.length} root spans, expected exactly one`);
    else if (traces.size !== 1) problems.push(`${traces.size} trace ids, expected one`);
    else if (matches(roots[0]!, expected, spans, problems, '', true)) return roots[0]!;
  } else {
    for (const root of roots) {
      const found: string[] = [];
      if (matches(root, expected, spans, found, '', false)) return root;
      problems.push(...found);
    }
  }
  throw new Error(
    `expectTrace: no trace matches.\nExpected:\n${describe(expected, '  ')}\nActual:\n${renderShape(spans)}\nFirst mismatches:\n  ${problems.slice(0, 8).join('\n  ') || 'no root spans'}`,
  );
}

function matches(span: ReadableSpan, expected: ExpectedSpan, all: readonly ReadableSpan[], problems: string[], path: string, exact: boolean): boolean {
  const here = `${path}/${span.name}`;
  const fail = (why: string) => {
    problems.push(`${here}: ${why}`);
    return false;
  };
  if (!textMatches(span.name, expected.name)) return fail(`name is not ${String(expected.name)}`);
  if (expected.kind !== undefined && span.kind !== expected.kind) return fail(`kind ${SpanKind[span.kind]}, expected ${SpanKind[expected.kind]}`);
  if (expected.status !== undefined && span.status.code !== expected.status)
    return fail(`status ${SpanStatusCode[span.status.code]}, expected ${SpanStatusCode[expected.status]}`);
  if (expected.statusMessage !== undefined && !textMatches(span.status.message ?? '', expected.statusMessage))
    return fail(`status message ${JSON.stringify(span.status.message)}`);
  for (const [key, want] of Object.entries(expected.attributes ?? {})) {
    const got = span.attributes[key];
    if (!valueMatches(got, want)) return fail(`attribute ${key}=${JSON.stringify(got)}, expected ${String(want instanceof RegExp ? want : JSON.stringify(want))}`);
  }
  let from = 0;
  for (const name of expected.events ?? []) {
    const at = span.events.findIndex((event, i) => i >= from && event.name === name);
    if (at < 0) return fail(`missing event ${name} (events: ${span.events.map((e) => e.name).join(', ') || 'none'})`);
    from = at + 1;
  }
  const children = all.filter((s) => s.parentSpanContext?.spanId === span.spanContext().spanId);
  const wanted = expected.spans ?? [];
  if ((exact || expected.exactChildren) && children.length !== wanted.length) return fail(`${children.length} children, expected ${wanted.length}`);
  if (exact) {
    // in start order, one to one
    const ordered = [...children].sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    return wanted.every((child, i) => matches(ordered[i]!, child, all, problems, here, true));
  }
  const used = new Set<ReadableSpan>();
  for (const child of wanted) {
    const match = children.find((c) => !used.has(c) && matches(c, child, all, problems, here, false));
    if (!match) return fail(`no child matches ${String(child.name)}`);
    used.add(match);
  }
  return true;
}

function textMatches(text: string, want: string | RegExp): boolean {
  return typeof want === 'string' ? text === want : want.test(text);
}

function valueMatches(got: AttributeValue | undefined, want: AttributeValue | RegExp | undefined): boolean {
  if (want instanceof RegExp) return typeof got === 'string' && want.test(got);
  if (Array.isArray(want)) return Array.isArray(got) && got.length === want.length && got.every((v, i) => v === want[i]);
  return got === want;
}

function describe(expected: ExpectedSpan, indent: string): string {
  const kind = expected.kind !== undefined ? ` [${SpanKind[expected.kind]}]` : '';
  const lines = [`${indent}${String(expected.name)}${kind}`];
  for (const child of expected.spans ?? []) lines.push(describe(child, `${indent}  `));
  return lines.join('\n');
}

/** The actual spans as an indented list of `name [KIND]`, for failure messages. */
export function renderShape(spans: readonly ReadableSpan[]): string {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const lines: string[] = [];
  const walk = (span: ReadableSpan, indent: string) => {
    lines.push(`${indent}${span.name} [${SpanKind[span.kind]}]${span.status.code === SpanStatusCode.ERROR ? ' ERROR' : ''}`);
    for (const child of spans.filter((s) => s.parentSpanContext?.spanId === span.spanContext().spanId)) walk(child, `${indent}  `);
  };
  for (const root of spans.filter((s) => !s.parentSpanContext || !ids.has(s.parentSpanContext.spanId))) walk(root, '  ');
  return lines.join('\n') || '  (no spans)';
}
