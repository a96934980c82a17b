import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Turns what the user named into the files to read, oldest first where the order is known:
 * a file brings its rotated siblings (`spans.jsonl.5` … `spans.jsonl.1`, as the file exporter
 * names them) before itself; a folder brings its regular files; a name with `*` or `?` is a
 * pattern over the files of its folder. Resolved again on every poll, so new files are found.
 */
export async function resolveInputs(specs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const spec of specs) {
    const path = resolve(spec);
    if (/[*?]/.test(basename(path))) {
      const pattern = globToRegExp(basename(path));
      const names = await listFiles(dirname(path));
      out.push(...names.filter((n) => pattern.test(n)).map((n) => join(dirname(path), n)));
      continue;
    }
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = await listFiles(path);
      out.push(...orderRotated(names.filter((n) => !n.startsWith('.'))).map((n) => join(path, n)));
      continue;
    }
    const siblings = (await listFiles(dirname(path))).filter((n) => n.startsWith(`${basename(path)}.`) && /^\d+$/.test(n.slice(basename(path).length + 1)));
    out.push(...orderRotated(siblings).map((n) => join(dirname(path), n)), path);
  }
  return [...new Set(out)];
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name).sort();
}

/** `x.3`, `x.2`, `x.1`, `x`: the highest rotation number is the oldest. */
function orderRotated(names: string[]): string[] {
  const rotation = (n: string) => {
    const m = /\.(\d+)$/.exec(n);
    return m ? Number(m[1]) : 0;
  };
  return [...names].sort((a, b) => {
    const base = (n: string) => n.replace(/\.\d+$/, '');
    return base(a) === base(b) ? rotation(b) - rotation(a) : a < b ? -1 : 1;
  });
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}
