import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // The tests under test/ spawn the built CLI, several runs per test, while turbo runs other
      // packages' suites on the same cores: these are safety nets against a hang, not speed
      // targets (speed is apps/bench's), so they leave room for a loaded 2-core CI machine.
      testTimeout: 120_000,
      hookTimeout: 60_000,
    },
  }),
);
