import type { TikrxEvent } from '@tikrx/core';
import type { CheckpointFile } from './checkpoint-file.js';
import { type OutputFormat, openOutput, type RecordOutput } from './output.js';
import type { ProgressReporter } from './progress-reporter.js';
import type { OutputFlags } from './run-crawl.js';

/**
 * Opens the crawl's `--out` (NDJSON, CSV, a DuckDB or Parquet file; stdout without it) and
 * tells the user what a continued file held.
 */
export async function openCrawlOutput(
  crawl: string,
  format: OutputFormat,
  flags: OutputFlags,
  reporter: ProgressReporter,
  previous: CheckpointFile | undefined,
): Promise<RecordOutput> {
  const output = await openOutput({
    format,
    crawl,
    ...(flags.bom === true ? { bom: true } : {}),
    ...(flags.textIds === true ? { textIds: true } : {}),
    ...(flags.out === undefined ? {} : { outPath: flags.out }),
    // With a checkpoint, --out is part of the crawl state: continue it, never replace it.
    continueFile: flags.checkpoint !== undefined,
    includeRaw: flags.raw === true,
    onRecordWritten: reporter.onVideoWritten,
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
  return output;
}

/** Counts what a database output's `crawl_runs` row records beside the status. */
export interface RunSummaryRecorder {
  onEvent(event: TikrxEvent): void;
  /** Hands the counts to the output (a no-op for outputs without a run table). */
  applyTo(output: RecordOutput): void;
}

/** Requests sent and days given up, for a database output's `crawl_runs` row. */
export function createRunSummaryRecorder(): RunSummaryRecorder {
  let requests = 0;
  const gaps: unknown[] = [];
  return {
    onEvent(event) {
      if (event.type === 'request') requests++;
      else if (event.type === 'gap') {
        gaps.push({ days: event.days, kind: event.kind, message: event.message });
      }
    },
    applyTo(output) {
      output.setRunSummary?.({ requests, gaps });
    },
  };
}
