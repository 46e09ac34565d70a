import type { ResearchCheckpoint, ResearchClient } from '@tikrx/research';
import type { Command } from 'commander';
import type { Observable } from 'rxjs';
import {
  addOutputOptions,
  addRateWindowOption,
  addTargetOptions,
  type CommonFlags,
  checkSimulatorFlags,
  type RateWindowFlags,
  usageError,
} from './common-options.js';
import type { OutputRecord } from './csv.js';
import { researchClientFor } from './research-client.js';
import { runCrawlOnTarget } from './run-crawl.js';
import type { Target } from './target.js';

/** What a Research endpoint command runs: the arguments that define it, and its stream. */
export interface EndpointRun {
  /** A checkpoint resumes only the crawl of the same arguments. */
  crawl: unknown;
  stream: (
    client: ResearchClient,
    resume: { checkpoint?: ResearchCheckpoint },
  ) => Observable<OutputRecord>;
}

/**
 * The options every Research endpoint command shares (rate window, output, progress,
 * checkpoint, target).
 * `--format csv` stays for videos only: its columns are a video's.
 */
export function addEndpointOptions(command: Command, options: { videos: boolean }): Command {
  addRateWindowOption(command);
  addOutputOptions(command);
  addTargetOptions(command);
  if (!options.videos) {
    const format = command.options.find((option) => option.long === '--format');
    if (format !== undefined) format.argChoices = ['ndjson'];
  }
  return command;
}

/** Runs one Research endpoint command to its exit code (0 done, 1 failed, 2 bad usage). */
export async function runEndpointCommand(
  command: Command,
  name: string,
  flags: CommonFlags & RateWindowFlags,
  define: (target: Target) => EndpointRun,
): Promise<number> {
  checkSimulatorFlags(command, flags);
  return runCrawlOnTarget(flags, ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET'], (target) => {
    const run = define(target);
    return {
      crawl: `${name} ${JSON.stringify(run.crawl)}`,
      start: (context) =>
        run.stream(
          researchClientFor(target, context, flags),
          context.resumeFrom === undefined
            ? {}
            : { checkpoint: context.resumeFrom as ResearchCheckpoint },
        ),
    };
  });
}

/** A usage error (exit 2) when the username argument is missing and there is no `--simulator`. */
export function requireUsername(
  command: Command,
  argument: string | undefined,
  flags: CommonFlags,
): void {
  if (argument === undefined && !flags.simulator) {
    usageError(command, "missing required argument 'username'");
  }
}

/** The username argument, or the embedded simulator's featured creator. */
export function usernameFor(argument: string | undefined, target: Target): string {
  return argument ?? target.simulator?.dataset.featuredCreator ?? '';
}
