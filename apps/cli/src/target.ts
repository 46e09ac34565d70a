import type { startSimulator } from '@tikrx/simulator';
import { CREDENTIAL_VARIABLES, type CredentialVariable, credentialFromEnv } from './credentials.js';
import type { DebugFlags } from './debug-options.js';
import { type DebugSession, openDebugSession } from './debug-session.js';

/** The flags that choose which server a command talks to (and what to keep for debugging). */
export interface TargetFlags extends DebugFlags {
  simulator?: boolean;
  baseUrl?: string;
  simSeed?: string;
  simFaults?: string;
  simLatency?: number;
  simSize?: number;
}

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

/** Where requests go and with which credentials: the real APIs, `--base-url`, or an embedded simulator. */
export interface Target {
  /** Absent: each client's default host (the real API). */
  baseUrl?: string;
  /** The embedded simulator, with `--simulator`. */
  simulator?: Simulator;
  credential(name: CredentialVariable): string;
  /** `--log-file`, `--verbose`, `--raw-responses`, for every client. */
  debug: DebugSession;
  close(): Promise<void>;
}

/**
 * Opens the target. Credentials are read before anything starts, so a missing one fails
 * first, naming its variable.
 */
export async function openTarget(flags: TargetFlags, needs: CredentialVariable[]): Promise<Target> {
  if (!flags.simulator) {
    const values = new Map(needs.map((name) => [name, credentialFromEnv(name)]));
    const debug = await openDebugSession(flags, credentialsInEnvironment());
    return {
      ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }),
      credential: (name) => values.get(name) ?? credentialFromEnv(name),
      debug,
      close: async () => debug.close(),
    };
  }
  // The simulator is loaded only when asked for: most runs talk to an API.
  const { startEmbeddedSimulator, SIMULATOR_VALUES } = await import('./embedded-simulator.js');
  const simulator = await startEmbeddedSimulator(flags);
  const debug = await openDebugSession(flags, [
    ...credentialsInEnvironment(),
    ...Object.values(SIMULATOR_VALUES),
  ]);
  return {
    baseUrl: simulator.url,
    simulator,
    credential: (name) => SIMULATOR_VALUES[name],
    debug,
    close: async () => {
      debug.close();
      await simulator.close();
    },
  };
}

/** Every credential variable set, used or not: none may reach a log line or a raw response. */
function credentialsInEnvironment(): string[] {
  return Object.keys(CREDENTIAL_VARIABLES)
    .map((name) => process.env[name]?.trim() ?? '')
    .filter((value) => value !== '');
}
