import { type Command, Option } from 'commander';

/** `--log-file`, `--verbose`, `--raw-responses`: what to keep when something goes wrong. */
export interface DebugFlags {
  logFile?: string;
  verbose?: boolean;
  rawResponses?: string;
}

const DEBUG_GROUP = 'Debugging:';

export function addDebugOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--log-file <file>',
        'append a structured log (JSON lines, pino) to FILE',
      ).helpGroup(DEBUG_GROUP),
    )
    .addOption(
      new Option('--verbose', 'log every request, page and retry (JSON lines) on stderr').helpGroup(
        DEBUG_GROUP,
      ),
    )
    .addOption(
      new Option(
        '--raw-responses <dir>',
        'keep every raw response body in DIR, credentials scrubbed, for a bug report',
      ).helpGroup(DEBUG_GROUP),
    );
}
