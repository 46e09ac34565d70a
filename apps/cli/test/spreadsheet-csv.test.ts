import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const RESEARCH =
  'research --simulator --hashtag fyp --from 2023-01-01 --to 2023-01-31 --quiet'.split(' ');

describe('--out FILE.csv for a spreadsheet', () => {
  it('is CSV by its extension; --bom and --text-ids keep UTF-8 and every digit of the ids', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tikrx-spreadsheet-'));
    const out = join(dir, 'videos.csv');
    const result = await runCli([...RESEARCH, '--out', out, '--bom', '--text-ids']);
    expect(result.code, result.stderr).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text.startsWith('\uFEFFid,source,')).toBe(true);
    const rows = text.split('\r\n').slice(1, -1);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row).toMatch(/^"=""\d{19}""",research,/);

    const plain = join(dir, 'plain.csv');
    expect((await runCli([...RESEARCH, '--out', plain])).code).toBe(0);
    const plainText = await readFile(plain, 'utf8');
    expect(plainText.startsWith('id,source,')).toBe(true);
    expect(plainText.split('\r\n')[1]).toMatch(/^\d{19},research,/);
  });
});
