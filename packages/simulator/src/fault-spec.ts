import { type ApiName, FAULT_KINDS, type FaultKind, type FaultSpec } from './types.js';

const API_NAMES: readonly ApiName[] = ['oauth', 'research', 'display', 'socialfetch'];

/**
 * Parses the command-line form of a {@link FaultSpec}: comma-separated `key=value` pairs,
 * lists joined with `+`:
 *
 *   rate=0.2,kinds=429+500+reset,seed=3,apis=research+display,retryAfter=2
 *
 * `rate` is required (0..1); `kinds` defaults to every kind, `apis` to all but oauth.
 */
export function parseFaultSpec(spec: string): FaultSpec {
  const result: FaultSpec = { rate: Number.NaN };
  for (const pair of spec.split(',')) {
    const trimmed = pair.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq < 0) throw new Error(`fault spec: expected key=value, got "${trimmed}"`);
    const key = trimmed.slice(0, eq).trim();
    const value = trimmed.slice(eq + 1).trim();
    switch (key) {
      case 'rate':
        result.rate = Number(value);
        break;
      case 'kinds': {
        const kinds = value.split('+').map((k) => k.trim());
        for (const kind of kinds) {
          if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
            throw new Error(
              `fault spec: unknown kind "${kind}" (one of ${FAULT_KINDS.join(', ')})`,
            );
          }
        }
        result.kinds = kinds as FaultKind[];
        break;
      }
      case 'seed':
        result.seed = Number(value);
        if (!Number.isInteger(result.seed)) throw new Error(`fault spec: seed must be an integer`);
        break;
      case 'apis': {
        const apis = value.split('+').map((a) => a.trim());
        for (const api of apis) {
          if (!(API_NAMES as readonly string[]).includes(api)) {
            throw new Error(`fault spec: unknown api "${api}" (one of ${API_NAMES.join(', ')})`);
          }
        }
        result.apis = apis as ApiName[];
        break;
      }
      case 'retryAfter':
        result.retryAfterSec = Number(value);
        break;
      default:
        throw new Error(`fault spec: unknown key "${key}" (rate, kinds, seed, apis, retryAfter)`);
    }
  }
  validateFaultSpec(result);
  return result;
}

export function validateFaultSpec(spec: FaultSpec): void {
  if (!(spec.rate >= 0 && spec.rate <= 1)) throw new Error(`fault spec: rate must be from 0 to 1`);
  if (spec.retryAfterSec !== undefined && !(spec.retryAfterSec >= 0)) {
    throw new Error('fault spec: retryAfter must be a number of seconds');
  }
}
