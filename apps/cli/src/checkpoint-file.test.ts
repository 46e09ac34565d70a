import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CheckpointFile,
  createCheckpointWriter,
  readCheckpointFile,
} from './checkpoint-file.js';

const checkpoint = (videos: number): CheckpointFile => ({
  version: 1,
  crawl: 'research {}',
  state: { cursor: videos },
  done: false,
  videos,
  updatedAt: '2024-01-01T00:00:00.000Z',
});

describe('checkpoint file', () => {
  it('is absent on a first run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tikrx-checkpoint-'));
    expect(await readCheckpointFile(join(dir, 'none.json'))).toBeUndefined();
  });

  it('keeps the newest of many saves and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tikrx-checkpoint-'));
    const path = join(dir, 'crawl.json');
    const writer = createCheckpointWriter(path);
    await Promise.all([1, 2, 3, 4, 5].map((videos) => writer.save(checkpoint(videos))));
    expect(await readCheckpointFile(path)).toEqual(checkpoint(5));
    expect(await readdir(dir)).toEqual(['crawl.json']);
  });

  it('refuses a file that is not a tikrx checkpoint, as bad usage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tikrx-checkpoint-'));
    const path = join(dir, 'notes.json');
    await writeFile(path, '{"hello":1}');
    await expect(readCheckpointFile(path)).rejects.toMatchObject({ kind: 'bad_request' });
  });
});
