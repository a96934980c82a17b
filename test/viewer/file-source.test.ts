import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTraceSource } from '../../src/viewer/file-source';
import { resolveInputs } from '../../src/viewer/file-inputs';
import { parseTraceQuery } from '../../src/viewer/query';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const q = (s = '') => parseTraceQuery(new URLSearchParams(s));
const basicLines = readFileSync(`${FIXTURES}viewer-basic.jsonl`, 'utf8').split('\n');

let dir: string;
const sources: FileTraceSource[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tw-viewer-unit-'));
});
afterEach(async () => {
  for (const s of sources.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});
function source(inputs: string[], follow = false) {
  const s = new FileTraceSource({ inputs, follow, pollMs: 60_000 });
  sources.push(s);
  return s;
}

describe('FileTraceSource', () => {
  it('indexes the file exporter’s lines into summaries and reads a trace back by id', async () => {
    const s = source([`${FIXTURES}viewer-basic.jsonl`]);
    await s.ready;
    const list = await s.listTraces(q());
    expect(list.total).toBe(5);
    expect(list.traces.map((t) => [t.rootName, t.spanCount, t.errorCount, t.hasRoot])).toEqual([
      ['orphan job', 1, 0, false],
      ['<script>alert(1)</script>', 1, 0, true],
      ['GET /health', 1, 0, true],
      ['POST /orders', 2, 2, true],
      ['GET /users/:id', 5, 0, true],
    ]);
    const a = await s.getTrace('000000000000000000000000000000A1');
    expect(a!.summary).toMatchObject({ rootName: 'GET /users/:id', rootService: 'api', services: ['api', 'db'], durationUs: 120_000, spanCount: 5 });
    expect(a!.spans.map((x) => [x.name, x.parentSpanId ?? null])).toEqual([
      ['GET /users/:id', null],
      ['auth check', '0000000000000001'],
      ['SELECT users', '0000000000000001'],
      ['render', '0000000000000001'],
      ['render partial', '0000000000000004'],
    ]);
    expect(a!.spans[2]).toMatchObject({ service: 'db', kind: 3, durationUs: 60_000, attributes: { 'db.system': 'postgresql' }, resource: { 'service.name': 'db', 'service.version': '1.2.3' } });
    expect(a!.spans[0]!.attributes['http.response.status_code']).toBe(200);
    const orphan = await s.getTrace('000000000000000000000000000000e5');
    expect(orphan!.orphans).toEqual(['0000000000000007']);
    expect(await s.getTrace('ff')).toBeUndefined();
  });

  it('filters by service, operation, status, duration, attribute and time, and sorts', async () => {
    const s = source([`${FIXTURES}viewer-basic.jsonl`, `${FIXTURES}viewer-collector.json`]);
    await s.ready;
    const names = async (query: string) => (await s.listTraces(q(query))).traces.map((t) => t.rootName);
    expect(await names('service=payments')).toEqual(['POST /orders']);
    expect(await names('service=backend')).toEqual(['GET /']);
    expect(await names('operation=render partial')).toEqual(['GET /users/:id']);
    expect(await names('status=error')).toEqual(['POST /orders']);
    expect((await names('status=ok')).length).toBe(6);
    expect(await names('minMs=100&sort=-duration')).toEqual(['POST /orders', 'GET /users/:id']);
    expect(await names('maxMs=10&sort=duration')).toEqual(['GET /health', 'GET /about']);
    expect(await names('attr=db.system=postgresql')).toEqual(['GET /users/:id']);
    expect(await names('attr=http.response.status_code=502')).toEqual(['POST /orders']);
    expect(await names('attr=service.version=1.2.3&service=payments')).toEqual(['POST /orders']);
    expect(await names('attr=nope')).toEqual([]);
    expect(await names(`from=${Date.parse('2026-01-01T00:00:01Z')}&to=2026-01-01T00:00:02Z&sort=start`)).toEqual(['POST /orders', 'GET /health']);
    expect(await names('sort=-spans&limit=2')).toEqual(['GET /users/:id', 'GET /']);
    const partial = await s.listTraces(q('attr=http.request.method&limit=1'));
    expect(partial).toMatchObject({ total: 1, partial: true });
  });

  it('reads the Collector’s lines: several traces and resources per line', async () => {
    const s = source([`${FIXTURES}viewer-collector.json`]);
    await s.ready;
    const t = await s.getTrace('00000000000000000000000000000071');
    expect(t!.spans.map((x) => [x.name, x.service, x.parentSpanId ?? null])).toEqual([
      ['GET /', 'frontend', null],
      ['fetch api', 'frontend', '0000000000000001'],
      ['handle api', 'backend', '0000000000000002'],
    ]);
    expect((await s.overview()).traceCount).toBe(2);
  });

  it('skips what is not ours with a count and the first line, and waits for a torn last line', async () => {
    const s = source([`${FIXTURES}viewer-bad.jsonl`]);
    await s.ready;
    const o = await s.overview();
    expect(o.skipped).toEqual({ count: 2, first: { file: `${FIXTURES}viewer-bad.jsonl`, line: 2, reason: 'not JSON' } });
    expect(o.incomplete).toEqual({ file: `${FIXTURES}viewer-bad.jsonl`, line: 6 });
    expect(o.spanCount).toBe(2);
    const t = await s.getTrace('000000000000000000000000000000f6');
    expect(t!.spans.map((x) => x.name)).toEqual(['good one', 'with unknown fields']);
  });

  it('reads an empty file, a missing one and a binary one without failing', async () => {
    writeFileSync(join(dir, 'empty.jsonl'), '');
    writeFileSync(join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe, 10, 1, 2, 3]));
    const s = source([join(dir, 'empty.jsonl'), join(dir, 'missing.jsonl'), join(dir, 'image.png')]);
    await s.ready;
    const o = await s.overview();
    expect(o).toMatchObject({ traceCount: 0, spanCount: 0, skipped: { count: 3, first: { file: join(dir, 'image.png'), line: 1, reason: 'not JSON' } }, incomplete: { file: join(dir, 'image.png'), line: 4 } });
    expect((await s.listTraces(q())).traces).toEqual([]);
    expect(await s.operations()).toEqual([]);
  });

  it('follows growth, completes a torn line, and keeps rotated files readable', async () => {
    const file = join(dir, 'spans.jsonl');
    writeFileSync(file, `${basicLines[0]}\n${basicLines[1]!.slice(0, 40)}`);
    const s = source([file], true);
    await s.ready;
    expect((await s.overview()).incomplete).toEqual({ file, line: 2 });
    appendFileSync(file, `${basicLines[1]!.slice(40)}\n`);
    await s.scan();
    let o = await s.overview();
    expect(o.spanCount).toBe(2);
    expect(o.incomplete).toBeUndefined();
    expect(o.skipped.count).toBe(0);
    renameSync(file, `${file}.1`);
    writeFileSync(file, `${basicLines[2]}\n`);
    await s.scan();
    o = await s.overview();
    expect(o.files!.map((f) => [f.path, f.spans])).toEqual([[`${file}.1`, 2], [file, 1]]);
    // The rotated file is deleted: its spans are still read through the open handle.
    rmSync(`${file}.1`);
    await s.scan();
    const t = await s.getTrace('000000000000000000000000000000a1');
    expect(t!.spans.map((x) => x.name)).toEqual(['GET /users/:id', 'auth check', 'SELECT users']);
  });

  it('starts over when a file is truncated in place', async () => {
    const file = join(dir, 'spans.jsonl');
    copyFileSync(`${FIXTURES}viewer-basic.jsonl`, file);
    const s = source([file], true);
    await s.ready;
    expect((await s.overview()).spanCount).toBe(10);
    writeFileSync(file, `${basicLines[7]}\n`);
    await s.scan();
    const list = await s.listTraces(q());
    expect(list.traces.map((t) => t.rootName)).toEqual(['GET /health']);
  });

  it('aggregates operations with percentiles and a histogram', async () => {
    const s = source([`${FIXTURES}viewer-basic.jsonl`]);
    await s.ready;
    const ops = await s.operations();
    const select = ops.find((o) => o.name === 'SELECT users')!;
    expect(select).toMatchObject({ service: 'db', count: 1, errorCount: 0, errorRate: 0, p50Us: 60_000, p99Us: 60_000, maxUs: 60_000 });
    expect(select.histogram.counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(select.histogram.bounds.at(-1)).toBeGreaterThanOrEqual(60_000);
    expect(ops.find((o) => o.name === 'charge card')).toMatchObject({ errorCount: 1, errorRate: 1 });
  });
});

describe('resolveInputs', () => {
  it('brings rotated siblings oldest first, folders, and patterns', async () => {
    for (const name of ['spans.jsonl', 'spans.jsonl.1', 'spans.jsonl.2', 'other.log', '.hidden']) writeFileSync(join(dir, name), '');
    expect(await resolveInputs([join(dir, 'spans.jsonl')])).toEqual([join(dir, 'spans.jsonl.2'), join(dir, 'spans.jsonl.1'), join(dir, 'spans.jsonl')]);
    expect(await resolveInputs([dir])).toEqual(['other.log', 'spans.jsonl.2', 'spans.jsonl.1', 'spans.jsonl'].map((n) => join(dir, n)));
    expect(await resolveInputs([join(dir, '*.log')])).toEqual([join(dir, 'other.log')]);
    expect(await resolveInputs([join(dir, 'nothing-*.jsonl')])).toEqual([]);
  });
});
