import { defineConfig } from 'vitest/config';

/** Conformance suites that need an outside checkout (`npm run test:w3c`); not part of `npm test`. */
export default defineConfig({
  test: {
    include: ['test/conformance/**/*.conformance.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
  },
});
