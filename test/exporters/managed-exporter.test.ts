import { describe, expect, it } from 'vitest';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { ExportTimeoutError, ManagedExporter } from '../../src/pipeline/managed-exporter';
import { emptyStats, sumStats, type ExportStats } from '../../src/pipeline/stats';
import { SpanRing } from '../../src/pipeline/span-ring';
import { ScriptedExporter, grpcError } from '../pipeline/scripted-exporter';

const fakeSpans = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}` }) as unknown as ReadableSpan);

describe('ManagedExporter', () => {
  it('counts each attempt, its spans and its duration; snapshots are copies', async () => {
    const m = new ManagedExporter('scripted', new ScriptedExporter(['ok', { fail: grpcError(14) }]));
    expect(await m.send(fakeSpans(3), 1000)).toEqual({ ok: true });
    const before = m.getStats();
    const failed = await m.send(fakeSpans(2), 1000, true);
    expect(failed.ok).toBe(false);
    expect(before.totalExports).toBe(1);
    expect(m.getStats()).toMatchObject({
      totalExports: 2, successfulExports: 1, failedExports: 1, retriedExports: 1, exportedSpans: 3, lastError: '14 test',
    });
    expect(m.getStats().lastExportDurationMs).toBeGreaterThanOrEqual(0);
  });

  it('waits for a lazily created exporter and works through the plain export() call', async () => {
    const inner = new ScriptedExporter(['ok']);
    const m = new ManagedExporter('lazy', new Promise<SpanExporter>((r) => setTimeout(() => r(inner), 20)));
    expect(String(m)).toBe('ManagedExporter(lazy: loading)');
    const result = await new Promise<ExportResult>((r) => m.export(fakeSpans(2), r));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(inner.delivered).toEqual(['s0', 's1']);
    expect(String(m)).toBe('ManagedExporter(lazy: ScriptedExporter)');
    expect(m.exporter).toBe(inner);
  });

  it('times out a hanging exporter once and ignores its late answer', async () => {
    const inner = new ScriptedExporter(['hang']);
    const m = new ManagedExporter('slow', inner);
    const outcome = await m.send(fakeSpans(4), 30);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBeInstanceOf(ExportTimeoutError);
    inner.release();
    await new Promise((r) => setTimeout(r, 5));
    expect(m.getStats()).toMatchObject({ totalExports: 1, successfulExports: 0, failedExports: 1, exportedSpans: 0 });
  });

  it('turns an exporter that throws into a failed attempt', async () => {
    const throwing: SpanExporter = {
      export: () => {
        throw new Error('boom');
      },
      shutdown: async () => {},
    };
    const m = new ManagedExporter('throws', throwing);
    expect(await m.send(fakeSpans(1), 100)).toMatchObject({ ok: false });
    expect(m.getStats().lastError).toBe('boom');
    await m.shutdown();
    await m.shutdown();
  });
});

describe('sumStats', () => {
  it('adds every counter and keeps the last error and duration', () => {
    const a: ExportStats = { ...emptyStats(), totalExports: 2, exportedSpans: 10, queueSize: 1, lastError: 'a', lastExportDurationMs: 5 };
    const b: ExportStats = { ...emptyStats(), totalExports: 3, droppedSpans: 4, failedSpans: 2, inFlightSpans: 7, retriedExports: 1, spooledSpans: 6, spoolBytes: 100 };
    expect(sumStats([a, b])).toEqual({
      totalExports: 5, successfulExports: 0, failedExports: 0, retriedExports: 1, queueSize: 1,
      exportedSpans: 10, droppedSpans: 4, failedSpans: 2, inFlightSpans: 7, lastError: 'a', lastExportDurationMs: 5,
      spooledSpans: 6, spoolBytes: 100, replayedSpans: 0, spoolDroppedSpans: 0, corruptFrames: 0, recoveredSpans: 0,
    });
    expect(sumStats([])).toEqual(emptyStats());
  });
});

describe('SpanRing', () => {
  it('is a bounded FIFO across wrap-around', () => {
    const ring = new SpanRing<number>(3);
    expect([ring.push(1), ring.push(2), ring.push(3), ring.push(4)]).toEqual([true, true, true, false]);
    expect(ring.take(2)).toEqual([1, 2]);
    expect([ring.push(5), ring.push(6), ring.push(7)]).toEqual([true, true, false]);
    expect(ring.length).toBe(3);
    expect(ring.take(10)).toEqual([3, 5, 6]);
    expect(ring.take(1)).toEqual([]);
    ring.push(8);
    expect(ring.clear()).toBe(1);
    expect(ring.length).toBe(0);
  });
});
