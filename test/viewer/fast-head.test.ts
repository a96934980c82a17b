import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fastSpanHead } from '../../src/viewer/fast-head';
import { spanHeads } from '../../src/viewer/otlp-json';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

describe('fastSpanHead', () => {
  it('reads exactly what JSON.parse reads, on every one-span line', () => {
    const lines = readFileSync(`${FIXTURES}viewer-basic.jsonl`, 'utf8').split('\n').filter(Boolean);
    let fast = 0;
    for (const line of lines) {
      const head = fastSpanHead(line);
      if (head) fast++;
      if (head) expect(head).toEqual(spanHeads(JSON.parse(line))[0]);
    }
    // All but the one whose name has escaped characters (`"` in the service name is fine: it is escaped → slow path).
    expect(fast).toBeGreaterThanOrEqual(lines.length - 2);
  });

  it('leaves other shapes to JSON.parse', () => {
    const line = readFileSync(`${FIXTURES}viewer-basic.jsonl`, 'utf8').split('\n')[0]!;
    expect(fastSpanHead(readFileSync(`${FIXTURES}viewer-collector.json`, 'utf8').trim())).toBeUndefined();
    expect(fastSpanHead(line.slice(0, 200))).toBeUndefined();
    // Torn lines continued by the next write, wherever the tear is.
    for (const at of [20, 120, 200, 330, 420, line.length - 30]) expect([at, fastSpanHead(line.slice(0, at) + line)]).toEqual([at, undefined]);
    // Two resources, or two spans in one request.
    const request = JSON.parse(line);
    const twoResources = { resourceSpans: [request.resourceSpans[0], request.resourceSpans[0]] };
    expect(fastSpanHead(JSON.stringify(twoResources))).toBeUndefined();
    const scope = request.resourceSpans[0].scopeSpans[0];
    const twoSpans = { resourceSpans: [{ ...request.resourceSpans[0], scopeSpans: [{ ...scope, spans: [scope.spans[0], scope.spans[0]] }] }] };
    expect(fastSpanHead(JSON.stringify(twoSpans))).toBeUndefined();
    // A first resource without spans: the span and its service come from the second, via JSON.parse.
    const empty = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'other' } }] }, scopeSpans: [{ scope: { name: 'x' }, spans: [] }] }, request.resourceSpans[0]] };
    expect(fastSpanHead(JSON.stringify(empty))).toBeUndefined();
    expect(fastSpanHead(line.replace('"name":"GET /users/:id"', '"name":"GET \\"x\\""'))).toBeUndefined();
    expect(fastSpanHead(line.replace(/"traceId":"[0-9a-f]+"/, '"traceId":"zz"'))).toBeUndefined();
    expect(fastSpanHead('{"hello":"world"}')).toBeUndefined();
  });
});
