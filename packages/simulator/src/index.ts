export { SIMULATOR_CREDENTIALS, type SimulatorCredentials } from './credentials.js';
export { parseFaultSpec } from './fault-spec.js';
export { DEFAULT_QUIRKS, type Simulator, startSimulator } from './simulator.js';
export type { SocialExpected, UnavailableEndpoint } from './social-expected.js';
export {
  type ApiName,
  FAULT_KINDS,
  type FaultKind,
  type FaultSpec,
  type ResearchQuery,
  type ResearchQueryCondition,
  type SimulatorLimits,
  type SimulatorOptions,
  type SimulatorQuirks,
  type SimulatorStats,
  type SimVideo,
} from './types.js';
