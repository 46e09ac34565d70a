import { DISPLAY_MAX_COUNT, type DisplayCheckpoint, type DisplayVideoField } from '@tikrx/display';
import { Command, Option } from 'commander';
import { EMPTY } from 'rxjs';
import {
  addOutputOptions,
  addPageOptions,
  addTargetOptions,
  type CommonFlags,
  checkSimulatorFlags,
  type PageFlags,
  pageRequestOf,
} from './common-options.js';
import { displayClientFor } from './display-client.js';
import { resumePointOf } from './resume-point.js';
import { runCrawlOnTarget } from './run-crawl.js';

/** The API's cursor, as a `DisplayCheckpoint` holds it: a UTC timestamp in ms. */
type DisplayCursor = Extract<DisplayCheckpoint, { done: false }>['cursor'];
const isDisplayCursor = (value: unknown): value is DisplayCursor =>
  Number.isSafeInteger(value) && (value as number) >= 0;

interface DisplayFlags extends CommonFlags, PageFlags {
  apiVersion: 'v1' | 'v2';
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
    .option('--username <handle>', "the token's user, set as `username` on each video");
  addPageOptions(command, DISPLAY_MAX_COUNT);
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
    const request = pageRequestOf<DisplayVideoField>(flags);
    onExit(
      await runCrawlOnTarget(flags, ['TIKTOK_ACCESS_TOKEN'], (target) => ({
        crawl: `display ${JSON.stringify({ apiVersion: flags.apiVersion, ...request })}`,
        start: (context) => {
          // The client reports a DisplayCheckpoint after each page; its cursor resumes.
          const resume = resumePointOf(context.resumeFrom, isDisplayCursor, 'Display');
          if (resume.finished) return EMPTY;
          return displayClientFor(target, context, {
            apiVersion: flags.apiVersion,
            ...(flags.username === undefined ? {} : { username: flags.username }),
          }).videos({
            ...request,
            ...(resume.cursor === undefined ? {} : { cursor: resume.cursor }),
          });
        },
      })),
    );
  });
  return command;
}
