import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // A hook may bundle the document (test/bundle-drift.test.ts): seconds on a loaded machine.
    hookTimeout: 60_000,
  },
});
