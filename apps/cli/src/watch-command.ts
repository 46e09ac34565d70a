import type { ResearchQuery } from '@tikrx/research';
import { watchVideos } from '@tikrx/research';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  addOutputOptions,
  addRateWindowOption,
  addTargetOptions,
  type CommonFlags,
  checkSimulatorFlags,
  commaList,
  positiveInteger,
  type RateWindowFlags,
} from './common-options.js';
import { openFileIdStore } from './file-id-store.js';
import { researchClientFor } from './research-client.js';
import { queryJson, queryOf } from './research-command.js';
import { runCrawlOnTarget } from './run-crawl.js';

interface WatchFlags extends CommonFlags, RateWindowFlags {
  hashtag?: string[];
  keyword?: string[];
  username?: string[];
  query?: ReturnType<typeof queryJson>;
  region?: string[];
  every: number;
  windowDays: number;
  state?: string;
  runs?: number;
}

const DAY_MS = 86_400_000;

export function watchCommand(onExit: (code: number) => void): Command {
  const command = new Command('watch')
    .summary('new videos of a Research query, as they come')
    .description(
      'Runs a Research API query every --every over the last --window-days (plus the 2 days the\n' +
        'index lags behind) and writes only videos not written before. With --state FILE the ids\n' +
        'written are kept in FILE, so a restarted watch writes nothing twice. Runs until Ctrl-C\n' +
        '(or --runs). Credentials: TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.',
    )
    .option('--hashtag <names>', 'videos with one of these hashtags (a,b)', commaList)
    .option('--keyword <words>', 'videos whose description has one of these keywords', commaList)
    .option('--username <names>', 'videos of these creators', commaList)
    .option('--query <json|@file>', "the API's own query JSON, inline or @file", queryJson)
    .option('--region <codes>', 'only these region codes (JP,US)', commaList)
    .addOption(
      new Option('--every <duration>', 'time between runs: 30s, 10m, 1h')
        .argParser(duration)
        .default(3_600_000, '1h'),
    )
    .addOption(
      new Option('--window-days <n>', 'days each run looks back')
        .argParser(positiveInteger)
        .default(1),
    )
    .option('--state <file>', 'remember the ids written in FILE (one a line) across restarts')
    .option('--runs <n>', 'stop after N runs', positiveInteger);
  addRateWindowOption(command);
  addOutputOptions(command, { checkpoint: false });
  addTargetOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ tikrx watch --simulator --hashtag fyp --every 2s --runs 3
  $ tikrx watch --hashtag cats --every 1h --state cats.seen --out cats.ndjson`,
  );
  command.action(async (flags: WatchFlags) => {
    checkSimulatorFlags(command, flags);
    const query = queryOf(command, flags) as ResearchQuery;
    const store = flags.state === undefined ? undefined : await openFileIdStore(flags.state);
    onExit(
      await runCrawlOnTarget(flags, ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET'], (target) => {
        // The simulator's data ends on its last day: its clock starts at noon of that day.
        const lastDay = target.simulator?.dataset.lastDay;
        const startedAt = Date.now();
        const simulatedStart =
          lastDay === undefined
            ? undefined
            : Date.parse(
                `${lastDay.slice(0, 4)}-${lastDay.slice(4, 6)}-${lastDay.slice(6)}T12:00:00Z`,
              );
        const now =
          simulatedStart === undefined ? Date.now : () => simulatedStart + (Date.now() - startedAt);
        return {
          crawl: `watch ${JSON.stringify({ query, windowDays: flags.windowDays })}`,
          start: (context) =>
            watchVideos(researchClientFor(target, context, flags), {
              query,
              intervalMs: flags.every,
              windowDays: flags.windowDays,
              // A failed run (after the client's retries) is reported; the next run goes on.
              onRunError: 'skip',
              now,
              ...(store === undefined ? {} : { store }),
              ...(flags.runs === undefined ? {} : { runs: flags.runs }),
            }),
        };
      }),
    );
  });
  return command;
}

/** `30s`, `10m`, `1h`, `1d`, `500ms` → milliseconds. */
function duration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  const units = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS } as const;
  const value =
    match === null ? Number.NaN : Number(match[1]) * units[match[2] as keyof typeof units];
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError('Expected a duration such as 30s, 10m or 1h.');
  }
  return value;
}
