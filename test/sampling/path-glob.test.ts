import { diag, DiagLogLevel, ROOT_CONTEXT, SpanKind, type DiagLogger } from '@opentelemetry/api';
import { AlwaysOnSampler, InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { compileGlob, type GlobStats } from '../../src/sampling/path-glob';
import {
  createIgnorePathsSampler,
  createPathMatcher,
  markPathChecked,
  matchesIgnoredPath,
  MAX_IGNORE_PATH_LENGTH,
} from '../../src/sampling/ignore-paths';

// [pattern, path, expected]: `*` is any run of characters (`/` included), the rest is literal,
// and the whole path must match.
const rows: Array<[string, string, boolean]> = [
  ['/health', '/health', true],
  ['/health', '/healthz', false],
  ['/health', '/health/', false],
  ['/health', '', false],
  ['', '', true],
  ['', '/', false],
  ['*', '', true],
  ['*', '/anything/at/all', true],
  ['**', '/x', true],
  ['/static/*', '/static/', true],
  ['/static/*', '/static/app.js', true],
  ['/static/*', '/static/css/deep/app.css', true],
  ['/static/*', '/static', false],
  ['/static/*', '/statics/app.js', false],
  ['*.css', '/a/b.css', true],
  ['*.css', '/a/b.css.map', false],
  ['/v*/status', '/v1/status', true],
  ['/v*/status', '/v2/beta/status', true],
  ['/v*/status', '/v1/status/x', false],
  ['/v*/status', '/vstatus', false],
  ['/a*b*c', '/abc', true],
  ['/a*b*c', '/aXbYc', true],
  ['/a*b*c', '/acb', false],
  ['/a*b*c', '/abcb', false],
  ['/a*b*c', '/abcbc', true],
  ['/a*a', '/a', false], // head and tail may not overlap
  ['/a*a', '/aa', true], // the star may be empty
  ['/a*a', '/a/a', true],
  ['*aab*', '/aaab', true], // KMP falls back inside a partial match
  ['*abab*c', '/ababab_c', true],
  ['*abab*c', '/abaXbab_c', false],
  ['/a.b', '/a.b', true],
  ['/a.b', '/axb', false],
  ['/a(*)', '/a(1)', true],
  ['/[x]+?', '/[x]+?', true], // regex characters are literal
  ['/ünï/*', '/ünï/ç', true],
];

describe('string patterns (globs)', () => {
  for (const [pattern, path, expected] of rows) {
    it(`${JSON.stringify(pattern)} vs ${JSON.stringify(path)} → ${expected}`, () => {
      expect(compileGlob(pattern)(path)).toBe(expected);
    });
  }

  it('the query string and fragment are not part of the path', () => {
    expect(matchesIgnoredPath('/health?probe=k8s', ['/health'])).toBe(true);
    expect(matchesIgnoredPath('/health#x', ['/health'])).toBe(true);
    expect(matchesIgnoredPath('/x?/health', ['*/health'])).toBe(false);
  });
});

// Paths a backtracking matcher (today's `*` → `.*` RegExp was one) takes seconds on.
const adversarial: Array<{ name: string; pattern: string; path: string; expected: boolean }> = [
  { name: '8 KB of /a against *a*a*a*b', pattern: '*a*a*a*b', path: '/a'.repeat(4096), expected: false },
  { name: '8 KB of a against *a*a*a*a*a*a*b', pattern: '*a*a*a*a*a*a*b', path: 'a'.repeat(8192), expected: false },
  { name: 'near-miss pieces: *aaaaaaab*', pattern: '*aaaaaaab*', path: 'a'.repeat(8192), expected: false },
  { name: 'the match at the very end', pattern: '*a*a*a*b', path: '/a'.repeat(1000) + 'b', expected: true },
  { name: 'a long literal head that fails late', pattern: `/${'a'.repeat(500)}*`, path: `/${'a'.repeat(499)}b${'a'.repeat(1500)}`, expected: false },
];

describe('adversarial paths', () => {
  for (const { name, pattern, path, expected } of adversarial) {
    it(`${name}: right answer within 2n + m steps`, () => {
      const stats: GlobStats = { steps: 0 };
      expect(compileGlob(pattern)(path, stats)).toBe(expected);
      expect(stats.steps).toBeLessThanOrEqual(2 * path.length + pattern.length);
      expect(stats.steps).toBeGreaterThan(0);
    });
  }

  it('the bound holds for every pattern over a small alphabet (exhaustive up to length 5)', () => {
    const alphabet = ['a', 'b', '*'];
    const patterns: string[] = [''];
    for (let len = 1; len <= 5; len++) for (const p of patterns.filter((x) => x.length === len - 1)) for (const c of alphabet) patterns.push(p + c);
    const paths = ['', 'a', 'ab', 'aab', 'abab', 'a'.repeat(40), 'ab'.repeat(20) + 'a', 'aaab'.repeat(10)];
    for (const pattern of patterns) {
      // the reference: a RegExp built the way the old matcher built it, fine on these short inputs
      const reference = new RegExp(`^${pattern.split('*').join('.*')}$`, 's');
      for (const path of paths) {
        const stats: GlobStats = { steps: 0 };
        expect(compileGlob(pattern)(path, stats), `${pattern} vs ${path}`).toBe(reference.test(path));
        expect(stats.steps).toBeLessThanOrEqual(2 * path.length + pattern.length);
      }
    }
  });
});

describe('path length cap', () => {
  it(`paths longer than ${MAX_IGNORE_PATH_LENGTH} characters are never ignored (traced as usual)`, () => {
    const fits = `/static/${'x'.repeat(MAX_IGNORE_PATH_LENGTH - 8)}`;
    expect(fits.length).toBe(MAX_IGNORE_PATH_LENGTH);
    expect(matchesIgnoredPath(fits, ['/static/*'])).toBe(true);
    expect(matchesIgnoredPath(`${fits}x`, ['/static/*'])).toBe(false);
    expect(matchesIgnoredPath(`${fits}x`, [/^\/static\//])).toBe(false);
    // the query does not count towards the cap
    expect(matchesIgnoredPath(`/static/a?${'q'.repeat(10_000)}`, ['/static/*'])).toBe(true);
  });
});

describe('RegExp patterns', () => {
  afterEach(() => diag.disable());

  it('warn once per RegExp, when compiled, that they run on every request', () => {
    const warnings: string[] = [];
    const sink: DiagLogger = { error: () => {}, warn: (...args) => warnings.push(args.join(" ")), info: () => {}, debug: () => {}, verbose: () => {} };
    diag.setLogger(sink, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
    const slow = /^\/(a+)+$/;
    createPathMatcher([slow, '/health']);
    createPathMatcher([slow]);
    createPathMatcher(['/only-strings']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(String(slow));
    expect(warnings[0]).toContain('every request');
    expect(warnings[0]).toContain('backtrack');
  });
});

describe('one match per request', () => {
  function countingRegExp(source: RegExp): { re: RegExp; calls: () => number } {
    let calls = 0;
    const re = new RegExp(source.source, source.flags);
    const test = re.test.bind(re);
    re.test = (s: string) => {
      calls++;
      return test(s);
    };
    return { re, calls: () => calls };
  }

  function provider(patterns: readonly (string | RegExp)[]) {
    const exporter = new InMemorySpanExporter();
    const p = new TracerProvider({
      sampler: createIgnorePathsSampler(new AlwaysOnSampler(), patterns),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    return { tracer: p.getTracer('t'), exporter };
  }

  it('the sampler reuses the middleware’s answer when it holds the same matcher, and matches itself otherwise', () => {
    const { re, calls } = countingRegExp(/^\/metrics/);
    const patterns = [re];
    const { tracer, exporter } = provider(patterns);
    const matcher = createPathMatcher(patterns); // what the middleware gets for the config's list
    expect(matcher('/work')).toBe(false);
    expect(calls()).toBe(1);
    const marked = markPathChecked(ROOT_CONTEXT, matcher, '/work');
    tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'url.path': '/work' } }, marked).end();
    expect(calls()).toBe(1); // not asked again
    // a span that did not come through the middleware is matched by the sampler
    tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'url.path': '/metrics/cpu' } }).end();
    expect(calls()).toBe(2);
    // a mark from another matcher (a wrapper with its own list) or for another path does not count
    tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'url.path': '/metrics' } }, markPathChecked(ROOT_CONTEXT, () => false, '/metrics')).end();
    tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'url.path': '/metrics' } }, markPathChecked(ROOT_CONTEXT, matcher, '/work')).end();
    expect(calls()).toBe(4);
    expect(exporter.getFinishedSpans().map((s) => s.attributes['url.path'])).toEqual(['/work']);
  });
});
