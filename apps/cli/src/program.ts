import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { commentsCommand } from './comments-command.js';
import { displayCommand } from './display-command.js';
import { likedCommand } from './liked-command.js';
import { mergeCommand } from './merge-command.js';
import { pinnedCommand } from './pinned-command.js';
import { playlistCommand } from './playlist-command.js';
import { queueCommand } from './queue-command.js';
import { queueDashboardCommand } from './queue-dashboard-command.js';
import { repostsCommand } from './reposts-command.js';
import { researchCommand } from './research-command.js';
import { EXIT_OK, EXIT_USAGE, exitCodeFor, reportError } from './run-crawl.js';
import { simulateCommand } from './simulate-command.js';
import { socialGraphCommand } from './social-graph-command.js';
import { socialfetchCommand } from './socialfetch-command.js';
import { sqlCommand } from './sql-command.js';
import { userInfoCommand } from './user-info-command.js';
import { watchCommand } from './watch-command.js';

/** This package's version, from its package.json (beside `src/` and `dist/` alike). */
export const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export function createProgram(onExit: (code: number) => void): Command {
  const program = new Command('tikrx')
    .description(
      'Crawl TikTok videos from the Research, Display and Social Fetch APIs to NDJSON or ' +
        'CSV. Videos go to stdout (or --out); progress and a closing summary go to stderr.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError('(add --help for usage)')
    .addCommand(researchCommand(onExit))
    .addCommand(repostsCommand(onExit))
    .addCommand(userInfoCommand(onExit))
    .addCommand(commentsCommand(onExit))
    .addCommand(likedCommand(onExit))
    .addCommand(pinnedCommand(onExit))
    .addCommand(socialGraphCommand('followers', onExit))
    .addCommand(socialGraphCommand('following', onExit))
    .addCommand(playlistCommand(onExit))
    .addCommand(watchCommand(onExit))
    .addCommand(displayCommand(onExit))
    .addCommand(socialfetchCommand(onExit))
    .addCommand(mergeCommand(onExit))
    .addCommand(simulateCommand(onExit))
    .addCommand(queueCommand(onExit).addCommand(queueDashboardCommand(onExit)))
    .addCommand(sqlCommand(onExit));
  program.addHelpText(
    'after',
    `
Credentials come from the environment: TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET
(research, reposts, user-info, comments, liked, pinned, followers, following,
playlist), TIKTOK_ACCESS_TOKEN (display), SOCIALFETCH_API_KEY
(socialfetch); merge needs those of its --sources; --simulator needs none.
Exit codes: 0 done, 1 failed, 2 bad usage, 130 interrupted (Ctrl-C).

Run \`tikrx <command> --help\` for a command's options and examples.

Examples:
  $ tikrx merge --simulator
  $ tikrx research --simulator --hashtag cats --from 2023-01-01 --to 2023-03-31 | jq .id
  $ tikrx research --hashtag cats --from 2024-01-01 --to 2024-03-31 \\
      --out cats.ndjson --checkpoint cats.checkpoint.json
  $ tikrx research --simulator --hashtag cats --from 2023-01-01 --to 2023-03-31 --out cats.duckdb
  $ tikrx sql cats.duckdb "SELECT username, count(*) AS videos FROM videos GROUP BY 1 ORDER BY 2 DESC LIMIT 10"`,
  );
  // Usage errors exit 2, every subcommand alike; commander has already printed the message.
  for (const command of [program, ...descendantsOf(program)]) {
    command.exitOverride().showHelpAfterError('(add --help for usage)');
    if (command !== program) command.helpOption('-h, --help', 'show this help');
  }
  return program;
}

/** Every subcommand, nested ones too (`queue add research`). */
function descendantsOf(command: Command): Command[] {
  return command.commands.flatMap((child) => [child, ...descendantsOf(child)]);
}

/** Parses `argv` and runs the subcommand; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = createProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Exit code 0: --help or --version was printed; anything else is a usage error.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    reportError(error);
    return exitCodeFor(error);
  }
}
