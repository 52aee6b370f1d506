import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // CI=false: Ink draws only the last frame under CI, and the TUI suites read every frame (the app's own
    // CI detection is tested with explicit environments).
    env: { TZ: 'Asia/Kolkata', CI: 'false' },
    globalSetup: ['test/setup/secret-scan.global.ts'],
    setupFiles: ['test/setup/capture-output.ts'],
  },
});
