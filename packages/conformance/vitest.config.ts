import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The drivers walk a whole account's life (instances, images, templates) through transitional
    // states, and the Python one starts an interpreter: wide margins for a loaded machine.
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
