import type { RepostedVideoField, ResearchCheckpoint } from '@tikrx/research';
import { RESEARCH_MAX_COUNT } from '@tikrx/research';
import { Command } from 'commander';
import {
  addOutputOptions,
  addPageOptions,
  addRateWindowOption,
  addTargetOptions,
  type CommonFlags,
  checkSimulatorFlags,
  type PageFlags,
  pageRequestOf,
  type RateWindowFlags,
  usageError,
} from './common-options.js';
import { researchClientFor } from './research-client.js';
import { runCrawlOnTarget } from './run-crawl.js';

interface RepostsFlags extends CommonFlags, PageFlags, RateWindowFlags {}

export function repostsCommand(onExit: (code: number) => void): Command {
  const command = new Command('reposts')
    .summary('videos a user reposted (Research API)')
    .description(
      'Videos a TikTok user reposted (Research API user/reposted_videos).\n' +
        'Credentials: TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.',
    )
    .argument('[username]', 'the TikTok username (default with --simulator: its featured creator)');
  addPageOptions(command, RESEARCH_MAX_COUNT);
  addRateWindowOption(command);
  addOutputOptions(command);
  addTargetOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ tikrx reposts --simulator
  $ tikrx reposts some_user --out reposts.ndjson --checkpoint reposts.checkpoint.json
  $ tikrx reposts some_user --fields id,create_time,username --format csv`,
  );
  command.action(async (usernameArgument: string | undefined, flags: RepostsFlags) => {
    checkSimulatorFlags(command, flags);
    if (usernameArgument === undefined && !flags.simulator) {
      usageError(command, "missing required argument 'username'");
    }
    const request = pageRequestOf<RepostedVideoField>(flags);
    onExit(
      await runCrawlOnTarget(flags, ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET'], (target) => {
        const username = usernameArgument ?? target.simulator?.dataset.featuredCreator ?? '';
        return {
          crawl: `reposts ${JSON.stringify({ username, ...request })}`,
          start: (context) =>
            researchClientFor(target, context, flags).repostedVideos(username, {
              ...request,
              ...(context.resumeFrom === undefined
                ? {}
                : { checkpoint: context.resumeFrom as ResearchCheckpoint }),
            }),
        };
      }),
    );
  });
  return command;
}
