import { TikrxError } from '@tikrx/core';
import {
  parseFaultSpec,
  SIMULATOR_CREDENTIALS,
  type SimulatorOptions,
  startSimulator,
} from '@tikrx/simulator';
import type { CredentialVariable } from './credentials.js';
import type { Simulator, TargetFlags } from './target.js';

/** The credentials `--simulator` answers to, by the variable they stand for. */
export const SIMULATOR_VALUES: Record<CredentialVariable, string> = {
  TIKTOK_CLIENT_KEY: SIMULATOR_CREDENTIALS.clientKey,
  TIKTOK_CLIENT_SECRET: SIMULATOR_CREDENTIALS.clientSecret,
  TIKTOK_ACCESS_TOKEN: SIMULATOR_CREDENTIALS.displayAccessToken,
  SOCIALFETCH_API_KEY: SIMULATOR_CREDENTIALS.apiKey,
};

/** The simulator `--simulator` runs in-process, with the `--sim-*` flags. */
export function startEmbeddedSimulator(flags: TargetFlags): Promise<Simulator> {
  return startSimulator(simulatorOptions(flags));
}

export function simulatorOptions(flags: {
  simSeed?: string;
  simFaults?: string;
  simLatency?: number;
  simSize?: number;
}): SimulatorOptions {
  const options: SimulatorOptions = {};
  if (flags.simSeed !== undefined) options.seed = seedOf(flags.simSeed);
  if (flags.simSize !== undefined) options.size = flags.simSize;
  if (flags.simLatency !== undefined) options.latencyMs = flags.simLatency;
  if (flags.simFaults !== undefined) {
    try {
      options.faults = parseFaultSpec(flags.simFaults);
    } catch (error) {
      throw new TikrxError({
        kind: 'bad_request',
        message: `--sim-faults: ${(error as Error).message}`,
      });
    }
  }
  return options;
}

/** A numeric seed stays a number (seed 7 and "7" give the same dataset as in code). */
function seedOf(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}
