import { isSpanContextValid, SpanKind, trace, TraceFlags, type Attributes, type Context, type Link } from '@opentelemetry/api';
import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';

/** A path to ignore: a string (exact path, `*` matches any run of characters) or a RegExp. */
export type IgnorePathPattern = string | RegExp;

/** Span attributes read for the path, in order (new and old HTTP semantic conventions). */
export const PATH_ATTRIBUTES: readonly string[] = Object.freeze(['url.path', 'http.target', 'http.route', 'url.full', 'http.url']);

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function compile(pattern: IgnorePathPattern): (path: string) => boolean {
  if (pattern instanceof RegExp) {
    // Global and sticky RegExps keep state in lastIndex; a clean copy tests the same every time.
    const re = pattern.global || pattern.sticky ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')) : pattern;
    return (path) => re.test(path);
  }
  if (!pattern.includes('*')) return (path) => path === pattern;
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return (path) => re.test(path);
}

/** Compiles patterns once into a matcher; the path's query and fragment are ignored. */
export function createPathMatcher(patterns: readonly IgnorePathPattern[]): (path: string) => boolean {
  const tests = patterns.map(compile);
  return (path) => {
    if (typeof path !== 'string' || tests.length === 0) return false;
    const bare = stripQuery(path);
    for (const test of tests) if (test(bare)) return true;
    return false;
  };
}

const cache = new WeakMap<readonly IgnorePathPattern[], (path: string) => boolean>();

/**
 * Whether `path` is ignored: a string pattern matches the exact path, or with `*` as a glob
 * (`/static/*`, `/health*`); a RegExp is tested against the path. The query string is ignored.
 */
export function matchesIgnoredPath(path: string, patterns: readonly IgnorePathPattern[]): boolean {
  let matcher = cache.get(patterns);
  if (!matcher) {
    matcher = createPathMatcher(patterns);
    cache.set(patterns, matcher);
  }
  return matcher(path);
}

function stripQuery(path: string): string {
  const q = path.indexOf('?');
  const h = path.indexOf('#');
  const cut = q === -1 ? h : h === -1 ? q : Math.min(q, h);
  return cut === -1 ? path : path.slice(0, cut);
}

/** The path part of an absolute URL, without parsing the whole URL. */
function pathOfUrl(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme === -1) return url;
  const slash = url.indexOf('/', scheme + 3);
  return slash === -1 ? '/' : url.slice(slash);
}

/** The request path a span's start attributes describe, if any. */
export function pathFromAttributes(attributes: Attributes): string | undefined {
  for (const key of PATH_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value !== 'string' || value === '') continue;
    return key === 'url.full' || key === 'http.url' ? pathOfUrl(value) : value;
  }
  return undefined;
}

/**
 * Wraps `inner` so that requests to ignored paths are not sampled at all (NOT_RECORD: no span is
 * made, nothing is exported). It applies to server spans and to spans that start a trace in this
 * process (no parent, or a remote one), read from `url.path` / `http.target` / `http.route` /
 * `url.full` at span start. A span under a local parent that was not sampled is not sampled
 * either, so the work inside an ignored request leaves no orphans even with `always_on`.
 */
class IgnorePathsSampler implements Sampler {
  private readonly matches: (path: string) => boolean;

  constructor(
    private readonly inner: Sampler,
    private readonly patterns: readonly IgnorePathPattern[],
  ) {
    this.matches = createPathMatcher(patterns);
  }

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const parent = trace.getSpanContext(context);
    const hasParent = parent !== undefined && isSpanContextValid(parent);
    if (hasParent && !parent.isRemote && (parent.traceFlags & TraceFlags.SAMPLED) === 0) {
      return { decision: SamplingDecision.NOT_RECORD };
    }
    if (spanKind === SpanKind.SERVER || !hasParent || parent.isRemote) {
      const path = attributes ? pathFromAttributes(attributes) : undefined;
      if (path !== undefined && this.matches(path)) return { decision: SamplingDecision.NOT_RECORD };
    }
    return this.inner.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  /** Closes the inner sampler when it polls (the Jaeger remote sampler). */
  shutdown(): Promise<void> {
    const closable = this.inner as Sampler & { shutdown?: () => Promise<void> | void };
    return Promise.resolve(closable.shutdown?.());
  }

  toString(): string {
    return `IgnorePaths{paths=[${this.patterns.map(String).join(',')}],inner=${this.inner.toString()}}`;
  }
}

/** `inner` unchanged when there are no patterns, otherwise wrapped as described above. */
export function createIgnorePathsSampler(inner: Sampler, patterns: readonly IgnorePathPattern[]): Sampler {
  if (!patterns || patterns.length === 0) return inner;
  return new IgnorePathsSampler(inner, [...patterns]);
}
