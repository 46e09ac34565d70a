import { validateBaseUrl } from '@tikrx/core/internal';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { addDebugOptions } from './debug-options.js';
import type { OutputFlags } from './run-crawl.js';
import type { TargetFlags } from './target.js';

export type CommonFlags = OutputFlags & TargetFlags;

const OUTPUT_GROUP = 'Output:';
const SERVER_GROUP = 'Server:';
const SIMULATOR_GROUP = 'Embedded simulator (with --simulator):';

/** `--format`, `--out`, `--checkpoint`, `--raw`, `--quiet`. */
export function addOutputOptions(command: Command, features = { checkpoint: true }): Command {
  command
    .addOption(
      new Option(
        '--format <format>',
        "one JSON object a line, CSV with a header, a DuckDB database or a Parquet file (default: --out's extension, else ndjson)",
      )
        .choices(['ndjson', 'csv', 'duckdb', 'parquet'])
        .helpGroup(OUTPUT_GROUP),
    )
    .addOption(
      new Option(
        '--out <file>',
        'write the videos to FILE instead of stdout; .duckdb and .parquet pick the format (upserted by id)',
      ).helpGroup(OUTPUT_GROUP),
    )
    .addOption(
      new Option('--bom', 'CSV: begin with a UTF-8 byte order mark, for spreadsheets').helpGroup(
        OUTPUT_GROUP,
      ),
    )
    .addOption(
      new Option(
        '--text-ids',
        'CSV: write ids as ="…" so a spreadsheet keeps all 19 digits (not a number)',
      ).helpGroup(OUTPUT_GROUP),
    );
  if (features.checkpoint) {
    command.addOption(
      new Option(
        '--checkpoint <file>',
        'save the crawl state to FILE as it goes; run the same command again to continue',
      ).helpGroup(OUTPUT_GROUP),
    );
  }
  return command
    .addOption(
      new Option('--raw', "keep each video's source record as `raw` (not in CSV)").helpGroup(
        OUTPUT_GROUP,
      ),
    )
    .addOption(
      new Option('--quiet', 'no progress on stderr, only the closing summary').helpGroup(
        OUTPUT_GROUP,
      ),
    )
    .addOption(
      new Option(
        '--dashboard [port]',
        'serve a live dashboard of the crawl on 127.0.0.1 (any free port unless given; ' +
          'it stays up after the crawl until Ctrl-C)',
      )
        .argParser(portNumber)
        .helpGroup(OUTPUT_GROUP),
    );
}

/** A TCP port; 0 lets the system pick a free one. */
export function portNumber(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65_535) {
    throw new InvalidArgumentError('Expected a port number, 0-65535.');
  }
  return value;
}

/** `--fields` and `--max-count`, for the APIs that take both (Research, Display). */
export interface PageFlags {
  fields?: string[];
  maxCount?: number;
}

export function addPageOptions(command: Command, maxCountLimit: number): Command {
  return command
    .option('--fields <names>', "the API's field names to request (default: all)", commaList)
    .option('--max-count <n>', `videos per request, up to ${maxCountLimit}`, positiveInteger);
}

/**
 * The request options `--fields` and `--max-count` give, when given. Field names stay the
 * user's strings: the client checks each one before any request.
 */
export function pageRequestOf<Field extends string>(
  flags: PageFlags,
): { fields?: Field[]; maxCount?: number } {
  return {
    ...(flags.fields === undefined ? {} : { fields: flags.fields as Field[] }),
    ...(flags.maxCount === undefined ? {} : { maxCount: flags.maxCount }),
  };
}

/** What `--rate-window` leaves in a command's flags. */
export interface RateWindowFlags {
  rateWindow?: number;
}

/** `--rate-window MS`, on every command whose Research client may meet 429s. */
export function addRateWindowOption(command: Command): Command {
  return command.option(
    '--rate-window <ms>',
    "the window the API (or your proxy) counts its rate limit in: after 429s every window slows to half the pace it accepted over it, recovering every half window (default 60000, the API's minute)",
    positiveInteger,
  );
}

/** `--simulator`, `--base-url`, the embedded simulator's settings, and the debugging flags. */
export function addTargetOptions(command: Command): Command {
  addDebugOptions(command);
  return command
    .addOption(
      new Option('--simulator', 'run against an embedded simulator; no credentials needed')
        .conflicts('baseUrl')
        .helpGroup(SERVER_GROUP),
    )
    .addOption(
      new Option(
        '--base-url <url>',
        'send the requests to this http(s) server (a proxy, `tikrx simulate`)',
      )
        .argParser((text) => baseUrl(command, text))
        .helpGroup(SERVER_GROUP),
    )
    .addOption(
      new Option('--sim-seed <seed>', 'dataset seed of the embedded simulator')
        .helpGroup(SIMULATOR_GROUP)
        .conflicts('baseUrl'),
    )
    .addOption(
      new Option('--sim-size <videos>', 'videos in its dataset (default 20000)')
        .argParser(positiveInteger)
        .helpGroup(SIMULATOR_GROUP)
        .conflicts('baseUrl'),
    )
    .addOption(
      new Option('--sim-latency <ms>', 'delay before each of its responses')
        .argParser(nonNegativeInteger)
        .helpGroup(SIMULATOR_GROUP)
        .conflicts('baseUrl'),
    )
    .addOption(
      new Option('--sim-faults <spec>', 'faults to inject, e.g. rate=0.2,kinds=429+500+reset')
        .helpGroup(SIMULATOR_GROUP)
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
    usageError(command, `option '${flag}' needs --simulator`);
  }
}

/** Prints `error: <message>` (and the --help hint) and exits 2, like commander's own errors. */
export function usageError(command: Command, message: string): never {
  return command.error(`error: ${message}`, { exitCode: 2, code: 'tikrx.usage' });
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

/**
 * `--base-url`: an http(s) URL the clients append their paths to, so no query string or
 * fragment; no credentials, whitespace or control characters either (`validateBaseUrl`).
 * Reported through `usageError` rather than `InvalidArgumentError`, whose message would quote
 * the value, and with it a password in `user:password@`.
 */
function baseUrl(command: Command, text: string): string {
  try {
    return validateBaseUrl(text, "option '--base-url <url>'");
  } catch (error) {
    return usageError(command, (error as Error).message);
  }
}
