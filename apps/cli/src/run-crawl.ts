import { isTikrxError, type RateLimiter, TikrxError, type TikrxEvent } from '@tikrx/core';
import { createIdStore, type IdStore } from '@tikrx/operators';
import type { Observable, Subscription } from 'rxjs';
import {
  type CheckpointFile,
  createCheckpointWriter,
  readCheckpointFile,
} from './checkpoint-file.js';
import type { OutputRecord } from './csv.js';
import { type OutputFormat, openOutput, type RecordOutput } from './output.js';
import { outputGateLimiter } from './output-gate-limiter.js';
import { createProgressReporter, type ProgressReporter } from './progress-reporter.js';

/** The flags every crawling subcommand shares. */
export interface OutputFlags {
  format: OutputFormat;
  out?: string;
  checkpoint?: string;
  raw?: boolean;
  quiet?: boolean;
}

/** What a subcommand hands the runner: how to start (or resume) its stream. */
export interface CrawlDefinition {
  /** The subcommand and the arguments that define the crawl; a checkpoint only resumes the same crawl. */
  crawl: string;
  /**
   * Builds the stream. `resumeFrom` is the last checkpointed state, absent on a first run.
   * The stream reports new states with `checkpoint` events through `onEvent`, each after the
   * videos it covers were emitted.
   */
  start(context: CrawlContext): Observable<OutputRecord>;
}

export interface CrawlContext {
  resumeFrom?: unknown;
  onEvent: (event: TikrxEvent) => void;
  /** Wrap the limiter a client would use, so pages are not fetched faster than output drains. */
  gate: (limiter?: RateLimiter) => RateLimiter;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/**
 * Runs one crawl to the end, or until Ctrl-C: records to the output (skipping ids already
 * written), events to the progress reporter, checkpoints to `--checkpoint` once the records
 * they cover are written. Returns the exit code.
 */
export async function runCrawl(definition: CrawlDefinition, flags: OutputFlags): Promise<number> {
  const previous =
    flags.checkpoint === undefined ? undefined : await readCheckpointFile(flags.checkpoint);
  if (previous !== undefined && previous.crawl !== definition.crawl) {
    throw new TikrxError({
      kind: 'bad_request',
      message: `--checkpoint ${flags.checkpoint} belongs to another crawl (${previous.crawl}); use another file`,
    });
  }
  const reporter = createProgressReporter({ quiet: flags.quiet === true });
  if (previous?.done) {
    reporter.note(
      `--checkpoint ${flags.checkpoint}: this crawl already finished (${previous.videos} videos); nothing to do`,
    );
    return EXIT_OK;
  }

  const output = await openOutput({
    format: flags.format,
    ...(flags.out === undefined ? {} : { outPath: flags.out }),
    // With a checkpoint, --out is part of the crawl state: continue it, never replace it.
    continueFile: flags.checkpoint !== undefined,
    includeRaw: flags.raw === true,
  });
  if (output.truncatedBytes > 0) {
    reporter.note(
      `--out ${flags.out}: cut ${output.truncatedBytes} bytes of a half-written record`,
    );
  }
  if (previous !== undefined) {
    reporter.note(
      `resuming from --checkpoint ${flags.checkpoint} (${output.existingIds.size} videos already in ${flags.out ?? 'the earlier output'})`,
    );
  }

  const crawl = new CrawlState(definition.crawl, flags.checkpoint, output, reporter, previous);
  return crawl.run(definition);
}

class CrawlState {
  private state: unknown;
  private readonly seen: IdStore;
  private readonly checkpoints;
  private subscription: Subscription | undefined;
  private finished = false;
  /** A resumed crawl: pages may bring videos an earlier run already wrote. */
  private readonly resumed: boolean;
  /** Videos of the current page that an earlier run had collected (written, or dropped by the client). */
  private pageCollectedBefore = 0;
  private clientDropsBeforePage = 0;

  constructor(
    private readonly crawl: string,
    checkpointPath: string | undefined,
    private readonly output: RecordOutput,
    private readonly reporter: ProgressReporter,
    previous: CheckpointFile | undefined,
  ) {
    this.state = previous?.state;
    // Ids this run wrote (an earlier run's are in output.existingIds): each video is written once.
    this.seen = createIdStore();
    this.resumed = previous !== undefined || output.existingIds.size > 0;
    this.checkpoints =
      checkpointPath === undefined ? undefined : createCheckpointWriter(checkpointPath);
  }

  run(definition: CrawlDefinition): Promise<number> {
    return new Promise<number>((resolve) => {
      const finish = (code: number, outcome: string, error?: unknown): void => {
        if (this.finished) return;
        this.finished = true;
        process.off('SIGINT', onInterrupt);
        this.subscription?.unsubscribe();
        this.close(code === EXIT_OK)
          .then(
            () => outcome,
            (closeError: unknown) => {
              error ??= closeError;
              code = EXIT_FAILED;
              return 'failed';
            },
          )
          .then((finalOutcome) => {
            this.reporter.finish(finalOutcome);
            if (error !== undefined) reportError(error);
            resolve(error !== undefined && code === EXIT_OK ? EXIT_FAILED : code);
          });
      };
      const onInterrupt = (): void => {
        // A second Ctrl-C while flushing means "now".
        process.once('SIGINT', () => process.exit(EXIT_INTERRUPTED));
        finish(EXIT_INTERRUPTED, 'interrupted');
      };
      process.once('SIGINT', onInterrupt);

      this.output.onReaderGone(() => finish(EXIT_OK, 'stopped, the reader of stdout went away'));
      this.reporter.start();
      const context: CrawlContext = {
        onEvent: (event) => this.onEvent(event),
        gate: (limiter) => outputGateLimiter(this.output, limiter),
      };
      if (this.state !== undefined) context.resumeFrom = this.state;
      try {
        this.subscription = definition.start(context).subscribe({
          next: (record) => {
            try {
              this.write(record);
            } catch (error) {
              finish(EXIT_FAILED, 'failed', error);
            }
          },
          error: (error: unknown) => finish(exitCodeFor(error), 'failed', error),
          complete: () => finish(EXIT_OK, 'done'),
        });
      } catch (error) {
        finish(exitCodeFor(error), 'failed', error);
      }
    });
  }

  private write(record: OutputRecord): void {
    if (this.output.existingIds.has(record.id) || !this.seen.addIfAbsent(record.id)) {
      if (this.output.existingIds.has(record.id)) this.pageCollectedBefore++;
      this.reporter.stats.duplicates++;
      return;
    }
    this.output.write(record);
    this.reporter.stats.videos++;
  }

  private onEvent(event: TikrxEvent): void {
    this.reporter.onEvent(event);
    if (event.type === 'duplicate') {
      this.clientDropsBeforePage += event.count;
    } else if (event.type === 'page') {
      // A page event comes just before its videos (and after the client's duplicate event).
      this.countPageIfFetchedAgain();
      this.pageCollectedBefore = this.clientDropsBeforePage;
      this.clientDropsBeforePage = 0;
    } else if (event.type === 'checkpoint') {
      this.state = event.checkpoint;
      this.saveCheckpoint(false).catch((error: unknown) => {
        this.reporter.note(`warning: could not write --checkpoint: ${(error as Error).message}`);
      });
    }
  }

  private countPageIfFetchedAgain(): void {
    if (this.resumed && this.pageCollectedBefore > 0) this.reporter.stats.refetchedPages++;
    this.pageCollectedBefore = 0;
  }

  /** Writes the checkpoint once every record it covers has reached the output file. */
  private async saveCheckpoint(done: boolean): Promise<void> {
    if (this.checkpoints === undefined) return;
    const state = this.state;
    await this.output.flushed();
    const checkpoint: CheckpointFile = {
      version: 1,
      crawl: this.crawl,
      done,
      videos: this.seen.size + this.output.existingIds.size,
      updatedAt: new Date().toISOString(),
    };
    if (state !== undefined) checkpoint.state = state;
    await this.checkpoints.save(checkpoint);
  }

  private async close(done: boolean): Promise<void> {
    this.countPageIfFetchedAgain();
    await this.output.close();
    await this.saveCheckpoint(done);
  }
}

/** Validation errors (before any request) are bad usage; everything else at run time failed. */
export function exitCodeFor(error: unknown): number {
  return isTikrxError(error) && error.kind === 'bad_request' && error.status === undefined
    ? EXIT_USAGE
    : EXIT_FAILED;
}

/** `error: <message> (<kind>)` on stderr. TikrxError messages carry no secret. */
export function reportError(error: unknown): void {
  if (isTikrxError(error)) {
    const detail = [error.kind, error.code, error.status].filter((part) => part !== undefined);
    process.stderr.write(`error: ${error.message} (${detail.join(', ')})\n`);
  } else {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
