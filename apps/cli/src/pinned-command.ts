import type { UserVideoField } from '@tikrx/research';
import { Command } from 'commander';
import { type CommonFlags, commaList } from './common-options.js';
import {
  addEndpointOptions,
  requireUsername,
  runEndpointCommand,
  usernameFor,
} from './research-endpoint-command.js';

export function pinnedCommand(onExit: (code: number) => void): Command {
  const command = new Command('pinned')
    .summary('videos a user pinned (Research API)')
    .description(
      'Videos a TikTok user pinned to their profile (Research API user/pinned_videos).\n' +
        'Credentials: TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.',
    )
    .argument('[username]', 'the TikTok username (default with --simulator: its featured creator)')
    .option('--fields <names>', "the API's field names to request", commaList);
  addEndpointOptions(command, { videos: true });
  command.addHelpText(
    'after',
    '\nExamples:\n  $ tikrx pinned --simulator\n  $ tikrx pinned some_user --format csv',
  );
  command.action(
    async (username: string | undefined, flags: CommonFlags & { fields?: string[] }) => {
      requireUsername(command, username, flags);
      const request =
        flags.fields === undefined ? {} : { fields: flags.fields as UserVideoField[] };
      onExit(
        await runEndpointCommand(command, 'pinned', flags, (target) => {
          const name = usernameFor(username, target);
          return {
            crawl: { username: name, ...request },
            stream: (client, resume) => client.pinnedVideos(name, { ...request, ...resume }),
          };
        }),
      );
    },
  );
  return command;
}
