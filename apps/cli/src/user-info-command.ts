import { profilesOfUsers, type UserInfoField } from '@tikrx/research';
import { Command } from 'commander';
import { from } from 'rxjs';
import { type CommonFlags, commaList, positiveInteger } from './common-options.js';
import { addEndpointOptions, runEndpointCommand } from './research-endpoint-command.js';

interface UserInfoFlags extends CommonFlags {
  fields?: string[];
  concurrency?: number;
}

export function userInfoCommand(onExit: (code: number) => void): Command {
  const command = new Command('user-info')
    .summary('profiles of users (Research API)')
    .description(
      'The profile of each TikTok user (Research API user/info), one JSON object a line. A user\n' +
        'the API does not return is written too, with lookupStatus not_found or private.\n' +
        'Credentials: TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.',
    )
    .argument('[usernames...]', 'TikTok usernames (default with --simulator: its featured creator)')
    .option(
      '--fields <names>',
      "the API's field names to request (default: all but bio_url)",
      commaList,
    )
    .option('--concurrency <n>', 'profiles asked for at once (default 8)', positiveInteger);
  addEndpointOptions(command, { videos: false });
  command.addHelpText(
    'after',
    `
Examples:
  $ tikrx user-info --simulator
  $ tikrx user-info some_user other_user --fields display_name,follower_count`,
  );
  command.action(async (usernames: string[], flags: UserInfoFlags) => {
    if (usernames.length === 0 && !flags.simulator) {
      command.error("error: missing required argument 'usernames'", { exitCode: 2 });
    }
    onExit(
      await runEndpointCommand(command, 'user-info', flags, (target) => {
        const names =
          usernames.length > 0 ? usernames : [target.simulator?.dataset.featuredCreator ?? ''];
        const options = {
          ...(flags.fields === undefined ? {} : { fields: flags.fields as UserInfoField[] }),
          ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
        };
        return {
          crawl: { usernames: names, ...options },
          stream: (client) => from(names).pipe(profilesOfUsers(client, options)),
        };
      }),
    );
  });
  return command;
}
