import { type RateLimiter, TikrxError, type TikrxEvent } from '@tikrx/core';
import { dedupe, gateLimiter, type SyncDedupeStore } from '@tikrx/operators';
import { type Observable, Subscription } from 'rxjs';
import type { CheckpointFile } from './checkpoint-file.js';
import {
  type CheckpointSaver,
  checkpointInOutput,
  openCheckpointSaver,
  readCheckpoint,
} from './checkpoint-store.js';
import type { CrawlDashboard } from './crawl-dashboard.js';
import type { CredentialVariable } from './credentials.js';
import { keyOfRecord, type OutputRecord } from './csv.js';
import {
  EXIT_FAILED,
  EXIT_INTERRUPTED,
  EXIT_OK,
  errorMessage,
  exitCodeFor,
  reportError,
} from './exit-codes.js';
import { idsInOutput } from './ids-in-output.js';
import {
  type CrawlStatus,
  type OutputFormat,
  type RecordOutput,
  resolveOutputFormat,
} from './output.js';
import { createProgressReporter, type ProgressReporter } from './progress-reporter.js';
import { closeDashboardAfterCrawl, openDashboardOfCrawl } from './run-crawl-dashboard.js';
import { createRunSummaryRecorder, openCrawlOutput } from './run-crawl-output.js';
import { openTarget, type Target, type TargetFlags } from './target.js';

export {
  EXIT_FAILED,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  exitCodeFor,
  reportError,
} from './exit-codes.js';

/** The flags every crawling subcommand shares. */
export interface OutputFlags {
  /** Absent: `--out`'s extension says (`.duckdb`, `.parquet`, `.csv`), else NDJSON. */
  format?: OutputFormat;
  /** CSV: a UTF-8 byte order mark first. */
  bom?: boolean;
  /** CSV: ids as `="…"`, text to a spreadsheet. */
  textIds?: boolean;
  out?: string;
  checkpoint?: string;
  raw?: boolean;
  quiet?: boolean;
  /** `--dashboard [port]`: `true` for any free port. */
  dashboard?: true | number;
}

/** What a subcommand hands the runner: how to start (or resume) its stream. */
export interface CrawlDefinition {
  /** The subcommand and the arguments that define the crawl; a checkpoint only resumes the same crawl. */
  crawl: string;
  /** The crawl's date range, both ends inclusive (`YYYY-MM-DD`), drawn as days by `--dashboard`. */
  range?: { start: string; end: string };
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

/**
 * Opens the target (credentials first, so a missing one fails before anything starts), runs
 * the crawl it defines, and closes the target. Returns the exit code.
 */
export async function runCrawlOnTarget(
  flags: OutputFlags & TargetFlags,
  credentials: CredentialVariable[],
  define: (target: Target) => CrawlDefinition,
): Promise<number> {
  const target = await openTarget(flags, credentials);
  try {
    const secrets = credentials.map((name) => target.credential(name));
    return await runCrawl(define(target), flags, secrets);
  } finally {
    await target.close();
  }
}

/**
 * Runs one crawl to the end, or until Ctrl-C or an output failure: records to the output
 * (skipping ids already written), events to the progress reporter, checkpoints to
 * `--checkpoint` once the records they cover are written. Returns the exit code.
 */
export async function runCrawl(
  definition: CrawlDefinition,
  flags: OutputFlags,
  secrets: readonly string[] = [],
): Promise<number> {
  const format = resolveOutputFormat(flags.format, flags.out);
  const inOutput = checkpointInOutput(flags.checkpoint, flags.out, format);
  const previous =
    flags.checkpoint === undefined
      ? undefined
      : await readCheckpoint(flags.checkpoint, inOutput, definition.crawl);
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

  const output = await openCrawlOutput(definition.crawl, format, flags, reporter, previous);
  const dashboard = await openDashboardOfCrawl(definition, flags, reporter, secrets);
  const checkpoints =
    flags.checkpoint === undefined
      ? undefined
      : openCheckpointSaver(flags.checkpoint, inOutput, output);
  const crawl = new CrawlState(definition.crawl, checkpoints, output, reporter, previous);
  const code = await crawl.run(definition, dashboard);
  await closeDashboardAfterCrawl(dashboard, code, reporter);
  return code;
}

type Outcome = 'done' | 'failed' | 'interrupted' | 'stopped, the reader of stdout went away';

class CrawlState {
  private state: unknown;
  /** Every id in the output: an earlier run's (output.existingIds) and this run's. */
  private readonly idsInOutput: SyncDedupeStore;
  /** The checkpoint save under way, if any; saves run one after another, and close waits. */
  private lastSave: Promise<void> = Promise.resolve();
  /** Checkpoint saves not yet settled; the gate holds the next request while there is one. */
  private savesPending = 0;
  private readonly subscription = new Subscription();
  private finished = false;
  /** A resumed crawl: pages may bring videos an earlier run already wrote. */
  private readonly resumed: boolean;
  /** Videos of the current page that an earlier run had collected (written, or dropped by the client). */
  private pageCollectedBefore = 0;
  private clientDropsBeforePage = 0;
  private dashboard: CrawlDashboard | undefined;
  private readonly runSummary = createRunSummaryRecorder();

  constructor(
    private readonly crawl: string,
    private readonly checkpoints: CheckpointSaver | undefined,
    private readonly output: RecordOutput,
    private readonly reporter: ProgressReporter,
    previous: CheckpointFile | undefined,
  ) {
    this.state = previous?.state;
    this.idsInOutput = idsInOutput(output.existingIds);
    this.resumed = previous !== undefined || output.existingIds.size > 0;
  }

  run(definition: CrawlDefinition, dashboard?: CrawlDashboard): Promise<number> {
    this.dashboard = dashboard;
    return new Promise<number>((resolve) => {
      const finish = (code: number, outcome: Outcome, error?: unknown): void => {
        if (this.finished) return;
        this.finished = true;
        process.off('SIGINT', onInterrupt);
        this.subscription.unsubscribe();
        this.close(statusOf(outcome))
          .then(
            (): string => outcome,
            (closeError: unknown) => {
              error ??= closeError;
              code = EXIT_FAILED;
              return 'failed';
            },
          )
          .then((finalOutcome) => {
            this.reporter.finish(finalOutcome);
            if (error !== undefined) reportError(error);
            this.dashboard?.finish(
              finalOutcome,
              this.reporter.snapshot(),
              error === undefined ? undefined : errorMessage(error),
            );
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
      // A full disk or an I/O error: stop asking for pages, keep the checkpoint of what was written.
      this.output.onFailure((error) => finish(EXIT_FAILED, 'failed', error));
      this.reporter.start();
      const context: CrawlContext = {
        onEvent: (event) => this.onEvent(event),
        // No page is requested while the output's buffer is full (a slow pipe, a slow disk),
        // nor while a checkpoint is on its way to disk: so a kill at any moment finds the
        // checkpoint behind the output by at most the pages in flight, however slow the disk.
        gate: (limiter) =>
          gateLimiter(
            {
              isClosed: () => this.output.congested || this.savesPending > 0,
              opened: () => (this.output.congested ? this.output.drained() : this.lastSave),
            },
            limiter,
          ),
      };
      if (this.state !== undefined) context.resumeFrom = this.state;
      try {
        const records = definition.start(context).pipe(
          dedupe({
            key: keyOfRecord,
            store: this.idsInOutput,
            onDuplicate: (_record, id) => {
              if (this.output.existingIds.has(id)) this.pageCollectedBefore++;
              this.reporter.onDuplicate();
            },
          }),
        );
        // Added to a Subscription that finish() may close while the source still emits
        // synchronously: the source is then unsubscribed as soon as subscribe() returns.
        this.subscription.add(
          records.subscribe({
            next: (record) => {
              if (this.finished) return;
              try {
                this.output.write(record);
                this.dashboard?.onVideo(record);
              } catch (error) {
                // A record that cannot be serialized: thrown here, RxJS would report it as
                // unhandled and crash the process without a summary.
                finish(EXIT_FAILED, 'failed', error);
              }
            },
            error: (error: unknown) => finish(exitCodeFor(error), 'failed', error),
            complete: () => finish(EXIT_OK, 'done'),
          }),
        );
      } catch (error) {
        finish(exitCodeFor(error), 'failed', error);
      }
    });
  }

  private onEvent(event: TikrxEvent): void {
    this.reporter.onEvent(event);
    this.dashboard?.onEvent(event);
    this.runSummary.onEvent(event);
    if (event.type === 'duplicate') {
      this.clientDropsBeforePage += event.count;
    } else if (event.type === 'page') {
      // A page event comes just before its videos (and after the client's duplicate event).
      this.countPageIfFetchedAgain();
      this.pageCollectedBefore = this.clientDropsBeforePage;
      this.clientDropsBeforePage = 0;
    } else if (event.type === 'checkpoint') {
      // Reported after the page's videos were emitted, so written: the state covers them.
      this.state = event.checkpoint;
      this.saveCheckpoint(false).catch((error: unknown) => {
        this.reporter.note(`warning: could not write --checkpoint: ${(error as Error).message}`);
      });
    }
  }

  private countPageIfFetchedAgain(): void {
    if (this.resumed && this.pageCollectedBefore > 0) this.reporter.onPageFetchedAgain();
    this.pageCollectedBefore = 0;
  }

  /**
   * Saves the current state once every record it covers has reached the output file. If one
   * did not (the output failed, stdout's reader left), the file keeps the previous checkpoint:
   * a rerun fetches those records again rather than skipping them.
   */
  private saveCheckpoint(done: boolean): Promise<void> {
    const writer = this.checkpoints;
    if (writer === undefined) return Promise.resolve();
    const checkpoint: CheckpointFile = {
      version: 1,
      crawl: this.crawl,
      done,
      videos: this.idsInOutput.size,
      updatedAt: new Date().toISOString(),
    };
    if (this.state !== undefined) checkpoint.state = this.state;
    // Asked now: it covers the records written until now, and is saved once they are.
    const saving = writer.save(checkpoint);
    const save = this.lastSave.then(() => saving);
    this.savesPending++;
    this.lastSave = save
      .catch(() => {})
      .finally(() => {
        this.savesPending--;
      });
    return save;
  }

  private async close(status: CrawlStatus): Promise<void> {
    this.countPageIfFetchedAgain();
    this.runSummary.applyTo(this.output);
    if (this.checkpoints?.throughOutput === true) {
      // Committed with the last records, before the database closes.
      await this.saveCheckpoint(status === 'done');
      await this.output.close(status);
      return;
    }
    try {
      await this.output.close(status);
    } finally {
      await this.saveCheckpoint(status === 'done');
    }
  }
}

function statusOf(outcome: Outcome): CrawlStatus {
  if (outcome === 'done') return 'done';
  return outcome === 'failed' ? 'failed' : 'interrupted';
}
