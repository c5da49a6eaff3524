import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A browser test opens every operation of both pages, twice: give it room on 2 cores.
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
