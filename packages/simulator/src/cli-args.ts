import { parseFaultSpec } from './fault-spec.js';
import type { SimulatorOptions } from './types.js';

export const USAGE = `Usage: tikrx-simulator [--port N] [--host H] [--seed S] [--size N] [--latency MS|MIN-MAX]
                       [--faults SPEC] [--research-per-day N] [--credits N]
  --faults SPEC   e.g. "rate=0.2,kinds=429+500+reset,seed=3" (kinds: 429, 429-retry-after, 500, 503,
                  504-html, reset, truncated, non-json, search-id-expired, invalid-cursor, token-expired,
                  vague-transient)
  --warmup MS     a fresh search_id is refused for MS (default 3000 with --latency, else 0)
  --failing-days D,D  video query windows covering these days (YYYYMMDD) answer 500`;

/** Parses the bin's flags into simulator options; throws with a message on bad usage. */
export function parseSimulatorArgs(argv: readonly string[]): SimulatorOptions {
  const options: SimulatorOptions = {};
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k]!;
    const [name, inline] = flag.includes('=')
      ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)]
      : [flag, undefined];
    const value = (): string => {
      const v = inline ?? argv[++k];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    const integer = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0)
        throw new Error(`${name} must be a non-negative integer, got ${v}`);
      return n;
    };
    switch (name) {
      case '--port':
        options.port = integer();
        break;
      case '--host':
        options.host = value();
        break;
      case '--seed': {
        const v = value();
        options.seed = /^-?\d+$/.test(v) ? Number(v) : v;
        break;
      }
      case '--size':
        options.size = integer();
        break;
      case '--latency': {
        const v = value();
        const range = /^(\d+)-(\d+)$/.exec(v);
        if (range !== null) options.latencyMs = { min: Number(range[1]), max: Number(range[2]) };
        else if (/^\d+$/.test(v)) options.latencyMs = Number(v);
        else throw new Error(`--latency must be MS or MIN-MAX, got ${v}`);
        break;
      }
      case '--warmup':
        options.quirks = { ...options.quirks, searchWarmupMs: integer() };
        break;
      case '--failing-days':
        options.quirks = {
          ...options.quirks,
          failingDays: value()
            .split(',')
            .map((day) => day.trim().replaceAll('-', ''))
            .filter((day) => day !== ''),
        };
        break;
      case '--faults':
        options.faults = parseFaultSpec(value());
        break;
      case '--research-per-day':
        options.limits = {
          ...options.limits,
          research: { ...options.limits?.research, perDay: integer() },
        };
        break;
      case '--credits':
        options.limits = {
          ...options.limits,
          socialfetch: { ...options.limits?.socialfetch, credits: integer() },
        };
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return options;
}
