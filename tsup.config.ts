import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // One shared chunk, so `tracewright/testing` sees the same tracing state as `tracewright`.
  splitting: true,
  treeshake: true,
  // The SDK and gRPC are dependencies (one copy per app), never bundled.
  external: [/^@opentelemetry\//, /^@grpc\//],
});
