import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { createSampler, matchesIgnoredPath, pathFromAttributes, type SamplerSpec } from '../../src/sampling/index';

describe('matchesIgnoredPath', () => {
  const patterns = ['/health', '/static/*', '/v*/status', /^\/metrics(\/|$)/, /ready/g];
  const rows: Array<[string, boolean]> = [
    ['/health', true],
    ['/health?probe=k8s', true],
    ['/health#x', true],
    ['/healthz', false],
    ['/health/deep', false],
    ['/static/app.js', true],
    ['/static/', true],
    ['/static', false],
    ['/v1/status', true],
    ['/v2/beta/status', true],
    ['/v1/status/x', false],
    ['/metrics', true],
    ['/metrics/cpu', true],
    ['/metricsx', false],
    ['/ready', true],
    ['/ready', true], // a global RegExp must not alternate through lastIndex
    ['/users/1', false],
    ['', false],
  ];
  for (const [path, expected] of rows) {
    it(`${JSON.stringify(path)} → ${expected}`, () => expect(matchesIgnoredPath(path, patterns)).toBe(expected));
  }
  it('treats regex characters in strings literally', () => {
    expect(matchesIgnoredPath('/a.b', ['/a.b'])).toBe(true);
    expect(matchesIgnoredPath('/axb', ['/a.b'])).toBe(false);
    expect(matchesIgnoredPath('/a(1)', ['/a(*)'])).toBe(true);
    expect(matchesIgnoredPath('/x', [])).toBe(false);
  });
  it('reads the path from span attributes', () => {
    expect(pathFromAttributes({ 'url.path': '/a', 'http.target': '/b' })).toBe('/a');
    expect(pathFromAttributes({ 'http.target': '/b?x=1' })).toBe('/b?x=1');
    expect(pathFromAttributes({ 'url.full': 'https://h:8080/c/d?q' })).toBe('/c/d?q');
    expect(pathFromAttributes({ 'url.full': 'https://h' })).toBe('/');
    expect(pathFromAttributes({ 'http.method': 'GET' })).toBeUndefined();
  });
});

function setup(spec: SamplerSpec, ignorePaths: (string | RegExp)[]) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    sampler: createSampler(spec, { ignorePaths }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  return { tracer: provider.getTracer('t'), exporter };
}

describe('ignorePaths at sampling time', () => {
  for (const spec of [{ name: 'parentbased_always_on' }, { name: 'always_on' }] as SamplerSpec[]) {
    it(`${spec.name}: an ignored server request makes no span, not even its children`, () => {
      const { tracer, exporter } = setup(spec, ['/health']);
      const span = tracer.startSpan('GET /health', { kind: SpanKind.SERVER, attributes: { 'url.path': '/health' } });
      expect(span.isRecording()).toBe(false);
      const child = tracer.startSpan('db.query', {}, trace.setSpan(ROOT_CONTEXT, span));
      expect(child.isRecording()).toBe(false);
      child.end();
      span.end();
      const kept = tracer.startSpan('GET /users', { kind: SpanKind.SERVER, attributes: { 'http.target': '/users?page=2' } });
      tracer.startSpan('db.query', {}, trace.setSpan(ROOT_CONTEXT, kept)).end();
      kept.end();
      expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['db.query', 'GET /users']);
    });
  }

  it('a server span with a remote sampled parent is still ignored; a client call inside a trace is not', () => {
    const { tracer, exporter } = setup({ name: 'parentbased_always_on' }, ['/health']);
    const remote = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1, isRemote: true });
    tracer.startSpan('GET /health', { kind: SpanKind.SERVER, attributes: { 'url.path': '/health' } }, remote).end();
    const root = tracer.startSpan('job');
    const inTrace = trace.setSpan(ROOT_CONTEXT, root);
    tracer.startSpan('GET', { kind: SpanKind.CLIENT, attributes: { 'url.full': 'http://peer/health' } }, inTrace).end();
    root.end();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['GET', 'job']);
  });

  it('without patterns the sampler is not wrapped', () => {
    expect(createSampler({ name: 'always_on' }, { ignorePaths: [] }).toString()).toBe('AlwaysOnSampler');
  });
});
