import { randomFillSync } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initializeTracing, shutdownTracing, withSpan } from '../../src/index';
import { PooledRandomIdGenerator } from '../../src/sdk/id-generator';
import { getFinishedSpans } from '../../src/testing';

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  // a spy that passes through to the real CSPRNG unless a test swaps the implementation
  return { ...real, randomFillSync: vi.fn(real.randomFillSync) };
});

afterEach(async () => {
  await shutdownTracing();
  vi.mocked(randomFillSync).mockClear();
});

describe('PooledRandomIdGenerator', () => {
  it('gives 32 / 16 lower-case hex characters, never all zeros, distinct over 100k of each', () => {
    const ids = new PooledRandomIdGenerator();
    const traceIds = new Set<string>();
    const spanIds = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const t = ids.generateTraceId();
      const s = ids.generateSpanId();
      if (!/^[0-9a-f]{32}$/.test(t) || t === '0'.repeat(32)) throw new Error(`bad trace id ${t}`);
      if (!/^[0-9a-f]{16}$/.test(s) || s === '0'.repeat(16)) throw new Error(`bad span id ${s}`);
      traceIds.add(t);
      spanIds.add(s);
    }
    expect(traceIds.size).toBe(100_000);
    expect(spanIds.size).toBe(100_000);
  });

  it('reads its bytes from crypto.randomFillSync (the CSPRNG), one call per 4 KiB of ids', () => {
    const ids = new PooledRandomIdGenerator();
    const calls = vi.mocked(randomFillSync).mock.calls.length;
    // 4096 bytes = 170 trace + span id pairs (24 bytes each) per fill
    for (let i = 0; i < 170; i++) {
      ids.generateTraceId();
      ids.generateSpanId();
    }
    ids.generateTraceId(); // the last 16 bytes of the pool
    expect(vi.mocked(randomFillSync).mock.calls.length - calls).toBe(1);
    ids.generateSpanId();
    expect(vi.mocked(randomFillSync).mock.calls.length - calls).toBe(2);
  });

  it('the hex is the bytes the CSPRNG gave, and an all-zero draw is drawn again', () => {
    let fill = 0;
    vi.mocked(randomFillSync).mockImplementation(((buffer: Buffer) => {
      // first pool: 16 zero bytes, then 0x01..; the zero trace id must be skipped
      buffer.fill(0);
      for (let i = 16; i < buffer.length; i++) buffer[i] = (i - 15 + fill) & 0xff;
      fill++;
      return buffer;
    }) as typeof randomFillSync);
    try {
      const ids = new PooledRandomIdGenerator();
      expect(ids.generateTraceId()).toBe('0102030405060708090a0b0c0d0e0f10');
      expect(ids.generateSpanId()).toBe('1112131415161718');
    } finally {
      vi.mocked(randomFillSync).mockRestore();
    }
  });

  it('is the provider id generator after initializeTracing: ids come from the pool, spans parent as before', async () => {
    await initializeTracing({ serviceName: 'ids', exporterType: 'memory', handleSignals: false, logLevel: 'none' });
    const before = vi.mocked(randomFillSync).mock.calls.length;
    withSpan('parent', () => withSpan('child', () => 1));
    expect(vi.mocked(randomFillSync).mock.calls.length).toBeGreaterThan(before);
    const spans = await getFinishedSpans();
    const parent = spans.find((s) => s.name === 'parent')!;
    const child = spans.find((s) => s.name === 'child')!;
    expect(parent.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(child.spanContext().spanId).not.toBe(parent.spanContext().spanId);
  });
});
