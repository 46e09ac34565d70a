import { SIMULATOR_CREDENTIALS, type SimulatorOptions, startSimulator } from '@tikrx/simulator';
import { Command, InvalidArgumentError } from 'commander';
import { nonNegativeInteger, positiveInteger } from './common-options.js';
import { simulatorOptions } from './embedded-simulator.js';

interface SimulateFlags {
  port?: number;
  host?: string;
  seed?: string;
  faults?: string;
  size?: number;
  latency?: number;
  warmup?: number;
  failingDays?: string[];
  researchPerMinute?: number;
  researchRateWindow?: number;
  researchPerDay?: number;
}

export function simulateCommand(onExit: (code: number) => void): Command {
  const command = new Command('simulate')
    .summary('run the local simulator of all three APIs')
    .description(
      'Runs @tikrx/simulator, a local server speaking the Research, Display and Social Fetch ' +
        'APIs over a deterministic dataset, until Ctrl-C. Prints its URL on stdout, and how ' +
        'to use it on stderr.',
    )
    .option('--port <n>', 'port (default: a free one)', nonNegativeInteger)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <seed>', 'dataset seed')
    .option('--size <videos>', 'videos in the dataset (default 20000)', positiveInteger)
    .option('--latency <ms>', 'delay before each response', nonNegativeInteger)
    .option('--faults <spec>', 'faults to inject, e.g. rate=0.2,kinds=429+500+reset,seed=3')
    .option(
      '--warmup <ms>',
      'a fresh search_id is refused for this long (default 3000 with --latency, else 0)',
      nonNegativeInteger,
    )
    .option(
      '--failing-days <days>',
      'video query windows covering these days (YYYY-MM-DD or YYYYMMDD, comma-separated) answer 500',
      failingDaysOf,
    )
    .option(
      '--research-per-minute <n>',
      'Research requests a minute (or a --research-rate-window), then 429 (default: no limit)',
      positiveInteger,
    )
    .option(
      '--research-rate-window <ms>',
      'the window --research-per-minute counts in (default 60000)',
      positiveInteger,
    )
    .option('--research-per-day <n>', 'Research requests a day (default 1000)', positiveInteger);
  command.addHelpText(
    'after',
    `
Fault kinds: 429, 429-retry-after, 500, 503, 504-html, reset, truncated,
non-json, search-id-expired, invalid-cursor, token-expired, vague-transient.

Examples:
  $ tikrx simulate --port 8080
  $ tikrx simulate --port 8080 --faults rate=0.2,kinds=429+500+reset --latency 50
  $ tikrx simulate --port 8080 --latency 300 --warmup 3000 --failing-days 2023-01-12
  $ tikrx simulate --port 8080 --research-per-minute 10 --research-rate-window 1000
  (other terminal)
  $ tikrx research --base-url http://127.0.0.1:8080 --hashtag cats --from 2023-01-01 --to 2023-01-31`,
  );
  command.action(async (flags: SimulateFlags) => {
    const sim = await startSimulator({
      ...simulatorOptions({
        ...(flags.seed === undefined ? {} : { simSeed: flags.seed }),
        ...(flags.faults === undefined ? {} : { simFaults: flags.faults }),
        ...(flags.latency === undefined ? {} : { simLatency: flags.latency }),
        ...(flags.size === undefined ? {} : { simSize: flags.size }),
      }),
      ...researchFieldOptions(flags),
      ...(flags.port === undefined ? {} : { port: flags.port }),
      ...(flags.host === undefined ? {} : { host: flags.host }),
    });
    process.stdout.write(`${sim.url}\n`);
    const featured = sim.dataset.featuredCreator;
    process.stderr.write(
      [
        `tikrx simulator listening on ${sim.url} (${sim.dataset.size} videos; featured creator ${featured})`,
        'Use it from another terminal:',
        `  export TIKTOK_CLIENT_KEY=${SIMULATOR_CREDENTIALS.clientKey} TIKTOK_CLIENT_SECRET=${SIMULATOR_CREDENTIALS.clientSecret}`,
        `  export TIKTOK_ACCESS_TOKEN=${SIMULATOR_CREDENTIALS.displayAccessToken} SOCIALFETCH_API_KEY=${SIMULATOR_CREDENTIALS.apiKey}`,
        `  tikrx socialfetch ${featured} --base-url ${sim.url}`,
        'Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await sim.close();
    onExit(0);
  });
  return command;
}

/** The Research API's field quirks and limits the flags ask for. */
function researchFieldOptions(flags: SimulateFlags): SimulatorOptions {
  const quirks = {
    ...(flags.warmup === undefined ? {} : { searchWarmupMs: flags.warmup }),
    ...(flags.failingDays === undefined ? {} : { failingDays: flags.failingDays }),
  };
  const research = {
    ...(flags.researchPerMinute === undefined ? {} : { perMinute: flags.researchPerMinute }),
    ...(flags.researchRateWindow === undefined ? {} : { rateWindowMs: flags.researchRateWindow }),
    ...(flags.researchPerDay === undefined ? {} : { perDay: flags.researchPerDay }),
  };
  return {
    ...(Object.keys(quirks).length === 0 ? {} : { quirks }),
    ...(Object.keys(research).length === 0 ? {} : { limits: { research } }),
  };
}

/** `--failing-days 2023-01-12,20230113` → `['20230112', '20230113']`. */
function failingDaysOf(value: string): string[] {
  const days = value
    .split(',')
    .map((day) => day.trim())
    .filter((day) => day !== '');
  for (const day of days) {
    if (!/^\d{4}-?\d{2}-?\d{2}$/.test(day)) {
      throw new InvalidArgumentError(`expected days as YYYY-MM-DD or YYYYMMDD, got ${day}`);
    }
  }
  return days.map((day) => day.replaceAll('-', ''));
}
