import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Records the order of the file system calls that make a checkpoint durable.
const calls: string[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      const name = basename(String(args[0]));
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        calls.push(`sync ${name}`);
        return sync();
      };
      return handle;
    },
    rename: async (from: string, to: string) => {
      calls.push(`rename ${basename(from)} -> ${basename(to)}`);
      return fs.rename(from, to);
    },
  };
});

const { createCheckpointWriter, readCheckpointFile } = await import('./checkpoint-file.js');

describe('checkpoint writer durability', () => {
  it('flushes the new checkpoint to disk before the rename, and the folder after it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tikrx-checkpoint-'));
    const path = join(dir, 'crawl.json');
    const checkpoint = {
      version: 1 as const,
      crawl: 'research {}',
      done: false,
      videos: 3,
      updatedAt: 'x',
    };
    await createCheckpointWriter(path).save(checkpoint);
    const temporary = `crawl.json.${process.pid}.tmp`;
    expect(calls).toEqual([
      `sync ${temporary}`,
      `rename ${temporary} -> crawl.json`,
      `sync ${basename(dir)}`,
    ]);
    expect(await readCheckpointFile(path)).toEqual(checkpoint);
  });
});
