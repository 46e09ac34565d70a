import type { UserVideoField } from '@tikrx/research';
import { RESEARCH_MAX_COUNT } from '@tikrx/research';
import { Command } from 'commander';
import {
  addPageOptions,
  type CommonFlags,
  type PageFlags,
  pageRequestOf,
} from './common-options.js';
import {
  addEndpointOptions,
  requireUsername,
  runEndpointCommand,
  usernameFor,
} from './research-endpoint-command.js';

export function likedCommand(onExit: (code: number) => void): Command {
  const command = new Command('liked')
    .summary('videos a user liked (Research API)')
    .description(
      'Videos a TikTok user liked (Research API user/liked_videos), newest like first. Most\n' +
        'users hide their likes: then it fails, saying so (exit 1).\n' +
        'Credentials: TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.',
    )
    .argument('[username]', 'the TikTok username (default with --simulator: its featured creator)');
  addPageOptions(command, RESEARCH_MAX_COUNT);
  addEndpointOptions(command, { videos: true });
  command.addHelpText(
    'after',
    '\nExamples:\n  $ tikrx liked --simulator\n  $ tikrx liked some_user --out liked.ndjson --checkpoint liked.checkpoint.json',
  );
  command.action(async (username: string | undefined, flags: CommonFlags & PageFlags) => {
    requireUsername(command, username, flags);
    const request = pageRequestOf<UserVideoField>(flags);
    onExit(
      await runEndpointCommand(command, 'liked', flags, (target) => {
        const name = usernameFor(username, target);
        return {
          crawl: { username: name, ...request },
          stream: (client, resume) => client.likedVideos(name, { ...request, ...resume }),
        };
      }),
    );
  });
  return command;
}
