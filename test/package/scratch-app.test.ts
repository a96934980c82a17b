import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The packed tarball installed the way a user installs it, beside @opentelemetry/api@latest and a
 * current contrib instrumentation, on the Node running this suite (Node 24, and 22.15 in CI).
 * Needs the npm registry: an app that installs tracewright needs it too.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
// npm itself runs on the Node under test, so its engine checks read that version.
const npmCli = process.env.npm_execpath?.endsWith('npm-cli.js')
  ? process.env.npm_execpath
  : realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
const npm = (args: string[], cwd: string) =>
  execFileSync(process.execPath, [npmCli, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'warn', npm_config_fund: 'false', npm_config_audit: 'false' } });

let app: string;
let installLog: string;

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'tracewright-scratch-'));
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', app], root)) as Array<{ filename: string }>;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }));
  copyFileSync(join(root, 'test/package/fixtures/scratch-app.mjs'), join(app, 'app.mjs'));
  // stderr carries npm's warnings; capture both streams of the one install.
  installLog = execFileSync(
    'sh',
    ['-c', `"${process.execPath}" "${npmCli}" install --no-audit --no-fund ./${packed[0]!.filename} @opentelemetry/api@latest @opentelemetry/instrumentation@latest @opentelemetry/instrumentation-undici@latest 2>&1`],
    { cwd: app, encoding: 'utf8' },
  );
}, 240_000);

afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('tracewright beside current OpenTelemetry packages (packed tarball, fresh app)', () => {
  it('installs with no peer-dependency or engine warning', () => {
    expect(installLog).toMatch(/added \d+ packages/);
    expect(installLog).not.toMatch(/ERESOLVE|peer dep|conflicting peer|EBADENGINE/i);
  });

  const versionsOf = (pkg: string): string[] => {
    const tree = JSON.parse(npm(['ls', pkg, '--all', '--json'], app)) as unknown;
    const versions = new Set<string>();
    const walk = (node: { version?: string; dependencies?: Record<string, unknown> }, name?: string) => {
      if (name === pkg && node.version) versions.add(node.version);
      for (const [dep, child] of Object.entries(node.dependencies ?? {})) walk(child as never, dep);
    };
    walk(tree as never);
    return [...versions];
  };

  it('one copy of @opentelemetry/api in the app, the latest one', () => {
    const latest = npm(['view', '@opentelemetry/api', 'version'], app).trim();
    expect(versionsOf('@opentelemetry/api')).toEqual([latest]);
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/@opentelemetry/api/package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(latest);
  });

  it("the contrib instrumentation's CLIENT span and tracewright's spans form one trace with correct parents", () => {
    const out = JSON.parse(execFileSync(process.execPath, ['app.mjs'], { cwd: app, encoding: 'utf8' }).trim().split('\n').pop()!) as {
      body: string;
      spans: Array<{ name: string; kind: number; scope: string; traceId: string; spanId: string; parentSpanId?: string }>;
    };
    expect(out.body).toBe('ok');
    const outer = out.spans.find((s) => s.name === 'outer');
    const client = out.spans.find((s) => s.kind === 2 && s.scope.includes('undici'));
    const server = out.spans.find((s) => s.kind === 1);
    expect(outer, JSON.stringify(out.spans)).toBeDefined();
    expect(client, JSON.stringify(out.spans)).toBeDefined();
    expect(server, JSON.stringify(out.spans)).toBeDefined();
    expect(new Set(out.spans.map((s) => s.traceId)).size).toBe(1);
    expect(outer!.parentSpanId).toBeUndefined();
    expect(client!.parentSpanId).toBe(outer!.spanId); // contrib span under tracewright's withSpan
    expect(server!.parentSpanId).toBe(client!.spanId); // tracewright's middleware under the contrib span
    expect(server!.name).toBe('GET'); // no route known: the method alone, per the HTTP conventions
  });
});
