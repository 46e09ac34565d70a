import { defineConfig } from 'vitest/config';

// Tests import sibling packages through their `@tikrx/source` export condition, so they run
// against src/ and a fresh clone needs no build before `pnpm test`.
const conditions = ['@tikrx/source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.reliability.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
