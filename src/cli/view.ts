import { spawn } from 'node:child_process';
import { FileTraceSource } from '../viewer/file-source';
import { resolveInputs } from '../viewer/file-inputs';
import { DEFAULT_VIEWER_HOST, DEFAULT_VIEWER_PORT, startViewerServer } from '../viewer/server';

export const VIEW_USAGE = `Usage: tracewright view [files, folders or patterns...] [options]

Serves a page with the traces in JSON-lines files written by tracewright's file exporter or
the OpenTelemetry Collector's file exporter (OTLP/JSON, one request per line). Rotated files
(spans.jsonl.1 ...) are read with their file; growing files are followed.

Options:
  --port <n>       port to listen on, 0 for any free one (default ${DEFAULT_VIEWER_PORT})
  --host <addr>    address to bind (default ${DEFAULT_VIEWER_HOST}; anything else is reachable
                   from other machines and prints a warning)
  --token <t>      require this token (or set TRACEWRIGHT_VIEWER_TOKEN)
  --open           open the page in the default browser
  --no-follow      read the files once; do not watch them grow
  --poll <ms>      how often to look for new data (default 1000)
  -h, --help       this text`;

export interface ViewArgs {
  inputs: string[];
  port: number;
  host: string;
  token?: string;
  open: boolean;
  follow: boolean;
  pollMs: number;
}

/** Thrown for a bad command line: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {}

export function parseViewArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ViewArgs {
  const args: ViewArgs = { inputs: [], port: DEFAULT_VIEWER_PORT, host: DEFAULT_VIEWER_HOST, open: false, follow: true, pollMs: 1000 };
  const token = env.TRACEWRIGHT_VIEWER_TOKEN?.trim();
  if (token) args.token = token;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const integer = (name: string, v: string, min: number, max: number) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${v}"`);
      return n;
    };
    if (flag === '--port') args.port = integer('--port', value(), 0, 65535);
    else if (flag === '--host') args.host = value();
    else if (flag === '--token') args.token = value();
    else if (flag === '--open') args.open = true;
    else if (flag === '--no-follow') args.follow = false;
    else if (flag === '--poll') args.pollMs = integer('--poll', value(), 50, 3_600_000);
    else if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
    else args.inputs.push(arg);
  }
  if (args.inputs.length === 0) throw new UsageError('name at least one file, folder or pattern');
  if (args.token !== undefined && args.token.length < 8) throw new UsageError('the token must have at least 8 characters');
  return args;
}

/** Runs `tracewright view`; resolves with a function that stops it. */
export async function runView(args: ViewArgs, out: (line: string) => void, err: (line: string) => void): Promise<() => Promise<void>> {
  const files = await resolveInputs(args.inputs);
  if (files.length === 0) err(`tracewright view: nothing to read yet at ${args.inputs.join(', ')}${args.follow ? ' (waiting for it to appear)' : ''}`);
  const source = new FileTraceSource({ inputs: args.inputs, follow: args.follow, pollMs: args.pollMs });
  const server = await startViewerServer(source, { port: args.port, host: args.host, token: args.token, warn: err }).catch(async (error: Error) => {
    await source.close();
    throw error;
  });
  out(`tracewright viewer: ${server.url} (${files.length} file${files.length === 1 ? '' : 's'}${args.follow ? ', following' : ''})`);
  if (args.token !== undefined) out('tracewright viewer: open it once with ?token=<your token> (then a cookie keeps it)');
  void source.ready.then(async () => {
    const o = await source.overview();
    out(`tracewright viewer: read ${o.spanCount} spans in ${o.traceCount} traces`);
    if (o.skipped.count > 0 && o.skipped.first) {
      err(`tracewright viewer: skipped ${o.skipped.count} line(s); first: ${o.skipped.first.file}:${o.skipped.first.line} (${o.skipped.first.reason})`);
    }
  });
  if (args.open) openBrowser(server.url);
  return () => server.close();
}

function openBrowser(url: string): void {
  const [command, ...rest] = process.platform === 'darwin' ? ['open'] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""'] : ['xdg-open'];
  const child = spawn(command!, [...rest, url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
