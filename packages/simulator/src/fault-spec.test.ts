import { describe, expect, it } from 'vitest';
import { parseSimulatorArgs } from './cli-args.js';
import { parseFaultSpec } from './fault-spec.js';

describe('parseFaultSpec', () => {
  it('parses the CLI form', () => {
    expect(parseFaultSpec('rate=0.2,kinds=429+500+reset,seed=3')).toEqual({
      rate: 0.2,
      kinds: ['429', '500', 'reset'],
      seed: 3,
    });
    expect(parseFaultSpec('rate=1, apis=research+display, retryAfter=2')).toEqual({
      rate: 1,
      apis: ['research', 'display'],
      retryAfterSec: 2,
    });
  });

  it.each([
    'kinds=500',
    'rate=2',
    'rate=0.1,kinds=boom',
    'rate=0.1,apis=x',
    'rate=0.1,color=red',
    'rate',
  ])('rejects "%s"', (spec) => {
    expect(() => parseFaultSpec(spec)).toThrow(/fault spec/);
  });
});

describe('parseSimulatorArgs', () => {
  it('parses the bin flags', () => {
    expect(
      parseSimulatorArgs([
        '--port',
        '8080',
        '--seed',
        'abc',
        '--size=1000',
        '--latency',
        '5-20',
        '--faults',
        'rate=0.1',
      ]),
    ).toEqual({
      port: 8080,
      seed: 'abc',
      size: 1000,
      latencyMs: { min: 5, max: 20 },
      faults: { rate: 0.1 },
    });
    expect(parseSimulatorArgs(['--seed', '7', '--latency', '10'])).toEqual({
      seed: 7,
      latencyMs: 10,
    });
  });

  it('rejects unknown flags and missing values', () => {
    expect(() => parseSimulatorArgs(['--nope'])).toThrow(/unknown option/);
    expect(() => parseSimulatorArgs(['--port'])).toThrow(/needs a value/);
  });
});

describe('parseSimulatorArgs on node:util parseArgs', () => {
  it('names the flag that is unknown, lacks its value or is not a number', () => {
    expect(() => parseSimulatorArgs(['--port', '1', '--bogus=2'])).toThrow(
      'unknown option --bogus',
    );
    expect(() => parseSimulatorArgs(['--seed', '1', '--faults'])).toThrow('--faults needs a value');
    expect(() => parseSimulatorArgs(['--size=-3'])).toThrow(
      /--size must be a non-negative integer/,
    );
    expect(() => parseSimulatorArgs(['--latency', 'soon'])).toThrow(
      /--latency must be MS or MIN-MAX/,
    );
    expect(() => parseSimulatorArgs(['stray'])).toThrow(/stray/);
  });

  it('sets limits from --research-per-day and --credits', () => {
    expect(parseSimulatorArgs(['--research-per-day=5', '--credits', '9'])).toEqual({
      limits: { research: { perDay: 5 }, socialfetch: { credits: 9 } },
    });
  });

  it('sets the Research rate limit and its window from --research-per-minute and --research-rate-window', () => {
    expect(
      parseSimulatorArgs(['--research-per-minute', '12', '--research-rate-window=1000']),
    ).toEqual({ limits: { research: { perMinute: 12, rateWindowMs: 1_000 } } });
    expect(() => parseSimulatorArgs(['--research-rate-window', '0'])).toThrow(
      /--research-rate-window must be a positive integer/,
    );
  });
});
