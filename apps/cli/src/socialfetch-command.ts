import { createSocialFetchClient, SOCIALFETCH_SORT_ORDERS } from '@tikrx/socialfetch';
import { Command, Option } from 'commander';
import { clientOptionsFor } from './client-options.js';
import {
  addOutputOptions,
  addTargetOptions,
  type CommonFlags,
  checkSimulatorFlags,
  positiveInteger,
} from './common-options.js';
import { cursorCheckpoints, pathOf } from './cursor-checkpoints.js';
import { runCrawl } from './run-crawl.js';
import { openTarget } from './target.js';

interface SocialFetchFlags extends CommonFlags {
  sort?: 'latest' | 'popular';
  region?: string;
  maxCredits?: number;
}

export function socialfetchCommand(onExit: (code: number) => void): Command {
  const command = new Command('socialfetch')
    .summary("a profile's videos (Social Fetch)")
    .description(
      'Every video of a TikTok profile, through Social Fetch (each page costs credits).\n' +
        'Credentials: SOCIALFETCH_API_KEY.',
    )
    .argument(
      '[handle]',
      'the TikTok handle, with or without @ (default with --simulator: its featured creator)',
    )
    .addOption(new Option('--sort <order>', 'video order').choices([...SOCIALFETCH_SORT_ORDERS]))
    .option('--region <code>', 'country the request is made from (XX)')
    .option('--max-credits <n>', 'stop before spending more credits than this', positiveInteger);
  addOutputOptions(command);
  addTargetOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ tikrx socialfetch --simulator
  $ tikrx socialfetch @creator --sort latest --out creator.ndjson --checkpoint creator.checkpoint.json
  $ tikrx socialfetch creator --format csv --max-credits 50 > creator.csv`,
  );
  command.action(async (handleArgument: string | undefined, flags: SocialFetchFlags) => {
    checkSimulatorFlags(command, flags);
    if (handleArgument === undefined && !flags.simulator) {
      command.error("error: missing required argument 'handle'", {
        exitCode: 2,
        code: 'tikrx.usage',
      });
    }
    const target = await openTarget(flags, ['SOCIALFETCH_API_KEY']);
    try {
      const handle = handleArgument ?? target.simulator?.dataset.featuredCreator ?? '';
      const request = {
        ...(flags.sort === undefined ? {} : { sortBy: flags.sort }),
        ...(flags.region === undefined ? {} : { region: flags.region }),
      };
      onExit(
        await runCrawl(
          {
            crawl: `socialfetch ${JSON.stringify({ handle, ...request })}`,
            start: (context) => {
              const checkpoints = cursorCheckpoints({
                source: 'socialfetch',
                nextCursorOf: (body) =>
                  pathOf(body, 'data', 'page', 'hasMore') === true
                    ? pathOf(body, 'data', 'page', 'nextCursor')
                    : undefined,
                onEvent: context.onEvent,
              });
              const resumeCursor = pathOf(context.resumeFrom, 'cursor');
              return createSocialFetchClient({
                apiKey: target.credential('SOCIALFETCH_API_KEY'),
                ...clientOptionsFor(target, { ...context, onEvent: checkpoints.onEvent }),
                transport: checkpoints.transport,
              }).profileVideos(handle, {
                ...request,
                ...(flags.maxCredits === undefined ? {} : { maxCredits: flags.maxCredits }),
                ...(typeof resumeCursor === 'string' ? { cursor: resumeCursor } : {}),
              });
            },
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
