// SPDX-License-Identifier: Apache-2.0
import { defineConfig } from 'vitest/config';

/**
 * Three projects: unit tests beside the code (pure logic, no lab), integration tests
 * against the running lab, and end-to-end tests that drive the real UI in Chromium.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared,main,renderer,preload}/**/*.test.{ts,tsx}', 'test/{lab,harness,bench}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{main,test}/**/*.int.test.ts'],
          globalSetup: ['test/harness/lab-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          // a real browser against a real, loaded lab: one retry, and `npm test` lists every test
          // that needed it (scripts/test.mjs), so a flaky test is seen, not hidden
          retry: 1,
          globalSetup: ['test/harness/lab-global-setup.ts', 'test/e2e/build-global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
