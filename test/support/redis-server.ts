/**
 * Starts a real, throwaway `redis-server` on a free loopback port for a test file.
 *
 * The binary comes from Debian's `redis-server` package. When it is missing and we run as root,
 * the setup installs it with apt-get; otherwise it fails with the command to run. It never skips.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';

export interface RedisServer {
  host: string;
  port: number;
  /** `redis://127.0.0.1:<port>` */
  url: string;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'Install it with: sudo apt-get install -y redis-server (Debian/Ubuntu), then re-run the tests.';

/** Finds `redis-server`, installing Debian's package when missing and running as root. */
export function findRedisServer(): string {
  const found = which('redis-server');
  if (found) return found;
  if (process.platform === 'linux' && process.getuid?.() === 0 && which('apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let result = spawnSync('apt-get', ['install', '-y', '-q', 'redis-server'], { env, encoding: 'utf8' });
    if (result.status !== 0) {
      spawnSync('apt-get', ['update', '-q'], { env, encoding: 'utf8' });
      result = spawnSync('apt-get', ['install', '-y', '-q', 'redis-server'], { env, encoding: 'utf8' });
    }
    const after = which('redis-server');
    if (after) return after;
    throw new Error(`redis-server is not installed and "apt-get install -y redis-server" failed:\n${result.stderr}\n${INSTALL_HINT}`);
  }
  throw new Error(`redis-server was not found on PATH or in /usr/bin, /usr/local/bin, /usr/sbin. ${INSTALL_HINT}`);
}

function which(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/usr/local/bin', '/usr/sbin', '/bin']) {
    if (!dir) continue;
    const candidate = `${dir}/${name}`;
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts redis-server; retries on a fresh port if another process grabbed the chosen one. */
export async function startRedis(): Promise<RedisServer> {
  const binary = findRedisServer();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await launch(binary, port);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

async function launch(binary: string, port: number): Promise<RedisServer> {
  const host = '127.0.0.1';
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await ping(host, port)) {
      return { host, port, url: `redis://${host}:${port}`, stop: () => stopChild(child, exited) };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stopChild(child, exited);
  throw new Error(`redis-server did not start on ${host}:${port}:\n${output}`);
}

function ping(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
