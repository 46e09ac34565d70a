import { Command } from 'commander';
import { type CommonFlags, positiveInteger, usageError } from './common-options.js';
import { addEndpointOptions, runEndpointCommand } from './research-endpoint-command.js';
import type { Target } from './target.js';

export function playlistCommand(onExit: (code: number) => void): Command {
  const command = new Command('playlist')
    .summary('a playlist and its video ids (Research API)')
    .description(
      'A playlist (Research API playlist/info): one JSON object with its name and every video\n' +
        'id. Credentials: TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.',
    )
    .argument('[playlistId]', 'the playlist id (default with --simulator: one of its playlists)')
    .option('--max-count <n>', 'video ids per request', positiveInteger);
  addEndpointOptions(command, { videos: false });
  command.addHelpText(
    'after',
    '\nExamples:\n  $ tikrx playlist --simulator\n  $ tikrx playlist 7123456789012345678',
  );
  command.action(
    async (playlistId: string | undefined, flags: CommonFlags & { maxCount?: number }) => {
      if (playlistId === undefined && !flags.simulator) {
        usageError(command, "missing required argument 'playlistId'");
      }
      const request = flags.maxCount === undefined ? {} : { maxCount: flags.maxCount };
      onExit(
        await runEndpointCommand(command, 'playlist', flags, (target) => {
          const id = playlistId ?? simulatorPlaylist(target);
          return {
            crawl: { playlistId: id, ...request },
            stream: (client) => client.playlist(id, request),
          };
        }),
      );
    },
  );
  return command;
}

/** The embedded simulator's first playlist that holds videos. */
function simulatorPlaylist(target: Target): string {
  const sim = target.simulator;
  if (sim === undefined) return '';
  for (const creator of sim.dataset.creators()) {
    const found = sim.dataset
      .playlistIds(creator)
      .find((id) => sim.expected.playlist(id).length > 0);
    if (found !== undefined) return found;
  }
  return '';
}
