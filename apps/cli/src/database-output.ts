import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TikrxError } from '@tikrx/core';
import {
  type CrawlRunSummary,
  type DuckdbStore,
  openDuckdb,
  type RecordKind,
  recordKindOf,
} from '@tikrx/duckdb';
import { createIdStore } from '@tikrx/operators';
import type { CheckpointFile } from './checkpoint-file.js';
import type { OutputRecord } from './csv.js';
import type { RecordOutput } from './output.js';

/** Records waiting for the database before the crawl stops asking for pages. */
const HIGH_WATER_MARK = 10_000;
const LOW_WATER_MARK = 5_000;
/** Most records per transaction. */
const MAX_BATCH = 5_000;
/**
 * How long a page's records wait for more before they are committed: each commit costs a fixed
 * 10–50 ms, so a crawl commits a few times a second rather than once per page.
 */
const GATHER_MS = 200;

export interface DatabaseOutputOptions {
  format: 'duckdb' | 'parquet';
  outPath: string;
  /** A checkpointed crawl: a Parquet crawl gathers in a database beside `outPath` that a rerun continues. */
  continueFile: boolean;
  includeRaw: boolean;
  /** The crawl, for the `crawl_runs` row. */
  crawl: string;
  onRecordWritten?: () => void;
}

/** A {@link RecordOutput} that also records the run in `crawl_runs`. */
export interface DatabaseOutput extends RecordOutput {
  /** Sets what `close` writes into the run's row besides the status and records. */
  setRunSummary(summary: Omit<CrawlRunSummary, 'status' | 'records'>): void;
  /** Closes with this outcome (`close()` means `done` when every record got there). */
  closeWith(status: CrawlRunSummary['status']): Promise<void>;
}

/**
 * `--out FILE.duckdb` or `--out FILE.parquet`: records upserted by key into their table
 * (`@tikrx/duckdb`: videos, comments, users, user_relations, playlists), in batches, one transaction each. `flushed()` resolves once the records so
 * far are committed, so a checkpoint never runs ahead of the database: after a crash, a rerun
 * fetches again what was not committed, and the upsert keeps one row per video. A Parquet file is
 * written from the gathered rows when the crawl is done.
 */
export async function openDatabaseOutput(options: DatabaseOutputOptions): Promise<DatabaseOutput> {
  const gathering = await openStore(options);
  const { store } = gathering;
  const runId = await store.startRun({ crawl: options.crawl });
  let summary: Omit<CrawlRunSummary, 'status' | 'records'> = {};

  let pending: OutputRecord[] = [];
  const kindsWritten = new Set<RecordKind>();
  let accepted = 0;
  let committed = 0;
  let busy = false;
  let closing = false;
  let gatherTimer: ReturnType<typeof setTimeout> | undefined;
  let failure: TikrxError | undefined;
  const failureListeners: Array<(error: TikrxError) => void> = [];
  let flushWaiters: Array<{ upTo: number; resolve: (ok: boolean) => void }> = [];
  // Checkpoints waiting for the records before them (`upTo`): each is committed with the batch
  // that holds its last record, and a newer one due with the same batch supersedes it.
  let checkpoints: Array<{ upTo: number; checkpoint: CheckpointFile; resolve: () => void }> = [];
  let drainWaiters: Array<() => void> = [];

  /** The newest checkpoint covered by the first `upTo` records, and those it supersedes. */
  const checkpointsDue = (upTo: number) => {
    const due = checkpoints.filter((waiting) => waiting.upTo <= upTo);
    checkpoints = checkpoints.filter((waiting) => waiting.upTo > upTo);
    return due;
  };
  const checkpointWaiting = () => checkpoints.some((waiting) => waiting.upTo <= committed);

  const settleWaiters = () => {
    const stillWaiting: typeof flushWaiters = [];
    for (const waiter of flushWaiters) {
      if (failure !== undefined) waiter.resolve(false);
      else if (committed >= waiter.upTo) waiter.resolve(true);
      else stillWaiting.push(waiter);
    }
    flushWaiters = stillWaiting;
    if (failure !== undefined || pending.length <= LOW_WATER_MARK) {
      const wake = drainWaiters;
      drainWaiters = [];
      for (const resolve of wake) resolve();
    }
  };

  const pump = async () => {
    if (gatherTimer !== undefined) clearTimeout(gatherTimer);
    gatherTimer = undefined;
    if (busy) return;
    busy = true;
    try {
      let first = true;
      // The batch due now; after it only full batches, or everything once closing.
      while (
        (pending.length > 0 || checkpointWaiting()) &&
        failure === undefined &&
        (first || closing || pending.length >= MAX_BATCH)
      ) {
        first = false;
        const batch = pending.slice(0, MAX_BATCH);
        pending = pending.slice(batch.length);
        const due = checkpointsDue(committed + batch.length);
        await store.transaction(async () => {
          for (const [kind, records] of byKind(batch)) {
            await store.write(kind, records, runId);
            kindsWritten.add(kind);
          }
          const newest = due.at(-1);
          if (newest !== undefined) await store.saveCheckpoint(options.crawl, newest.checkpoint);
        });
        for (const waiting of due) waiting.resolve();
        committed += batch.length;
        if (options.onRecordWritten) for (const _ of batch) options.onRecordWritten();
        settleWaiters();
      }
    } catch (error) {
      failure = new TikrxError({
        kind: 'invalid_response',
        message: `Cannot write --out ${options.outPath}: ${(error as Error).message}`,
        retryable: false,
        cause: error,
      });
      for (const listener of failureListeners.splice(0)) listener(failure);
      // Not saved: a rerun resumes from the last committed checkpoint.
      for (const waiting of checkpoints.splice(0)) waiting.resolve();
      settleWaiters();
    } finally {
      busy = false;
      if ((pending.length > 0 || checkpoints.length > 0) && failure === undefined) {
        gatherTimer ??= setTimeout(pump, GATHER_MS);
      }
    }
  };

  let closed: Promise<void> | undefined;
  const closeWith = (status: CrawlRunSummary['status']) => {
    closed ??= (async () => {
      closing = true;
      void pump();
      await flushed();
      try {
        const complete = status === 'done' && failure === undefined;
        await store.finishRun(runId, {
          ...summary,
          status: failure === undefined ? status : 'failed',
          records: committed,
        });
        // A Parquet file holds one table: the kind this crawl wrote (videos when none).
        if (complete) await gathering.finish(kindsWritten.values().next().value ?? 'videos');
      } finally {
        await gathering.close();
      }
      if (failure !== undefined) throw failure;
    })();
    return closed;
  };

  const flushed = (): Promise<boolean> => {
    if (failure !== undefined) return Promise.resolve(false);
    if (committed >= accepted) return Promise.resolve(true);
    const upTo = accepted;
    return new Promise((resolve) => flushWaiters.push({ upTo, resolve }));
  };

  return {
    // Every record is written (upserted), even one an earlier run wrote: a later fetch refreshes counts.
    existingIds: createIdStore(),
    truncatedBytes: 0,
    write(record) {
      if (failure !== undefined) return;
      pending.push(options.includeRaw ? record : withoutRaw(record));
      accepted += 1;
      if (pending.length >= MAX_BATCH) void pump();
      else if (!busy) gatherTimer ??= setTimeout(pump, GATHER_MS);
    },
    flushed,
    get congested() {
      return failure === undefined && pending.length > HIGH_WATER_MARK;
    },
    drained: () =>
      pending.length <= LOW_WATER_MARK || failure !== undefined
        ? Promise.resolve()
        : new Promise((resolve) => drainWaiters.push(resolve)),
    onReaderGone: () => {},
    onFailure(listener) {
      if (failure !== undefined) listener(failure);
      else failureListeners.push(listener);
    },
    close: (status = 'done') => closeWith(status),
    closeWith,
    setRunSummary(next) {
      summary = next;
    },
    saveCheckpoint(checkpoint) {
      if (failure !== undefined || options.format !== 'duckdb') return Promise.resolve();
      return new Promise<void>((resolve) => {
        checkpoints.push({ upTo: accepted, checkpoint, resolve });
        if (!busy) gatherTimer ??= setTimeout(pump, pending.length === 0 ? 0 : GATHER_MS);
      });
    },
  };
}

/** Each kind to its table (videos, comments, users, user_relations, playlists). */
function byKind(batch: readonly OutputRecord[]): Map<RecordKind, OutputRecord[]> {
  const kinds = new Map<RecordKind, OutputRecord[]>();
  for (const record of batch) {
    const kind = recordKindOf(record);
    const records = kinds.get(kind);
    if (records === undefined) kinds.set(kind, [record]);
    else records.push(record);
  }
  return kinds;
}

function withoutRaw(record: OutputRecord): OutputRecord {
  if (!('raw' in record)) return record;
  const { raw: _raw, ...rest } = record;
  return rest;
}

interface Gathering {
  store: DuckdbStore;
  /** After a complete crawl: a Parquet file is written from the gathered rows. */
  finish(kind: RecordKind): Promise<void>;
  close(): Promise<void>;
}

async function openStore(options: DatabaseOutputOptions): Promise<Gathering> {
  try {
    if (options.format === 'duckdb') {
      const store = await openDuckdb(options.outPath);
      return { store, finish: async () => {}, close: async () => store.close() };
    }
    // A checkpointed Parquet crawl gathers beside the file, so a rerun continues it.
    const directory = options.continueFile
      ? undefined
      : await mkdtemp(join(tmpdir(), 'tikrx-parquet-'));
    const gatherPath =
      directory === undefined
        ? `${options.outPath}.gather.duckdb`
        : join(directory, 'gather.duckdb');
    const store = await openDuckdb(gatherPath, { memoryLimit: '128MB' });
    let finished = false;
    return {
      store,
      finish: async (kind) => {
        await store.copyToParquet(kind, options.outPath);
        finished = true;
      },
      close: async () => {
        store.close();
        if (directory !== undefined) await rm(directory, { recursive: true, force: true });
        else if (finished) {
          await rm(gatherPath, { force: true });
          await rm(`${gatherPath}.wal`, { force: true });
        }
      },
    };
  } catch (error) {
    throw error instanceof TikrxError
      ? new TikrxError({
          kind: 'bad_request',
          message: `--out ${options.outPath}: ${error.message}`,
        })
      : error;
  }
}
