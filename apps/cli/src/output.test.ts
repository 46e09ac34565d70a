import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openOutput } from './output.js';

describe('continuing an --out file', () => {
  it('cuts a half-written last line, remembers the ids and appends after them', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'tikrx-output-')), 'out.ndjson');
    await writeFile(
      path,
      '{"id":"1","source":"research"}\n{"id":"2","source":"research"}\n{"id":"3","sou',
    );
    const output = await openOutput({
      format: 'ndjson',
      outPath: path,
      continueFile: true,
      includeRaw: false,
    });
    expect(output.truncatedBytes).toBe('{"id":"3","sou'.length);
    expect([
      output.existingIds.has('1'),
      output.existingIds.has('2'),
      output.existingIds.has('3'),
    ]).toEqual([true, true, false]);
    output.write({ id: '3', source: 'research', raw: { secret: false } });
    await output.close();
    expect(await readFile(path, 'utf8')).toBe(
      '{"id":"1","source":"research"}\n{"id":"2","source":"research"}\n{"id":"3","source":"research"}\n',
    );
  });

  it('replaces the file when the crawl has no checkpoint', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'tikrx-output-')), 'out.csv');
    await writeFile(path, 'old\n');
    const output = await openOutput({
      format: 'csv',
      outPath: path,
      continueFile: false,
      includeRaw: false,
    });
    output.write({ id: '9', source: 'display' });
    await output.close();
    const lines = (await readFile(path, 'utf8')).split('\r\n');
    expect(lines[0]).toMatch(/^id,source,sources,/);
    expect(lines[1]).toMatch(/^9,display,/);
  });
});
