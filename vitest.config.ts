import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A hang detector, not a budget: every test's budget is a run count. The slowest test runs for about 20 s on an
    // idle core (a matrix cell that needs thousands of schedules to witness, the livelocking broker), so 5 minutes
    // stays far above it with the other core busy too.
    testTimeout: 300_000,
    // The viewer test's beforeAll inflates and starts Chromium (a few seconds).
    hookTimeout: 300_000,
  },
});
