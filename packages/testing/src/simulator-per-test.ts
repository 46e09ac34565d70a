import { type Simulator, type SimulatorOptions, startSimulator } from '@tikrx/simulator';
import { afterEach } from 'vitest';

/**
 * Starts simulators on free ports for the tests of one file; every simulator a test started is
 * closed after it, pass or fail. Call at the top of the file:
 * `const startSim = simulatorPerTest();` then `const sim = await startSim({ seed: 7 });`.
 */
export function simulatorPerTest(): (options?: SimulatorOptions) => Promise<Simulator> {
  const running: Simulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.close()));
  });
  return async (options) => {
    const sim = await startSimulator(options);
    running.push(sim);
    return sim;
  };
}
