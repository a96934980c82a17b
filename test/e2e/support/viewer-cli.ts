import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = `${ROOT}dist/cli/index.js`;
export const CHROMIUM = '/usr/bin/chromium';

/** Fails (never skips) when the browser or the build is missing, saying how to get it. */
export function requireBrowserAndBuild(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: the viewer's browser tests need it. Install it with: apt-get install -y chromium (or run scripts/install-chromium.sh as root).`);
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does it first).`);
}

export interface RunningCli {
  url: string;
  stdout: () => string;
  stderr: () => string;
  stop(): Promise<void>;
}

/** Starts `tracewright view …` from the build, as `npx tracewright view` runs it, and waits for its address. */
export async function startCli(args: string[], deadlineMs = 20_000): Promise<RunningCli> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'view', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tracewright view did not print its address in time.\nstdout: ${out}\nstderr: ${err}`)), deadlineMs);
    const check = () => {
      const m = /tracewright viewer: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tracewright view exited with ${code}.\nstdout: ${out}\nstderr: ${err}`));
    });
  });
  return { url, stdout: () => out, stderr: () => err, stop };
}
