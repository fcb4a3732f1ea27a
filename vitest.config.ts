import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/helpers/no-network.ts'],
    globalSetup: ['tests/helpers/build-once.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
