import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT_OK, EXIT_USAGE, exitCodeFor, reportError } from './exit-codes.js';

type Subcommand = (onExit: (code: number) => void) => Command;

/**
 * Each subcommand's module, in the order help lists them. A run loads only the one it names:
 * the others pull in clients, the simulator, DuckDB or BullMQ, and loading them all took
 * longer than the Research API's first answer (`tikrx research` starts sooner).
 */
const SUBCOMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Subcommand>]> = [
  ['research', async () => (await import('./research-command.js')).researchCommand],
  ['reposts', async () => (await import('./reposts-command.js')).repostsCommand],
  ['user-info', async () => (await import('./user-info-command.js')).userInfoCommand],
  ['comments', async () => (await import('./comments-command.js')).commentsCommand],
  ['liked', async () => (await import('./liked-command.js')).likedCommand],
  ['pinned', async () => (await import('./pinned-command.js')).pinnedCommand],
  ['followers', async () => socialGraph('followers')],
  ['following', async () => socialGraph('following')],
  ['playlist', async () => (await import('./playlist-command.js')).playlistCommand],
  ['watch', async () => (await import('./watch-command.js')).watchCommand],
  ['display', async () => (await import('./display-command.js')).displayCommand],
  ['socialfetch', async () => (await import('./socialfetch-command.js')).socialfetchCommand],
  ['merge', async () => (await import('./merge-command.js')).mergeCommand],
  ['simulate', async () => (await import('./simulate-command.js')).simulateCommand],
  [
    'queue',
    async () => {
      const [{ queueCommand }, { queueDashboardCommand }] = await Promise.all([
        import('./queue-command.js'),
        import('./queue-dashboard-command.js'),
      ]);
      return (onExit) => queueCommand(onExit).addCommand(queueDashboardCommand(onExit));
    },
  ],
  ['sql', async () => (await import('./sql-command.js')).sqlCommand],
];

async function socialGraph(list: 'followers' | 'following'): Promise<Subcommand> {
  const { socialGraphCommand } = await import('./social-graph-command.js');
  return (onExit) => socialGraphCommand(list, onExit);
}

/**
 * The subcommands `argv` needs: none for the version, the one it names, or all of them (help,
 * a typo, no command). Options never come before the subcommand's name (the program has only
 * --help and --version).
 */
export async function subcommandsFor(argv: readonly string[]): Promise<Subcommand[]> {
  if (argv[2] === '--version' || argv[2] === '-V') return [];
  const named = SUBCOMMANDS.filter(([name]) => name === argv[2]);
  return Promise.all((named.length === 1 ? named : SUBCOMMANDS).map(([, load]) => load()));
}

/** This package's version, from its package.json (beside `src/` and `dist/` alike). */
export const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export function createProgram(
  onExit: (code: number) => void,
  subcommands: readonly Subcommand[],
): Command {
  const program = new Command('tikrx')
    .description(
      'Crawl TikTok videos from the Research, Display and Social Fetch APIs to NDJSON or ' +
        'CSV. Videos go to stdout (or --out); progress and a closing summary go to stderr.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError('(add --help for usage)');
  for (const subcommand of subcommands) program.addCommand(subcommand(onExit));
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
  try {
    const program = createProgram(
      (code) => {
        exitCode = code;
      },
      await subcommandsFor(argv),
    );
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
