import { mkdtemp, readFile, readdir, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ExportResultCode } from '@opentelemetry/core';
import { createFileExporter } from '../../src/exporters/file';
import { readSpanFile } from '../../src/exporters/file-reader';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tw-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function makeSpans(count: number): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'file-svc', 'deployment.environment': 'test' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('file-scope', '2.0.0');
  const root = tracer.startSpan('root', { kind: SpanKind.SERVER, attributes: { 'http.method': 'GET' } });
  const ctx = trace.setSpan(context.active(), root);
  for (let i = 0; i < count - 1; i++) {
    const child = tracer.startSpan(`child-${i}`, {
      kind: SpanKind.CLIENT,
      attributes: { i, ok: i % 2 === 0, ratio: 0.5, tags: ['a', 'b'], big: 2 ** 40 },
      links: [{ context: root.spanContext(), attributes: { why: 'test' } }],
    }, ctx);
    child.addEvent('tick', { n: i });
    child.setStatus({ code: SpanStatusCode.ERROR, message: `bad ${i}` });
    child.end();
  }
  root.end();
  return memory.getFinishedSpans();
}

function exportOnce(exporter: ReturnType<typeof createFileExporter>, spans: ReadableSpan[]): Promise<number> {
  return new Promise((resolve) => exporter.export(spans, (r) => resolve(r.code)));
}

describe('file exporter', () => {
  it('writes one OTLP/JSON span per line and reads every field back', async () => {
    const path = join(dir, 'nested', 'spans.jsonl');
    const exporter = createFileExporter({ path });
    const spans = makeSpans(3);
    expect(await exportOnce(exporter, spans)).toBe(ExportResultCode.SUCCESS);
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(3);
    const first = JSON.parse(lines[0]!);
    expect(first.resourceSpans[0].scopeSpans[0].spans).toHaveLength(1);

    const back = await readSpanFile(path);
    expect(back.map((s) => s.name)).toEqual(['child-0', 'child-1', 'root']);
    const root = spans[2]!;
    const child = back[1]!;
    expect(child).toMatchObject({
      traceId: root.spanContext().traceId,
      spanId: spans[1]!.spanContext().spanId,
      parentSpanId: root.spanContext().spanId,
      kind: 3,
      attributes: { i: 1, ok: false, ratio: 0.5, tags: ['a', 'b'], big: 2 ** 40 },
      status: { code: 2, message: 'bad 1' },
      resource: { 'service.name': 'file-svc', 'deployment.environment': 'test' },
      scope: { name: 'file-scope', version: '2.0.0' },
    });
    expect(child.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(child.events).toEqual([{ name: 'tick', timeUnixNano: expect.any(BigInt), attributes: { n: 1 } }]);
    expect(child.links).toEqual([{ traceId: root.spanContext().traceId, spanId: root.spanContext().spanId, attributes: { why: 'test' } }]);
    expect(back[2]).toMatchObject({ kind: 2, attributes: { 'http.method': 'GET' }, status: { code: 0 } });
    expect(back[2]!.parentSpanId).toBeUndefined();
    expect(child.endTimeUnixNano).toBeGreaterThanOrEqual(child.startTimeUnixNano);
    expect(String(exporter)).toContain('spans.jsonl');
  });

  it('rotates at the size bound and keeps maxFiles rotated files, none lost in between', async () => {
    const path = join(dir, 'spans.jsonl');
    const spans = makeSpans(1);
    const oneLine = (await (async () => {
      const probe = join(dir, 'probe.jsonl');
      await exportOnce(createFileExporter({ path: probe }), spans);
      return (await readFile(probe)).length;
    })());
    const exporter = createFileExporter({ path, maxFileBytes: oneLine * 2, maxFiles: 2 });
    for (let i = 0; i < 7; i++) expect(await exportOnce(exporter, spans)).toBe(ExportResultCode.SUCCESS);
    await exporter.shutdown();
    const files = (await readdir(dir)).filter((f) => f.startsWith('spans')).sort();
    expect(files).toEqual(['spans.jsonl', 'spans.jsonl.1', 'spans.jsonl.2']);
    expect((await readSpanFile(path)).length).toBe(1);
    expect((await readSpanFile(path, { includeRotated: true, maxFiles: 2 })).length).toBe(5);
    for (const f of files) expect((await readFile(join(dir, f))).length).toBeLessThanOrEqual(oneLine * 2);
  });

  it('skips a torn line and reads a missing file as empty', async () => {
    const path = join(dir, 'spans.jsonl');
    const exporter = createFileExporter({ path });
    await exportOnce(exporter, makeSpans(2));
    await appendFile(path, '{"resourceSpans":[{"resou');
    expect((await readSpanFile(path)).map((s) => s.name)).toEqual(['child-0', 'root']);
    expect(await readSpanFile(join(dir, 'nope.jsonl'))).toEqual([]);
  });

  it('appends to an existing file and refuses exports after shutdown', async () => {
    const path = join(dir, 'spans.jsonl');
    await writeFile(path, '');
    const exporter = createFileExporter({ path });
    await exportOnce(exporter, makeSpans(1));
    await exportOnce(exporter, makeSpans(1));
    await exporter.shutdown();
    expect(await exportOnce(exporter, makeSpans(1))).toBe(ExportResultCode.FAILED);
    expect((await readSpanFile(path)).length).toBe(2);
  });

  it('rejects bad options', () => {
    expect(() => createFileExporter({ path: '' })).toThrow(/file.path/);
    expect(() => createFileExporter({ path: 'x', maxFiles: -1 })).toThrow(/file.maxFiles/);
    expect(() => createFileExporter({ path: 'x', maxFileBytes: 0 })).toThrow(/file.maxFileBytes/);
  });
});
