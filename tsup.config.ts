import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The viewer's server is its own entry so that `startTraceViewer` loads it on first call.
    entry: {
      index: 'src/index.ts',
      'testing/index': 'src/testing/index.ts',
      'semconv/index': 'src/semconv/index.ts',
      'viewer/server': 'src/viewer/start-trace-viewer.ts',
    },
    format: ['esm', 'cjs'],
    dts: { entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', 'semconv/index': 'src/semconv/index.ts' } },
    sourcemap: true,
    // Keep what the builds below write: they run at the same time.
    clean: ['!viewer/assets/**', '!cli/**'],
    target: 'node22',
    platform: 'node',
    // One shared chunk, so `tracewright/testing` sees the same tracing state as `tracewright`.
    splitting: true,
    treeshake: true,
    // The SDK and gRPC are dependencies (one copy per app), never bundled.
    external: [/^@opentelemetry\//, /^@grpc\//],
  },
  {
    // The `tracewright` command (package.json `bin`): ESM only, one file, its own process.
    entry: { 'cli/index': 'src/cli/index.ts' },
    format: ['esm'],
    sourcemap: false,
    dts: false,
    clean: false,
    target: 'node22',
    platform: 'node',
    splitting: false,
    external: [/^@opentelemetry\//, /^@grpc\//],
  },
  {
    // The viewer's page: one script and one stylesheet, no network at run time.
    entry: { app: 'src/viewer/page/app.ts' },
    outDir: 'dist/viewer/assets',
    format: ['esm'],
    outExtension: () => ({ js: '.js' }),
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    dts: false,
    clean: false,
    splitting: false,
  },
]);
