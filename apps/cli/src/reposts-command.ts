import { RATE_LIMIT_PRESETS } from '@tikrx/operators';
import {
  createResearchClient,
  type RepostedVideoField,
  type ResearchCheckpoint,
} from '@tikrx/research';
import { Command } from 'commander';
import { clientOptionsFor } from './client-options.js';
import {
  addOutputOptions,
  addTargetOptions,
  type CommonFlags,
  checkSimulatorFlags,
  commaList,
  positiveInteger,
} from './common-options.js';
import { runCrawl } from './run-crawl.js';
import { openTarget } from './target.js';

interface RepostsFlags extends CommonFlags {
  fields?: string[];
  maxCount?: number;
}

export function repostsCommand(onExit: (code: number) => void): Command {
  const command = new Command('reposts')
    .summary('videos a user reposted (Research API)')
    .description(
      'Videos a TikTok user reposted (Research API user/reposted_videos).\n' +
        'Credentials: TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.',
    )
    .argument('[username]', 'the TikTok username (default with --simulator: its featured creator)')
    .option('--fields <names>', "the API's field names to request (default: all)", commaList)
    .option('--max-count <n>', 'videos per request, up to 100', positiveInteger);
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
      command.error("error: missing required argument 'username'", {
        exitCode: 2,
        code: 'tikrx.usage',
      });
    }
    const target = await openTarget(flags, ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET']);
    try {
      const username = usernameArgument ?? target.simulator?.dataset.featuredCreator ?? '';
      const request = {
        ...(flags.fields === undefined ? {} : { fields: flags.fields as RepostedVideoField[] }),
        ...(flags.maxCount === undefined ? {} : { maxCount: flags.maxCount }),
      };
      onExit(
        await runCrawl(
          {
            crawl: `reposts ${JSON.stringify({ username, ...request })}`,
            start: (context) =>
              createResearchClient({
                clientKey: target.credential('TIKTOK_CLIENT_KEY'),
                clientSecret: target.credential('TIKTOK_CLIENT_SECRET'),
                ...clientOptionsFor(target, context, RATE_LIMIT_PRESETS.research),
              }).repostedVideos(username, {
                ...request,
                ...(context.resumeFrom === undefined
                  ? {}
                  : { checkpoint: context.resumeFrom as ResearchCheckpoint }),
              }),
          },
          flags,
        ),
      );
    } finally {
      await target.close();
    }
  });
  return command;
}
