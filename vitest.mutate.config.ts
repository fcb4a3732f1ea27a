import { defineConfig } from 'vitest/config';

/** The fast tiers only, for mutation testing (`npm run mutate`): no build, no spawned CLI. */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/contract/**/*.test.ts'],
    setupFiles: ['tests/helpers/no-network.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
