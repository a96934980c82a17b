import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./fixtures/dead-backend-child.ts', import.meta.url));

/** A loopback port that nothing listens on (bound by the OS, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not exit by itself; stdout=${stdout} stderr=${stderr}`));
    }, 25_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('exit behaviour with a dead backend (child process)', () => {
  it('never keeps the process alive: queued spans, a pending batch timer and a retry backoff are all unref\'d', async () => {
    const port = await deadPort();
    const { code, stdout } = await run([`http://127.0.0.1:${port}`, 'leave']);
    expect(code).toBe(0);
    const { left } = JSON.parse(stdout) as { left: Record<string, number> };
    // One batch in flight waiting for its retry, the rest queued behind it.
    expect(left).toMatchObject({ exportedSpans: 0, droppedSpans: 0, failedSpans: 0 });
    expect(left.queueSize! + left.inFlightSpans!).toBe(25);
    expect(left.failedExports).toBeGreaterThanOrEqual(1);
  });

  it('an awaited shutdown() resolves by its deadline and counts every span', async () => {
    const port = await deadPort();
    const { code, stdout } = await run([`http://127.0.0.1:${port}`, 'shutdown']);
    expect(code).toBe(0);
    const stats = JSON.parse(stdout) as Record<string, number>;
    expect(stats).toMatchObject({ exportedSpans: 0, droppedSpans: 0, failedSpans: 25, queueSize: 0, inFlightSpans: 0 });
    expect(stats.retriedExports).toBeGreaterThanOrEqual(1);
  });
});
