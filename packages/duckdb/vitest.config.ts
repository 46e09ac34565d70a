import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// Each test crawls the simulator and writes real DuckDB files: slow on a loaded machine.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 60_000 } }));
