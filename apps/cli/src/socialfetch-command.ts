import { SOCIALFETCH_SORT_ORDERS, type SocialFetchCheckpoint } from '@tikrx/socialfetch';
import { Command, Option } from 'commander';
import { EMPTY } from 'rxjs';
import {
  addOutputOptions,
  addTargetOptions,
  type CommonFlags,
  checkSimulatorFlags,
  positiveInteger,
  usageError,
} from './common-options.js';
import { resumePointOf } from './resume-point.js';
import { runCrawlOnTarget } from './run-crawl.js';
import { socialFetchClientFor } from './socialfetch-client.js';

/** The API's `nextCursor`, as a `SocialFetchCheckpoint` holds it. */
type SocialFetchCursor = Extract<SocialFetchCheckpoint, { done: false }>['cursor'];
const isSocialFetchCursor = (value: unknown): value is SocialFetchCursor =>
  typeof value === 'string' && value !== '';

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
      usageError(command, "missing required argument 'handle'");
    }
    const request = {
      ...(flags.sort === undefined ? {} : { sortBy: flags.sort }),
      ...(flags.region === undefined ? {} : { region: flags.region }),
    };
    onExit(
      await runCrawlOnTarget(flags, ['SOCIALFETCH_API_KEY'], (target) => {
        const handle = handleArgument ?? target.simulator?.dataset.featuredCreator ?? '';
        return {
          crawl: `socialfetch ${JSON.stringify({ handle, ...request })}`,
          start: (context) => {
            // The client reports a SocialFetchCheckpoint after each page; its cursor resumes.
            const resume = resumePointOf(context.resumeFrom, isSocialFetchCursor, 'Social Fetch');
            if (resume.finished) return EMPTY;
            return socialFetchClientFor(target, context).profileVideos(handle, {
              ...request,
              ...(flags.maxCredits === undefined ? {} : { maxCredits: flags.maxCredits }),
              ...(resume.cursor === undefined ? {} : { cursor: resume.cursor }),
            });
          },
        };
      }),
    );
  });
  return command;
}
