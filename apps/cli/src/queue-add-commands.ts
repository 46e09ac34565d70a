import { DISPLAY_MAX_COUNT, type DisplayVideoField } from '@tikrx/display';
import type { CrawlSpec } from '@tikrx/queue';
import {
  type CommentField,
  RESEARCH_MAX_COUNT,
  type UserInfoField,
  type UserVideoField,
} from '@tikrx/research';
import { SOCIALFETCH_SORT_ORDERS } from '@tikrx/socialfetch';
import { Command, Option } from 'commander';
import { idsOfFile } from './comments-command.js';
import {
  addPageOptions,
  commaList,
  type PageFlags,
  pageRequestOf,
  positiveInteger,
  usageError,
} from './common-options.js';
import { loadQueue, queueConfigFromEnv } from './queue-config.js';
import { EXIT_OK } from './run-crawl.js';

/** What every `tikrx queue add <kind>` takes beside the kind's own options. */
export interface QueueAddFlags {
  every?: string;
  owner?: string;
  id?: string;
}

/** `--every`, `--owner`, `--id`. */
export function addQueueOptions(command: Command): Command {
  return command
    .option('--every <interval>', 'run again on this interval (90s, 15m, 1h, 1d)')
    .option('--owner <name>', 'who asks (shown by status; default $USER)')
    .option(
      '--id <crawl-id>',
      'the crawl id (default: random); again with --every replaces its schedule',
    );
}

/**
 * Checks the spec (each kind's options, by the client that will run them) and `--every`, then
 * queues it and prints the crawl id. Bad input fails before any connection is opened.
 */
export async function submitFromCli(
  spec: CrawlSpec,
  flags: QueueAddFlags,
  onExit: (code: number) => void,
): Promise<void> {
  const { connect, parseEvery, submitCrawl, validateSpec } = await loadQueue();
  const checked = validateSpec(spec);
  if (flags.every !== undefined) parseEvery(flags.every);
  const connections = connect(queueConfigFromEnv());
  try {
    const submitted = await submitCrawl(connections, checked, {
      owner: flags.owner ?? process.env.USER ?? 'anonymous',
      ...(flags.id === undefined ? {} : { crawlId: flags.id }),
      ...(flags.every === undefined ? {} : { every: flags.every }),
    });
    process.stdout.write(`${submitted.crawlId}\n`);
    process.stderr.write(
      submitted.everyMs === undefined
        ? `queued ${spec.kind} crawl ${submitted.crawlId}\n`
        : `scheduled ${spec.kind} crawl ${submitted.crawlId} every ${flags.every}\n`,
    );
  } finally {
    await connections.close();
  }
  onExit(EXIT_OK);
}

type Flags = QueueAddFlags & PageFlags & Record<string, unknown>;

/** One `queue add <name>` command: its arguments and options, and the spec they make. */
function kindCommand(
  name: string,
  description: string,
  define: (command: Command) => Command,
  specOf: (args: string[], flags: Flags, command: Command) => Promise<CrawlSpec> | CrawlSpec,
  onExit: (code: number) => void,
): Command {
  const command = addQueueOptions(define(new Command(name).description(description)));
  return command.action(async (...received: unknown[]) => {
    // commander passes the arguments, then the flags, then the command.
    const flags = received.at(-2) as Flags;
    const args = received.slice(0, -2).flatMap((value) => value ?? []) as string[];
    await submitFromCli(await specOf(args, flags, command), flags, onExit);
  });
}

const maxCountOf = (flags: Flags) =>
  flags.maxCount === undefined ? {} : { maxCount: flags.maxCount };

/** `queue add` for every kind but the windowed video query (`queue add research`). */
export function queueAddKindCommands(onExit: (code: number) => void): Command[] {
  const user = (command: Command) => command.argument('<username>', 'the TikTok username');
  return [
    kindCommand(
      'reposts',
      "queue a user's reposted videos (Research API), one job",
      (command) =>
        user(command).option('--max-count <n>', 'videos per request, up to 100', positiveInteger),
      ([username], flags) => ({
        kind: 'research.reposts',
        username: username!,
        ...maxCountOf(flags),
      }),
      onExit,
    ),
    kindCommand(
      'user-info',
      "queue users' profiles (Research API), one job",
      (command) =>
        command
          .argument('<usernames...>', 'TikTok usernames')
          .option('--fields <names>', "the API's field names to request", commaList),
      (usernames, flags) => ({
        kind: 'research.user-info',
        usernames,
        ...(flags.fields === undefined ? {} : { fields: flags.fields as UserInfoField[] }),
      }),
      onExit,
    ),
    kindCommand(
      'comments',
      'queue the comments of videos (Research API), one job checkpointed per page',
      (command) =>
        addPageOptions(
          command
            .argument('[videoIds...]', 'video ids (decimal)')
            .option('--from-file <file>', 'read the video ids from an NDJSON file of videos')
            .option('--concurrency <n>', 'videos read at once in the job', positiveInteger),
          RESEARCH_MAX_COUNT,
        ),
      async (videoIds, flags, command) => {
        const file = flags['fromFile'] as string | undefined;
        if ((videoIds.length === 0) === (file === undefined)) {
          usageError(command, 'give video ids, or --from-file with the NDJSON of a crawl');
        }
        return {
          kind: 'research.comments',
          videoIds: file === undefined ? videoIds : await idsOfFile(file),
          ...pageRequestOf<CommentField>(flags),
          ...(flags['concurrency'] === undefined
            ? {}
            : { concurrency: flags['concurrency'] as number }),
        };
      },
      onExit,
    ),
    kindCommand(
      'liked',
      'queue the videos a user liked (Research API), one job',
      (command) => addPageOptions(user(command), RESEARCH_MAX_COUNT),
      ([username], flags) => ({
        kind: 'research.liked',
        username: username!,
        ...pageRequestOf<UserVideoField>(flags),
      }),
      onExit,
    ),
    kindCommand(
      'pinned',
      'queue the videos a user pinned (Research API), one job',
      (command) =>
        user(command).option('--fields <names>', "the API's field names to request", commaList),
      ([username], flags) => ({
        kind: 'research.pinned',
        username: username!,
        ...(flags.fields === undefined ? {} : { fields: flags.fields as UserVideoField[] }),
      }),
      onExit,
    ),
    ...(['followers', 'following'] as const).map((list) =>
      kindCommand(
        list,
        `queue ${list === 'followers' ? "a user's followers" : 'the accounts a user follows'} (Research API), one job`,
        (command) =>
          user(command).option(
            '--max-count <n>',
            'entries per request, up to 100',
            positiveInteger,
          ),
        ([username], flags) => ({
          kind: `research.${list}` as const,
          username: username!,
          ...maxCountOf(flags),
        }),
        onExit,
      ),
    ),
    kindCommand(
      'playlist',
      'queue a playlist and its video ids (Research API), one job',
      (command) =>
        command
          .argument('<playlistId>', 'the playlist id')
          .option('--max-count <n>', 'video ids per request', positiveInteger),
      ([playlistId], flags) => ({
        kind: 'research.playlist',
        playlistId: playlistId!,
        ...maxCountOf(flags),
      }),
      onExit,
    ),
    kindCommand(
      'display',
      "queue the videos of the workers' Display token user (Display API), one job",
      (command) =>
        addPageOptions(
          command
            .addOption(
              new Option('--api-version <version>', 'API version')
                .choices(['v1', 'v2'])
                .default('v2'),
            )
            .option('--username <handle>', "the token's user, set as `username` on each video"),
          DISPLAY_MAX_COUNT,
        ),
      (_args, flags) => ({
        kind: 'display.videos',
        apiVersion: flags['apiVersion'] as 'v1' | 'v2',
        ...(flags['username'] === undefined ? {} : { username: flags['username'] as string }),
        ...pageRequestOf<DisplayVideoField>(flags),
      }),
      onExit,
    ),
    kindCommand(
      'socialfetch',
      "queue a profile's videos (Social Fetch), one job",
      (command) =>
        command
          .argument('<handle>', 'the TikTok handle, with or without @')
          .addOption(
            new Option('--sort <order>', 'video order').choices([...SOCIALFETCH_SORT_ORDERS]),
          )
          .option('--region <code>', 'country the request is made from (XX)')
          .option('--max-credits <n>', 'credits one attempt of the job may spend', positiveInteger),
      ([handle], flags) => ({
        kind: 'socialfetch.videos',
        handle: handle!,
        ...(flags['sort'] === undefined ? {} : { sortBy: flags['sort'] as 'latest' | 'popular' }),
        ...(flags['region'] === undefined ? {} : { region: flags['region'] as string }),
        ...(flags['maxCredits'] === undefined ? {} : { maxCredits: flags['maxCredits'] as number }),
      }),
      onExit,
    ),
  ];
}
