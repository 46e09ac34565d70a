import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TikrxError } from '@tikrx/core';

/**
 * What `--checkpoint FILE` holds: which crawl it is (so a checkpoint is never applied to another
 * command), where the crawl stands, and whether it finished. Plain JSON.
 */
export interface CheckpointFile {
  version: 1;
  /** The subcommand and the arguments that define the crawl (`research --hashtag cats ...`). */
  crawl: string;
  /**
   * The client's own resume state, as its last `checkpoint` event reported it: a
   * `ResearchCheckpoint`, `DisplayCheckpoint` or `SocialFetchCheckpoint`. Absent before the
   * first page. Files of earlier tikrx versions hold `{ cursor }` for display and socialfetch;
   * they resume the same (see resume-point.ts), so the file format stays version 1.
   */
  state?: unknown;
  done: boolean;
  /** Videos written so far, all runs together. */
  videos: number;
  updatedAt: string;
}

/** Reads a checkpoint; `undefined` when the file does not exist yet (a first run). */
export async function readCheckpointFile(path: string): Promise<CheckpointFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TikrxError({
      kind: 'bad_request',
      message: `Cannot read --checkpoint ${path}: ${(error as Error).message}`,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isCheckpointFile(parsed)) {
    throw new TikrxError({
      kind: 'bad_request',
      message: `--checkpoint ${path} is not a tikrx checkpoint; remove it or choose another file`,
    });
  }
  return parsed;
}

/** True for the JSON of a checkpoint (what `--checkpoint` holds). */
export function isCheckpointFile(value: unknown): value is CheckpointFile {
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return (
    record['version'] === 1 &&
    typeof record['crawl'] === 'string' &&
    typeof record['done'] === 'boolean' &&
    typeof record['videos'] === 'number'
  );
}

/**
 * Writes checkpoints atomically (a temporary file, fsync, then rename, then fsync of the folder),
 * one at a time, the newest winning: a crash, even of the machine, leaves either the previous
 * checkpoint or the new one, never half of one. Without the fsync before the rename, a power cut
 * can leave the renamed file empty on ext4 and XFS (the rename reached the disk, the data not).
 */
export function createCheckpointWriter(path: string): {
  save(checkpoint: CheckpointFile): Promise<void>;
} {
  const temporaryPath = `${path}.${process.pid}.tmp`;
  let pending: CheckpointFile | undefined;
  let queue: Promise<void> = Promise.resolve();

  const writeNewest = async (): Promise<void> => {
    if (pending === undefined) return; // an earlier step already wrote a newer one
    const checkpoint = pending;
    pending = undefined;
    await writeDurably(temporaryPath, JSON.stringify(checkpoint, null, 2) + '\n');
    await rename(temporaryPath, path);
    await syncDirectory(dirname(path));
  };

  return {
    save(checkpoint) {
      pending = checkpoint;
      const step = queue.then(writeNewest);
      queue = step.catch(() => {});
      return step;
    },
  };
}

/** Writes a file and flushes it to the disk before returning. */
async function writeDurably(path: string, text: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Makes a rename in this folder durable; not every platform can open a folder (Windows). */
async function syncDirectory(path: string): Promise<void> {
  let folder: Awaited<ReturnType<typeof open>> | undefined;
  try {
    folder = await open(path, 'r');
    await folder.sync();
  } catch {
    // The rename itself is done; only its durability across a power cut is not guaranteed.
  } finally {
    await folder?.close();
  }
}
