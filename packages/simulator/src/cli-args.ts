import { parseArgs } from 'node:util';
import { parseFaultSpec } from './fault-spec.js';
import type { SimulatorOptions } from './types.js';

export const USAGE = `Usage: tikrx-simulator [--port N] [--host H] [--seed S] [--size N] [--latency MS|MIN-MAX]
                       [--faults SPEC] [--research-per-minute N] [--research-rate-window MS]
                       [--research-per-day N] [--credits N]
  --faults SPEC   e.g. "rate=0.2,kinds=429+500+reset,seed=3" (kinds: 429, 429-retry-after, 500, 503,
                  504-html, reset, truncated, non-json, search-id-expired, invalid-cursor, token-expired,
                  vague-transient)
  --warmup MS     a fresh search_id is refused for MS (default 3000 with --latency, else 0)
  --failing-days D,D  video query windows covering these days (YYYYMMDD) answer 500
  --research-per-minute N  Research requests a rate window, then 429 rate_limit_exceeded (default no limit)
  --research-rate-window MS  the window --research-per-minute counts in (default 60000)`;

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  seed: { type: 'string' },
  size: { type: 'string' },
  latency: { type: 'string' },
  faults: { type: 'string' },
  'research-per-minute': { type: 'string' },
  'research-rate-window': { type: 'string' },
  'research-per-day': { type: 'string' },
  credits: { type: 'string' },
  warmup: { type: 'string' },
  'failing-days': { type: 'string' },
} as const;

/** Parses the bin's flags (node:util `parseArgs`) into simulator options; throws on bad usage. */
export function parseSimulatorArgs(argv: readonly string[]): SimulatorOptions {
  const { values } = parseFlags(argv);
  const integer = (name: string, value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < 0)
      throw new Error(`--${name} must be a non-negative integer, got ${value}`);
    return n;
  };
  const options: SimulatorOptions = {};
  if (values.port !== undefined) options.port = integer('port', values.port);
  if (values.host !== undefined) options.host = values.host;
  if (values.seed !== undefined)
    options.seed = /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  if (values.size !== undefined) options.size = integer('size', values.size);
  if (values.latency !== undefined) options.latencyMs = parseLatency(values.latency);
  if (values.warmup !== undefined)
    options.quirks = { ...options.quirks, searchWarmupMs: integer('warmup', values.warmup) };
  const failingDays = values['failing-days'];
  if (failingDays !== undefined)
    options.quirks = {
      ...options.quirks,
      failingDays: failingDays
        .split(',')
        .map((day) => day.trim().replaceAll('-', ''))
        .filter((day) => day !== ''),
    };
  if (values.faults !== undefined) options.faults = parseFaultSpec(values.faults);
  const research = researchLimitsOf(values, integer);
  if (research !== undefined) options.limits = { ...options.limits, research };
  if (values.credits !== undefined)
    options.limits = {
      ...options.limits,
      socialfetch: { credits: integer('credits', values.credits) },
    };
  return options;
}

/** `--research-per-minute`, `--research-rate-window` and `--research-per-day`, if any is given. */
function researchLimitsOf(
  values: ReturnType<typeof parseFlags>['values'],
  integer: (name: string, value: string) => number,
): NonNullable<SimulatorOptions['limits']>['research'] {
  const limits: NonNullable<NonNullable<SimulatorOptions['limits']>['research']> = {};
  const flags = [
    ['research-per-minute', 'perMinute'],
    ['research-rate-window', 'rateWindowMs'],
    ['research-per-day', 'perDay'],
  ] as const;
  for (const [flag, key] of flags) {
    const value = values[flag];
    if (value === undefined) continue;
    const n = integer(flag, value);
    if (n === 0 && key !== 'perDay')
      throw new Error(`--${flag} must be a positive integer, got ${value}`);
    limits[key] = n;
  }
  return Object.keys(limits).length === 0 ? undefined : limits;
}

/** `parseArgs` with its error codes turned into this bin's messages. */
function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new Error(`unknown option ${flag}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new Error(`${flag} needs a value`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new Error(message);
    throw error;
  }
}

function parseLatency(value: string): NonNullable<SimulatorOptions['latencyMs']> {
  const range = /^(\d+)-(\d+)$/.exec(value);
  if (range !== null) return { min: Number(range[1]), max: Number(range[2]) };
  if (/^\d+$/.test(value)) return Number(value);
  throw new Error(`--latency must be MS or MIN-MAX, got ${value}`);
}
