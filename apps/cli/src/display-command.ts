import { createDisplayClient, DISPLAY_MAX_COUNT, type DisplayVideoField } from '@tikrx/display';
import { RATE_LIMIT_PRESETS } from '@tikrx/operators';
import { Command, Option } from 'commander';
import { clientOptionsFor } from './client-options.js';
import {
  addOutputOptions,
  addTargetOptions,
  type CommonFlags,
  checkSimulatorFlags,
  commaList,
  positiveInteger,
} from './common-options.js';
import { cursorCheckpoints, pathOf } from './cursor-checkpoints.js';
import { runCrawl } from './run-crawl.js';
import { openTarget } from './target.js';

interface DisplayFlags extends CommonFlags {
  apiVersion: 'v1' | 'v2';
  fields?: string[];
  maxCount?: number;
  username?: string;
}

export function displayCommand(onExit: (code: number) => void): Command {
  const command = new Command('display')
    .summary("the access token's user's videos (Display API)")
    .description(
      'Every video of the user whose access token you hold, newest first (Display API video/list).\n' +
        'Credentials: TIKTOK_ACCESS_TOKEN (scope video.list).',
    )
    .addOption(
      new Option('--api-version <version>', 'API version').choices(['v1', 'v2']).default('v2'),
    )
    .option('--fields <names>', "the API's field names to request (default: all)", commaList)
    .option(`--max-count <n>`, `videos per request, up to ${DISPLAY_MAX_COUNT}`, positiveInteger)
    .option('--username <handle>', "the token's user, set as `username` on each video");
  addOutputOptions(command);
  addTargetOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ tikrx display --simulator
  $ TIKTOK_ACCESS_TOKEN=act.… tikrx display --fields id,create_time,title,view_count --format csv
  $ tikrx display --out mine.ndjson --checkpoint mine.checkpoint.json`,
  );
  command.action(async (flags: DisplayFlags) => {
    checkSimulatorFlags(command, flags);
    const target = await openTarget(flags, ['TIKTOK_ACCESS_TOKEN']);
    try {
      const request = {
        ...(flags.fields === undefined ? {} : { fields: flags.fields as DisplayVideoField[] }),
        ...(flags.maxCount === undefined ? {} : { maxCount: flags.maxCount }),
      };
      onExit(
        await runCrawl(
          {
            crawl: `display ${JSON.stringify({ apiVersion: flags.apiVersion, ...request })}`,
            start: (context) => {
              const checkpoints = cursorCheckpoints({
                source: 'display',
                nextCursorOf: (body) =>
                  pathOf(body, 'data', 'has_more') === true
                    ? pathOf(body, 'data', 'cursor')
                    : undefined,
                onEvent: context.onEvent,
              });
              const resumeCursor = pathOf(context.resumeFrom, 'cursor');
              return createDisplayClient({
                apiVersion: flags.apiVersion,
                accessToken: target.credential('TIKTOK_ACCESS_TOKEN'),
                ...(flags.username === undefined ? {} : { username: flags.username }),
                ...clientOptionsFor(
                  target,
                  { ...context, onEvent: checkpoints.onEvent },
                  flags.apiVersion === 'v2' ? RATE_LIMIT_PRESETS.displayV2 : undefined,
                ),
                transport: checkpoints.transport,
              }).videos({
                ...request,
                ...(typeof resumeCursor === 'number' ? { cursor: resumeCursor } : {}),
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
