import { createContextKey, isSpanContextValid, SpanKind, trace, TraceFlags, type Attributes, type Context, type Link } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';
import { NOT_SAMPLED } from './shared-results';
import { logger } from '../internal/diag';
import { compileGlob } from './path-glob';

/**
 * A path to ignore: a string (the exact path, where `*` matches any run of characters, `/`
 * included) or a RegExp. A RegExp runs on every request against an attacker-chosen path: it must
 * not backtrack (one warning per RegExp says so when it is compiled).
 */
export type IgnorePathPattern = string | RegExp;

/** Span attributes read for the path, in order (new and old HTTP semantic conventions). */
export const PATH_ATTRIBUTES: readonly string[] = Object.freeze(['url.path', 'http.target', 'http.route', 'url.full', 'http.url']);

/**
 * Longest path (query and fragment removed) that is compared with the patterns. A longer path is
 * never ignored: it is traced as usual and no pattern, RegExps included, ever runs on it. Judging a
 * cut-off prefix could ignore a path the patterns do not describe.
 */
export const MAX_IGNORE_PATH_LENGTH = 2048;

const warnedRegExps = new WeakSet<RegExp>();

function compile(pattern: IgnorePathPattern): (path: string) => boolean {
  if (pattern instanceof RegExp) {
    if (!warnedRegExps.has(pattern)) {
      warnedRegExps.add(pattern);
      logger.warn(
        `ignorePaths: ${String(pattern)} runs on every request against a path the client chooses (up to ${MAX_IGNORE_PATH_LENGTH} characters); ` +
          'make sure it cannot backtrack (no nested or adjacent quantifiers such as (a+)+ or .*a.*b), or use a string pattern, which always matches in linear time',
      );
    }
    // Global and sticky RegExps keep state in lastIndex; a clean copy tests the same every time.
    const re = pattern.global || pattern.sticky ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')) : pattern;
    return (path) => re.test(path);
  }
  return compileGlob(pattern);
}

function buildMatcher(patterns: readonly IgnorePathPattern[]): (path: string) => boolean {
  const tests = patterns.map(compile);
  return (path) => {
    if (typeof path !== 'string' || tests.length === 0) return false;
    const bare = stripQuery(path);
    if (bare.length > MAX_IGNORE_PATH_LENGTH) return false;
    for (const test of tests) if (test(bare)) return true;
    return false;
  };
}

const cache = new WeakMap<readonly IgnorePathPattern[], (path: string) => boolean>();

/**
 * Compiles patterns into a matcher; the path's query and fragment are ignored, and a path longer
 * than {@link MAX_IGNORE_PATH_LENGTH} never matches. The same array gives the same matcher (the
 * config's list is compiled once for the sampler and the middleware), so patch a list by making a
 * new one, not by changing it in place.
 */
export function createPathMatcher(patterns: readonly IgnorePathPattern[]): (path: string) => boolean {
  let matcher = cache.get(patterns);
  if (!matcher) {
    matcher = buildMatcher(patterns);
    cache.set(patterns, matcher);
  }
  return matcher;
}

/**
 * Whether `path` is ignored: a string pattern matches the exact path, or with `*` as a glob
 * (`/static/*`, `/health*`); a RegExp is tested against the path. The query string is ignored.
 */
export function matchesIgnoredPath(path: string, patterns: readonly IgnorePathPattern[]): boolean {
  return createPathMatcher(patterns)(path);
}

/**
 * Set by the server middleware on the context it starts its SERVER span in: the matcher it has
 * already asked about this path (answer: not ignored). The sampler, holding the same matcher (the
 * config's list), does not ask again. A different matcher (a wrapper with its own `ignorePaths`)
 * does not count: the sampler still applies the config's list.
 */
const PATH_CHECKED_KEY = createContextKey('tracewright.ignore-paths.checked');

interface PathChecked {
  readonly matcher: (path: string) => boolean;
  readonly path: string;
}

/** `context` noting that `matcher` found `path` not ignored. Only for the span start itself. */
export function markPathChecked(context: Context, matcher: (path: string) => boolean, path: string): Context {
  const mark: PathChecked = { matcher, path };
  return context.setValue(PATH_CHECKED_KEY, mark);
}

function alreadyChecked(context: Context, matcher: (path: string) => boolean, path: string): boolean {
  const mark = context.getValue(PATH_CHECKED_KEY) as PathChecked | undefined;
  return mark !== undefined && mark.matcher === matcher && mark.path === path;
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
  private readonly patterns: readonly IgnorePathPattern[];

  constructor(
    private readonly inner: Sampler,
    patterns: readonly IgnorePathPattern[],
  ) {
    // Compiled from the caller's array, so the middleware given the same list shares the matcher.
    this.matches = createPathMatcher(patterns);
    this.patterns = [...patterns];
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
      return NOT_SAMPLED;
    }
    if (spanKind === SpanKind.SERVER || !hasParent || parent.isRemote) {
      const path = attributes ? pathFromAttributes(attributes) : undefined;
      if (path !== undefined && !alreadyChecked(context, this.matches, path) && this.matches(path)) {
        return NOT_SAMPLED;
      }
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
  return new IgnorePathsSampler(inner, patterns);
}
