import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const RESEARCH = [
  'research',
  '--simulator',
  '--hashtag',
  'fyp',
  '--from',
  '2023-01-01',
  '--to',
  '2023-02-28',
];

describe('stdout is not a terminal and there is no --out', () => {
  it('stdout holds only videos, one JSON object a line; progress, notes and the summary go to stderr', async () => {
    const checkpoint = join(await mkdtemp(join(tmpdir(), 'tikrx-streams-')), 'crawl.json');
    // Slow answers and a short progress interval, so that progress lines are printed.
    const args = [...RESEARCH, '--sim-latency', '20', '--checkpoint', checkpoint];
    const result = await runCli(args, { TIKRX_PROGRESS_INTERVAL_MS: '50' });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) {
      expect(JSON.parse(line), line).toMatchObject({ id: expect.any(String), source: 'research' });
    }
    expect(result.stderr).toMatch(/^progress: [\d,]+ videos · /m);
    expect(result.stderr).toMatch(/^done: [\d,]+ videos · /m);

    // A note (the crawl already finished) goes to stderr too, and stdout stays empty.
    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/already finished/);
  });
});

describe('an output that cannot be written', () => {
  it.skipIf(!existsSync('/dev/full'))(
    '--out /dev/full (ENOSPC) stops the crawl at once: exit 1, the summary and the error',
    async () => {
      // Display fetches a page only when the output has drained: a failed output must not
      // leave it waiting for a drain that never comes.
      const result = await runCli([
        'display',
        '--simulator',
        '--max-count',
        '5',
        '--out',
        '/dev/full',
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^failed: 0 videos · /m);
      expect(result.stderr).toMatch(/^error: Cannot write --out \/dev\/full: ENOSPC/m);
      expect(result.stdout).toBe('');
    },
    10_000,
  );

  it('--out in a directory that does not exist is refused before any request (exit 2)', async () => {
    const result = await runCli([...RESEARCH, '--out', '/nonexistent-dir/videos.ndjson']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: Cannot open --out \/nonexistent-dir\/videos\.ndjson: ENOENT/m,
    );
  });
});
