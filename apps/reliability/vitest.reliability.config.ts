import { relative } from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import shared from '../../vitest.shared.ts';

/**
 * Files run one at a time in name order, so `zz-report.reliability.test.ts` (which checks the
 * figures every other file recorded) always runs last. Vitest's default order is by past
 * duration, which would not guarantee that.
 */
class ByNameSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const name = (file: TestSpecification) => relative(file.project.config.root, file.moduleId);
    return [...files].sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  }
}

const config = mergeConfig(
  shared,
  defineConfig({
    test: {
      testTimeout: 120_000,
      hookTimeout: 60_000,
      // One file at a time: the crash tests spawn processes and time matters.
      fileParallelism: false,
      sequence: { sequencer: ByNameSequencer },
      // Clears the figures of the last run, and prints the report once every file is done.
      globalSetup: ['./src/global-setup.ts'],
    },
  }),
);

// mergeConfig concatenates arrays, and the shared config excludes `*.reliability.test.ts`
// (so `pnpm test` skips this suite): replace include and exclude rather than merge them.
config.test = {
  ...config.test,
  include: ['src/**/*.reliability.test.ts'],
  exclude: ['**/node_modules/**', '**/dist/**'],
};

export default config;
