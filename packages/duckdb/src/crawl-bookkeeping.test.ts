import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckdb } from './open-duckdb.js';
import { temporaryDirectory } from './test-crawl.js';

const video = (id: string) => ({ id, source: 'research', createTime: 1_700_000_000 });

describe('checkpoints in the database', () => {
  let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
  beforeAll(async () => {
    directory = await temporaryDirectory();
  });
  afterAll(async () => {
    await directory.remove();
  });

  it('commits a checkpoint with the records of its transaction, or neither', async () => {
    const path = join(directory.path, 'checkpoints.duckdb');
    const store = await openDuckdb(path);
    try {
      await store.transaction(async () => {
        await store.write('videos', [video('7300000000000000001')]);
        await store.saveCheckpoint('crawl a', { cursor: 1 });
      });
      await expect(
        store.transaction(async () => {
          await store.write('videos', [video('7300000000000000002')]);
          await store.saveCheckpoint('crawl a', { cursor: 2 });
          throw new Error('killed between the records and the commit');
        }),
      ).rejects.toThrow('killed');
      // A second crawl in the same database keeps its own row.
      await store.saveCheckpoint('crawl b', { cursor: 9 });
    } finally {
      store.close();
    }

    const reopened = await openDuckdb(path, { readOnly: true });
    try {
      expect(await reopened.readCheckpoint('crawl a')).toEqual({ cursor: 1 });
      expect(await reopened.readCheckpoint('crawl b')).toEqual({ cursor: 9 });
      expect(await reopened.readCheckpoint('crawl c')).toBeUndefined();
      const ids = await reopened.query('SELECT id FROM videos');
      expect(ids).toEqual([{ id: '7300000000000000001' }]);
    } finally {
      reopened.close();
    }
  });

  it('reads no checkpoint from a database without the table', async () => {
    const path = join(directory.path, 'plain.duckdb');
    const store = await openDuckdb(path);
    await store.write('videos', [video('7300000000000000003')]);
    store.close();
    const reopened = await openDuckdb(path, { readOnly: true });
    try {
      expect(await reopened.readCheckpoint('crawl a')).toBeUndefined();
    } finally {
      reopened.close();
    }
  });
});
