import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startOtlpGrpcReceiver } from '../support/receivers/otlp-grpc-receiver';
import { pollUntil } from './otlp-test-spans';

const CHILD = fileURLToPath(new URL('./fixtures/otlp-grpc-shutdown-child.ts', import.meta.url));
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('OTLP/gRPC shutdown (child process)', () => {
  it('with a call hanging at the collector: shutdown cancels it, leaves nothing that keeps the process alive, and the process ends by itself', async () => {
    const receiver = await startOtlpGrpcReceiver({ fault: { mode: 'hang' } });
    closers.push(() => receiver.close());
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, receiver.url], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    closers.push(() => void child.kill('SIGKILL'));

    // The export is really in flight at the collector before shutdown starts.
    expect(await pollUntil(() => receiver.requests >= 1, 20_000), stderr).toBe(true);
    child.stdin.write('shutdown\n');
    // The gRPC call's own deadline is 60 s: a child still alive at 20 s kept a call or channel open.
    const guard = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 20_000).unref());
    const code = await Promise.race([exited, guard]);
    expect(code, `stdout=${stdout} stderr=${stderr}`).toBe(0);

    const { stats, resources } = JSON.parse(stdout) as { stats: Record<string, unknown>; resources: string[] };
    // Nothing ref'd that lasts: no timer (grpc-js keeps one while a call runs), no open socket.
    // A socket shutdown in progress or a queued setImmediate may show up; they end by themselves.
    expect(resources.filter((r) => r === 'Timeout' || r === 'TCPSocketWrap' || r === 'TCPWrap')).toEqual([]);
    expect(stats).toMatchObject({ exportedSpans: 0, failedSpans: 3, droppedSpans: 0, queueSize: 0, inFlightSpans: 0 });
    expect(receiver.cancelled).toBe(1);
  }, 45_000);
});
