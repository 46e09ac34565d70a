import { VIDEO_SOURCES, type Video, type VideoSource } from '@tikrx/core';
import { type MergedVideo, mergeById } from '@tikrx/operators';
import { Command, InvalidArgumentError, Option } from 'commander';
import { from, merge, mergeMap, type Observable, reduce } from 'rxjs';
import {
  addOutputOptions,
  addRateWindowOption,
  addTargetOptions,
  type CommonFlags,
  checkSimulatorFlags,
  day,
  type RateWindowFlags,
  usageError,
} from './common-options.js';
import type { CredentialVariable } from './credentials.js';
import { displayClientFor } from './display-client.js';
import { researchClientFor } from './research-client.js';
import { runCrawlOnTarget } from './run-crawl.js';
import { socialFetchClientFor } from './socialfetch-client.js';
import type { Target } from './target.js';

interface MergeFlags extends CommonFlags, RateWindowFlags {
  handle?: string;
  username?: string;
  from?: string;
  to?: string;
  sources: VideoSource[];
}

const CREDENTIALS_OF: Record<VideoSource, CredentialVariable[]> = {
  display: ['TIKTOK_ACCESS_TOKEN'],
  socialfetch: ['SOCIALFETCH_API_KEY'],
  research: ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET'],
};
const DAY_MS = 86_400_000;

export function mergeCommand(onExit: (code: number) => void): Command {
  const command = new Command('merge')
    .summary('every source for one creator, merged by id')
    .description(
      'One creator from every source, merged by video id: Display (the access token is the ' +
        "creator's), Social Fetch (by handle) and Research (by username, over --from/--to). " +
        'Each video is written once, when every source is done, with `sources` naming where it ' +
        'was seen.\nCredentials: those of the --sources used.',
    )
    .option('--handle <handle>', 'the creator (default with --simulator: its featured creator)')
    .option('--username <name>', 'Research username, when it differs from the handle')
    .option('--from <day>', 'Research: first day (default: 30 days ago)', day)
    .option('--to <day>', 'Research: last day (default: today)', day)
    .addOption(
      new Option('--sources <list>', 'sources to use')
        .default(['display', 'socialfetch', 'research'], 'display,socialfetch,research')
        .argParser(sourceList),
    );
  addRateWindowOption(command);
  addOutputOptions(command, { checkpoint: false });
  addTargetOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ tikrx merge --simulator
  $ tikrx merge --handle some_creator --from 2024-01-01 --to 2024-03-31 > creator.ndjson
  $ tikrx merge --handle some_creator --sources socialfetch,research --format csv`,
  );
  command.action(async (flags: MergeFlags) => {
    checkSimulatorFlags(command, flags);
    if (flags.handle === undefined && !flags.simulator) {
      usageError(command, "required option '--handle <handle>' not specified");
    }
    const credentials = flags.sources.flatMap((source) => CREDENTIALS_OF[source]);
    onExit(
      await runCrawlOnTarget(flags, credentials, (target) => {
        const handle = (flags.handle ?? target.simulator?.dataset.featuredCreator ?? '').replace(
          /^@/,
          '',
        );
        const range = researchRange(flags, target);
        return {
          crawl: `merge ${JSON.stringify({ handle, ...range, sources: flags.sources })}`,
          start: (context) => {
            const streams: Record<VideoSource, () => Observable<Video>> = {
              display: () => displayClientFor(target, context, { apiVersion: 'v2' }).videos(),
              socialfetch: () =>
                socialFetchClientFor(target, context).profileVideos(handle, { sortBy: 'latest' }),
              research: () =>
                researchClientFor(target, context, flags).queryVideos({
                  query: {
                    and: [
                      {
                        field_name: 'username',
                        operation: 'EQ',
                        field_values: [flags.username ?? handle],
                      },
                    ],
                  },
                  startDate: range.from,
                  endDate: range.to,
                }),
            };
            return merge(...flags.sources.map((source) => streams[source]())).pipe(
              mergeById(),
              finalRecordPerId(),
            );
          },
        };
      }),
    );
  });
  return command;
}

/**
 * `mergeById` emits an upsert each time a video gains a source; a file wants each video once.
 * Keep the latest record per id and emit them all, in first-seen order, at the end.
 */
function finalRecordPerId() {
  return (upserts: Observable<MergedVideo>): Observable<MergedVideo> =>
    upserts.pipe(
      reduce((latest, video) => latest.set(video.id, video), new Map<string, MergedVideo>()),
      mergeMap((latest) => from(latest.values())),
    );
}

/** The Research date range: the flags, else the simulator's whole dataset, else the last 30 days. */
function researchRange(flags: MergeFlags, target: Target): { from: string; to: string } {
  const dataset = target.simulator?.dataset;
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 29 * DAY_MS).toISOString().slice(0, 10);
  return {
    from: flags.from ?? dataset?.firstDay ?? monthAgo,
    to: flags.to ?? dataset?.lastDay ?? today,
  };
}

function sourceList(text: string): VideoSource[] {
  const known: readonly string[] = VIDEO_SOURCES;
  const sources = text.split(',').map((source) => source.trim());
  const unknown = sources.filter((source) => !known.includes(source));
  if (unknown.length > 0 || sources.length === 0) {
    throw new InvalidArgumentError(
      `Unknown source ${unknown.join(', ')}; choose from ${known.join(', ')}.`,
    );
  }
  return [...new Set(sources)] as VideoSource[];
}
