import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { TikrxError } from '@tikrx/core';
import { createIdStore, type SyncDedupeStore } from '@tikrx/operators';

/**
 * A dedupe store kept in a file, one id a line: what `tikrx watch --state FILE` remembers
 * across restarts. Ids are appended as they are added (a restart loses nothing it emitted).
 */
export async function openFileIdStore(path: string): Promise<SyncDedupeStore> {
  const ids = createIdStore();
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new TikrxError({
        kind: 'bad_request',
        message: `--state ${path}: ${(error as Error).message}`,
      });
    }
  }
  // A line cut by a kill is left out: its id was not fully remembered, so it may come again once.
  const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  for (const line of complete.split('\n')) if (line !== '') ids.add(line);
  const remember = (id: string) => appendFileSync(path, `${id}\n`);
  return {
    has: (id) => ids.has(id),
    add: (id) => {
      if (ids.addIfAbsent(id)) remember(id);
    },
    addIfAbsent: (id) => {
      if (!ids.addIfAbsent(id)) return false;
      remember(id);
      return true;
    },
    get size() {
      return ids.size;
    },
  };
}
