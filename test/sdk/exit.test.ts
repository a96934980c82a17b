import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startOtlpHttpReceiver } from '../support/receivers';

const fixture = fileURLToPath(new URL('../fixtures/exit-child.ts', import.meta.url));

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  spans: { name: string }[];
  stderr: string;
}

function runChild(args: string[], signal?: NodeJS.Signals): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (signal && stderr.includes('ready\n')) child.kill(signal);
    });
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      const spans = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { name: string });
      resolve({ code, signal: sig, spans, stderr });
    });
  });
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `work ${i}`);

describe('flush on the way out (child processes)', () => {
  it('a process whose event loop runs dry flushes every span and exits 0 by itself', async () => {
    const result = await runChild(['natural', '7']);
    expect(result.code).toBe(0);
    expect(result.spans.map((s) => s.name).sort()).toEqual(names(7).sort());
  });

  it('SIGTERM with no app handler: flushes every span, then dies by SIGTERM as it would have', async () => {
    const result = await runChild(['signal', '5'], 'SIGTERM');
    expect(result.signal).toBe('SIGTERM');
    expect(result.spans.map((s) => s.name).sort()).toEqual(names(5).sort());
  });

  it('SIGINT with no app handler: flushes, then dies by SIGINT', async () => {
    const result = await runChild(['signal', '3'], 'SIGINT');
    expect(result.signal).toBe('SIGINT');
    expect(result.spans).toHaveLength(3);
  });

  it("an app's own SIGTERM handler runs and decides the exit; its shutdownTracing delivers the spans", async () => {
    const result = await runChild(['app-handler', '4'], 'SIGTERM');
    expect(result.stderr).toContain('app handler');
    expect(result.code).toBe(0);
    expect(result.signal).toBeNull();
    expect(result.spans).toHaveLength(4);
  });

  it('handleSignals: false leaves signals alone (SIGTERM kills at once, nothing flushed)', async () => {
    const result = await runChild(['no-hooks', '4'], 'SIGTERM');
    expect(result.signal).toBe('SIGTERM');
    expect(result.spans).toHaveLength(0);
  });

  describe('with a dead backend', () => {
    let closed: Server;
    let port = 0;
    afterAll(() => closed?.close());

    it('still exits by itself (the flush is bounded), and the healthy exporter delivers', async () => {
      // Reserve a port, then close it so connections are refused.
      closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
      port = (closed.address() as { port: number }).port;
      await new Promise<void>((r) => closed.close(() => r()));
      const result = await runChild(['dead-backend', '3', String(port)]);
      expect(result.code).toBe(0);
      expect(result.spans).toHaveLength(3);
    });
  });

  describe('a batch waiting for its retry when the event loop runs dry', () => {
    it('is retried at once and delivered: all 512 spans arrive after one 503, exit code 0', async () => {
      const receiver = await startOtlpHttpReceiver({ fault: { mode: 'fail', status: 503, times: 1 } });
      try {
        const result = await runChild(['retry-at-exit', '512', receiver.url]);
        expect(result.code).toBe(0);
        expect(receiver.log.map((r) => r.outcome)).toEqual(['failed', 'accepted']);
        expect(new Set(receiver.spans.map((s) => s.name)).size).toBe(512);
        expect(result.stderr).not.toContain('not delivered');
      } finally {
        await receiver.close();
      }
    });

    it('what cannot be delivered by the deadline is counted and reported on stderr, even at logLevel none', async () => {
      const receiver = await startOtlpHttpReceiver({ fault: { mode: 'fail', status: 503 } });
      try {
        const result = await runChild(['undeliverable-at-exit', '64', receiver.url]);
        expect(result.code).toBe(0);
        expect(receiver.spans).toHaveLength(0);
        expect(receiver.log.length).toBeGreaterThanOrEqual(2); // the first attempt, and the retry the exit flush started
        expect(result.stderr).toContain('tracewright: 64 span(s) were not delivered before the process exited');
      } finally {
        await receiver.close();
      }
    });
  });
});
