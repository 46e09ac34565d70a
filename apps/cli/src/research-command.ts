import { readFileSync } from 'node:fs';
import type { ResearchCheckpoint, ResearchQuery, VideoQueryField } from '@tikrx/research';
import { RESEARCH_DEFAULT_CONCURRENCY, RESEARCH_MAX_COUNT } from '@tikrx/research';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  addOutputOptions,
  addPageOptions,
  addRateWindowOption,
  addTargetOptions,
  type CommonFlags,
  checkSimulatorFlags,
  commaList,
  day,
  type PageFlags,
  pageRequestOf,
  positiveInteger,
  type RateWindowFlags,
  usageError,
} from './common-options.js';
import { researchClientFor } from './research-client.js';
import { runCrawlOnTarget } from './run-crawl.js';

/** The flags that make a Research query (also `tikrx queue add research`'s). */
export interface ResearchQueryFlags {
  hashtag?: string[];
  keyword?: string[];
  username?: string[];
  query?: QueryJson;
  region?: string[];
}

interface ResearchFlags extends CommonFlags, PageFlags, ResearchQueryFlags, RateWindowFlags {
  from: string;
  to: string;
  concurrency?: number;
  windowDays?: number;
}

interface Condition {
  field_name: string;
  operation: string;
  field_values: string[];
}
export interface QueryJson {
  and?: Condition[];
  or?: Condition[];
  not?: Condition[];
}

const QUERY_FLAGS = ['hashtag', 'keyword', 'username', 'query'] as const;

export function researchCommand(onExit: (code: number) => void): Command {
  const command = new Command('research')
    .summary('videos matching a Research API query')
    .description(
      'Videos matching a TikTok Research API video query, over a date range (split into date windows\n' +
        'crawled at once; a day that keeps failing is left as a gap, named at the end, and retried\n' +
        'alone by a rerun with the same --checkpoint).\n' +
        'Credentials: TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.',
    )
    .addOption(
      new Option('--hashtag <names>', 'videos with one of these hashtags (a,b)')
        .argParser(commaList)
        .conflicts(others('hashtag')),
    )
    .addOption(
      new Option('--keyword <words>', 'videos whose description has one of these keywords')
        .argParser(commaList)
        .conflicts(others('keyword')),
    )
    .addOption(
      new Option('--username <names>', 'videos of these creators')
        .argParser(commaList)
        .conflicts(others('username')),
    )
    .addOption(
      new Option('--query <json|@file>', "the API's own query JSON, inline or @file")
        .argParser(queryJson)
        .conflicts(others('query')),
    )
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD (UTC, inclusive)', day)
    .requiredOption('--to <day>', 'last day, YYYY-MM-DD (UTC, inclusive)', day)
    .option('--region <codes>', 'only these region codes (JP,US)', commaList);
  addPageOptions(command, RESEARCH_MAX_COUNT)
    .option(
      '--concurrency <n>',
      `date windows crawled at once (default ${RESEARCH_DEFAULT_CONCURRENCY})`,
      positiveInteger,
    )
    .option(
      '--window-days <n>',
      'days per date window, 1-30 (default: the range split to fill --concurrency)',
      positiveInteger,
    );
  addRateWindowOption(command);
  addOutputOptions(command);
  addTargetOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ tikrx research --simulator --hashtag cats --from 2023-01-01 --to 2023-03-31
  $ tikrx research --hashtag cats,dogs --region JP,US --from 2024-01-01 --to 2024-03-31 \\
      --out cats.ndjson --checkpoint cats.checkpoint.json
  $ tikrx research --query @query.json --from 2024-05-01 --to 2024-05-07 --format csv > videos.csv`,
  );
  command.action(async (flags: ResearchFlags) => {
    checkSimulatorFlags(command, flags);
    const request = {
      // Plain JSON from the flags; the client validates fields and operations before any request.
      query: queryOf(command, flags) as ResearchQuery,
      startDate: flags.from,
      endDate: flags.to,
      ...pageRequestOf<VideoQueryField>(flags),
    };
    onExit(
      await runCrawlOnTarget(flags, ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET'], (target) => ({
        crawl: `research ${JSON.stringify(request)}`,
        range: { start: flags.from, end: flags.to },
        start: (context) =>
          researchClientFor(target, context, flags).queryVideos({
            ...request,
            ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
            ...(flags.windowDays === undefined ? {} : { windowDays: flags.windowDays }),
            ...(context.resumeFrom === undefined
              ? {}
              : { checkpoint: context.resumeFrom as ResearchCheckpoint }),
          }),
      })),
    );
  });
  return command;
}

function others(flag: (typeof QUERY_FLAGS)[number]): string[] {
  return QUERY_FLAGS.filter((name) => name !== flag);
}

/** The query JSON the flags describe; `--region` narrows any of them (also `tikrx watch`, `tikrx queue add`). */
export function queryOf(command: Command, flags: ResearchQueryFlags): QueryJson {
  const condition = (field: string, values: string[]): Condition => ({
    field_name: field,
    operation: values.length === 1 ? 'EQ' : 'IN',
    field_values: values,
  });
  let query: QueryJson;
  if (flags.hashtag) query = { and: [condition('hashtag_name', flags.hashtag)] };
  else if (flags.keyword) query = { and: [condition('keyword', flags.keyword)] };
  else if (flags.username) query = { and: [condition('username', flags.username)] };
  else if (flags.query) query = flags.query as QueryJson;
  else {
    return usageError(
      command,
      `${command.name()} needs one of --hashtag, --keyword, --username or --query`,
    );
  }
  if (flags.region) {
    query = { ...query, and: [...(query.and ?? []), condition('region_code', flags.region)] };
  }
  return query;
}

/** `--query '{"and":[...]}'` or `--query @file.json`; the client validates the conditions. */
export function queryJson(text: string): QueryJson {
  let source = text;
  if (text.startsWith('@')) {
    try {
      source = readFileSync(text.slice(1), 'utf8');
    } catch (error) {
      throw new InvalidArgumentError(`Cannot read ${text.slice(1)}: ${(error as Error).message}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    throw new InvalidArgumentError('Expected JSON (or @file): {"and":[{"field_name":…}]}.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidArgumentError('Expected a JSON object with and/or/not.');
  }
  return parsed as QueryJson;
}
