import { type Command, InvalidArgumentError, Option } from 'commander';
import type { OutputFlags } from './run-crawl.js';
import type { TargetFlags } from './target.js';

export type CommonFlags = OutputFlags & TargetFlags;

/** `--format`, `--out`, `--checkpoint`, `--raw`, `--quiet`. */
export function addOutputOptions(command: Command, features = { checkpoint: true }): Command {
  command
    .addOption(
      new Option('--format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'),
    )
    .option('--out <file>', 'write to FILE instead of stdout');
  if (features.checkpoint) {
    command.option(
      '--checkpoint <file>',
      'save the crawl state to FILE as it goes; run the same command again to continue',
    );
  }
  return command
    .option('--raw', "keep each video's source record as `raw` (NDJSON)")
    .option('--quiet', 'no progress on stderr, only the closing summary');
}

/** `--simulator`, `--base-url` and the embedded simulator's settings. */
export function addTargetOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--simulator',
        'run against an embedded simulator; no credentials needed',
      ).conflicts('baseUrl'),
    )
    .option('--base-url <url>', 'send requests to this server instead of the real API', parseUrl)
    .addOption(
      new Option('--sim-seed <seed>', 'dataset seed of the embedded simulator')
        .helpGroup('Embedded simulator (with --simulator):')
        .conflicts('baseUrl'),
    )
    .addOption(
      new Option('--sim-size <videos>', 'videos in its dataset (default 20000)')
        .argParser(positiveInteger)
        .helpGroup('Embedded simulator (with --simulator):')
        .conflicts('baseUrl'),
    )
    .addOption(
      new Option('--sim-latency <ms>', 'delay before each of its responses')
        .argParser(nonNegativeInteger)
        .helpGroup('Embedded simulator (with --simulator):')
        .conflicts('baseUrl'),
    )
    .addOption(
      new Option('--sim-faults <spec>', 'faults to inject, e.g. rate=0.2,kinds=429+500+reset')
        .helpGroup('Embedded simulator (with --simulator):')
        .conflicts('baseUrl'),
    );
}

/** The `--sim-*` flags only mean something with `--simulator`. */
export function checkSimulatorFlags(command: Command, flags: TargetFlags): void {
  if (flags.simulator) return;
  const given = (['simSeed', 'simSize', 'simLatency', 'simFaults'] as const).find(
    (key) => flags[key] !== undefined,
  );
  if (given !== undefined) {
    const flag = `--${given.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    command.error(`error: option '${flag}' needs --simulator`, {
      exitCode: 2,
      code: 'tikrx.usage',
    });
  }
}

export function positiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError('Expected a positive integer.');
  }
  return value;
}

export function nonNegativeInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError('Expected a non-negative integer.');
  }
  return value;
}

/** `a,b , c` → `['a', 'b', 'c']`. */
export function commaList(text: string): string[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new InvalidArgumentError('Expected a comma-separated list.');
  return items;
}

/** A UTC day, `YYYY-MM-DD` or `YYYYMMDD`, that exists in the calendar. */
export function day(text: string): string {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  const date = match ? new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) : undefined;
  if (!match || !date || Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(match[3])) {
    throw new InvalidArgumentError('Expected a day as YYYY-MM-DD.');
  }
  return `${match[1]}-${match[2]}-${match[3]}`;
}

function parseUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new InvalidArgumentError('Expected an http(s) URL.');
  }
  return text.replace(/\/+$/, '');
}
