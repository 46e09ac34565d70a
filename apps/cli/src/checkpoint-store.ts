import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TikrxError } from '@tikrx/core';
import {
  type CheckpointFile,
  createCheckpointWriter,
  isCheckpointFile,
  readCheckpointFile,
} from './checkpoint-file.js';
import type { OutputFormat, RecordOutput } from './output.js';

/**
 * Where `--checkpoint` lives: a JSON file, or, when it names the `--out` DuckDB database
 * itself (`--out crawl.duckdb --checkpoint crawl.duckdb`), a row of that database's
 * `crawl_checkpoints` table, one per crawl, committed in the same transaction as the records it
 * covers: a crawl killed at any moment resumes exactly where its committed records end.
 */

/** Saves a crawl's checkpoints (see {@link openCheckpointSaver}). */
export interface CheckpointSaver {
  /** Saves `checkpoint` once every record written so far is in the output (never before). */
  save(checkpoint: CheckpointFile): Promise<void>;
  /** Saved by the output itself: the last save must come before the output closes. */
  readonly throughOutput: boolean;
}

/** True when `--checkpoint` names the `--out` database (the checkpoint lives in it). */
export function checkpointInOutput(
  checkpoint: string | undefined,
  out: string | undefined,
  format: OutputFormat,
): boolean {
  if (checkpoint === undefined || out === undefined || resolve(checkpoint) !== resolve(out)) {
    return false;
  }
  if (format !== 'duckdb') {
    throw new TikrxError({
      kind: 'bad_request',
      message: `--checkpoint ${checkpoint} is the --out file; only a .duckdb database can hold its checkpoint`,
    });
  }
  return true;
}

/** The checkpoint a crawl resumes from, `undefined` on a first run. */
export async function readCheckpoint(
  path: string,
  inOutput: boolean,
  crawl: string,
): Promise<CheckpointFile | undefined> {
  if (!inOutput) return readCheckpointFile(path);
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) return undefined;
  // Loaded here, not at start-up: only a crawl into a database needs DuckDB.
  const { openDuckdb } = await import('@tikrx/duckdb');
  // Read-only and closed again before the output opens the file for writing.
  const store = await openDuckdb(path, { readOnly: true });
  try {
    const checkpoint = await store.readCheckpoint(crawl);
    if (checkpoint === undefined || isCheckpointFile(checkpoint)) return checkpoint;
    throw new TikrxError({
      kind: 'bad_request',
      message: `--checkpoint ${path}: the checkpoint of this crawl is not a tikrx checkpoint`,
    });
  } finally {
    store.close();
  }
}

/** The saver of `--checkpoint path` for a crawl writing to `output`. */
export function openCheckpointSaver(
  path: string,
  inOutput: boolean,
  output: RecordOutput,
): CheckpointSaver {
  const saveCheckpoint = output.saveCheckpoint?.bind(output);
  if (inOutput && saveCheckpoint !== undefined)
    return { throughOutput: true, save: saveCheckpoint };
  const file = createCheckpointWriter(path);
  return {
    throughOutput: false,
    save(checkpoint) {
      // Asked now, so it covers the records written until now.
      const written = output.flushed();
      return written.then((ok) => (ok ? file.save(checkpoint) : undefined));
    },
  };
}
