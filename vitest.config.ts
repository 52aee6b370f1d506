import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    env: { TZ: 'Asia/Kolkata' },
    globalSetup: ['test/setup/secret-scan.global.ts'],
    setupFiles: ['test/setup/capture-output.ts'],
  },
});
