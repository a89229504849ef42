import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A hang detector, not a budget: every test's budget is a run count. The slowest test under this default runs
    // for about 20 s on an idle core and 70 s on a loaded machine (the livelocking broker; a matrix cell that needs
    // thousands of schedules to witness), so 5 minutes stays far above it. The CLI battery sets its own.
    testTimeout: 300_000,
    // The viewer test's beforeAll inflates and starts Chromium (a few seconds).
    hookTimeout: 300_000,
  },
});
