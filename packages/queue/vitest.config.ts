import { defineConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// Vitest hands the SSR conditions to the test worker as Node `--conditions`, and Node applies
// them to `require()` too: with the shared `import` condition, pg's `require('pg-pool')` gets
// pg-pool's ESM namespace instead of its class. Only our own condition is added here.
const conditions = ['@tikrx/source', 'node'];

export default defineConfig({
  ...shared,
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    ...shared.test,
    globalSetup: ['./test/global-setup.ts'],
    // Worker processes, stalled-job recovery and quota resets take seconds, not ms.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // The crawl tests start worker processes; one file at a time keeps the 2-core box sane.
    fileParallelism: false,
  },
});
