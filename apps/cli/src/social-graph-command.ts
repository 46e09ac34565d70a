import { Command } from 'commander';
import { type CommonFlags, positiveInteger } from './common-options.js';
import {
  addEndpointOptions,
  requireUsername,
  runEndpointCommand,
  usernameFor,
} from './research-endpoint-command.js';

/** `tikrx followers` and `tikrx following`: the same command over the two lists. */
export function socialGraphCommand(
  list: 'followers' | 'following',
  onExit: (code: number) => void,
): Command {
  const what = list === 'followers' ? 'the followers of a user' : 'the accounts a user follows';
  const command = new Command(list)
    .summary(`${what} (Research API)`)
    .description(
      `${what[0]?.toUpperCase()}${what.slice(1)} (Research API user/${list}), newest first, as\n` +
        '{username, displayName, relation, of} a line. These calls have their own daily quota\n' +
        '(20,000). Credentials: TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.',
    )
    .argument('[username]', 'the TikTok username (default with --simulator: its featured creator)')
    .option('--max-count <n>', 'entries per request, up to 100', positiveInteger);
  addEndpointOptions(command, { videos: false });
  command.addHelpText(
    'after',
    `\nExamples:\n  $ tikrx ${list} --simulator\n  $ tikrx ${list} some_user --out ${list}.ndjson --checkpoint ${list}.checkpoint.json`,
  );
  command.action(
    async (username: string | undefined, flags: CommonFlags & { maxCount?: number }) => {
      requireUsername(command, username, flags);
      const request = flags.maxCount === undefined ? {} : { maxCount: flags.maxCount };
      onExit(
        await runEndpointCommand(command, list, flags, (target) => {
          const name = usernameFor(username, target);
          return {
            crawl: { username: name, ...request },
            stream: (client, resume) => client[list](name, { ...request, ...resume }),
          };
        }),
      );
    },
  );
  return command;
}
