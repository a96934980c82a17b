import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __dirname: string | undefined;

/** The folder of the built page (`dist/viewer/assets`), found from wherever this code was bundled into. */
export function findAssetsDir(): string | undefined {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'viewer', 'assets'),
    join(here, 'assets'),
    join(here, '..', 'viewer', 'assets'),
    join(here, '..', '..', 'dist', 'viewer', 'assets'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'app.js')));
}

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/** Only the files the build writes are served: no path from the request reaches the file system. */
export async function readAsset(dir: string | undefined, name: string): Promise<{ body: Buffer; type: string } | undefined> {
  if (!dir || !['app.js', 'app.css'].includes(name)) return undefined;
  const body = await readFile(join(dir, name)).catch(() => undefined);
  return body ? { body, type: TYPES[name.split('.').pop()!]! } : undefined;
}

export function pageHtml(title: string): string {
  const safe = title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safe}</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<div id="app"><p class="empty">Loading… (the viewer needs JavaScript)</p></div>
<script type="module" src="/assets/app.js"></script>
</body>
</html>
`;
}
