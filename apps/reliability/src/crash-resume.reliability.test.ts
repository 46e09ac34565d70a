import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, cliIsBuilt, runCli, startCli } from './cli.js';
import { compareIds, seededRandom, sleep } from './harness.js';
import { type PageProxy, startPageProxy } from './page-proxy.js';
import { createRecorder, TMP_DIR } from './report.js';
import { credentialsEnv, plantSecrets, SecretScanner } from './secrets.js';

/**
 * Crash and resume: `tikrx research` with `--out` and `--checkpoint`, killed with SIGKILL at
 * random points of one crawl (at least five times), then run again until it finishes. The
 * output file must hold exactly the expected ids, once each; pages fetched again after a
 * resume are counted (simulator pages served, against an uninterrupted crawl) and must be at
 * most one per resume.
 */

const record = createRecorder(import.meta.filename);
const KILLS = 6;
const SEED = 5;
const secrets = plantSecrets();
const scanner = new SecretScanner(secrets);
const dir = join(TMP_DIR, 'crash-resume');
const env = cliEnv(credentialsEnv(secrets));
let crashSim: Simulator;
let baselineSim: Simulator;
let crashProxy: PageProxy;
let baselineProxy: PageProxy;

const simulatorOptions = {
  seed: SEED,
  size: 5_000,
  credentials: secrets,
  // Slow enough that a crawl takes a few seconds and a kill lands mid-crawl.
  latencyMs: { min: 5, max: 25 },
  // Latency here only slows the crawl; the search warm-up it would bring has tests of its own.
  quirks: { searchWarmupMs: 0 },
};

function crawlArgs(sim: Simulator, out: string, checkpoint: string, baseUrl = sim.url): string[] {
  return [
    'research',
    '--hashtag',
    'fyp',
    '--from',
    sim.dataset.firstDay,
    '--to',
    sim.dataset.lastDay,
    '--max-count',
    '10',
    // One window at a time: a kill interrupts at most one page in flight, and the CLI sends no
    // request while a checkpoint is being saved, so at most that page is fetched again.
    '--concurrency',
    '1',
    '--base-url',
    baseUrl,
    '--out',
    out,
    '--checkpoint',
    checkpoint,
    '--quiet',
  ];
}

function expectedIds(sim: Simulator): string[] {
  return sim.expected.research({
    query: { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['fyp'] }] },
    startDate: sim.dataset.firstDay,
    endDate: sim.dataset.lastDay,
  });
}

/** Ids of an NDJSON output; every line must parse (a torn last line is the CLI's to repair). */
function idsOf(path: string): { ids: string[]; badLines: number } {
  const ids: string[] = [];
  let badLines = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      ids.push(String((JSON.parse(line) as { id: unknown }).id));
    } catch {
      badLines += 1;
    }
  }
  return { ids, badLines };
}

const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  [crashSim, baselineSim] = await Promise.all([
    startSimulator(simulatorOptions),
    startSimulator(simulatorOptions),
  ]);
  [crashProxy, baselineProxy] = await Promise.all([
    startPageProxy(crashSim.url),
    startPageProxy(baselineSim.url),
  ]);
});
afterAll(async () => {
  await Promise.all([crashProxy?.close(), baselineProxy?.close()]);
  await Promise.all([crashSim?.close(), baselineSim?.close()]);
  record({ textsScanned: scanner.textsScanned, secretsFound: scanner.findings.length });
});

describe.runIf(cliIsBuilt())('crash and resume: tikrx research killed with SIGKILL', () => {
  it('an uninterrupted crawl writes exactly the expected ids (the baseline)', async () => {
    const out = join(dir, 'baseline.ndjson');
    const checkpoint = join(dir, 'baseline.checkpoint.json');
    const result = await runCli(
      crawlArgs(baselineSim, out, checkpoint, baselineProxy.url),
      env,
      60_000,
    );
    scanner.scanText('baseline stderr', result.stderr);
    scanner.scanText('baseline stdout', result.stdout);
    scanner.scanFile('baseline output', out);
    scanner.scanFile('baseline checkpoint', checkpoint);
    expect(result.code, result.stderr).toBe(0);
    const { ids, badLines } = idsOf(out);
    const compared = compareIds(expectedIds(baselineSim), ids);
    expect(badLines).toBe(0);
    expect(compared.lost).toEqual([]);
    expect(compared.duplicates).toEqual([]);
    expect(baselineSim.stats().pagesServed).toBeGreaterThan(KILLS * 3);
    expect(baselineProxy.refetchedPages()).toBe(0);
    expect(scanner.findings).toEqual([]);
  });

  it(`survives ${KILLS} SIGKILLs at random points: every id once, at most one page fetched again per resume`, async () => {
    const out = join(dir, 'crash.ndjson');
    const checkpoint = join(dir, 'crash.checkpoint.json');
    const args = crawlArgs(crashSim, out, checkpoint, crashProxy.url);
    const random = seededRandom(Date.now() & 0xffff);
    let kills = 0;
    let resumes = 0;
    const stderrs: string[] = [];

    // Each run is killed once it has made progress (its output grew), after a random delay.
    for (let run = 0; run < KILLS; run += 1) {
      if (run > 0) resumes += 1;
      const sizeBefore = sizeOf(out);
      const cli = startCli(args, env);
      const startedAt = Date.now();
      let exitedEarly = false;
      void cli.exited.then(() => {
        exitedEarly = true;
      });
      while (!exitedEarly && sizeOf(out) <= sizeBefore && Date.now() - startedAt < 20_000) {
        await sleep(10);
      }
      if (!exitedEarly) await sleep(Math.floor(random() * 150));
      const endedBeforeKill = exitedEarly;
      if (!endedBeforeKill) cli.child.kill('SIGKILL');
      const { signal } = await cli.exited;
      stderrs.push(cli.stderr());
      expect(endedBeforeKill, `run ${run} ended before it could be killed: ${cli.stderr()}`).toBe(
        false,
      );
      expect(signal).toBe('SIGKILL');
      kills += 1;
    }

    // Resume until done.
    resumes += 1;
    const final = await runCli(args, env, 60_000);
    stderrs.push(final.stderr);
    for (const [i, text] of stderrs.entries()) scanner.scanText(`crash run ${i} stderr`, text);
    scanner.scanText('crash final stdout', final.stdout);
    scanner.scanFile('crash output', out);
    scanner.scanFile('crash checkpoint', checkpoint);

    const { ids, badLines } = idsOf(out);
    const compared = compareIds(expectedIds(crashSim), ids);
    // Pages whose answer reached the CLI more than once (a request cut off by a kill before its
    // answer arrived is not a page fetched again). The simulator's own count of extra pages
    // served, against the uninterrupted crawl, bounds it from above.
    const refetchedPages = crashProxy.refetchedPages();
    const extraPagesServed = crashSim.stats().pagesServed - baselineSim.stats().pagesServed;
    // The CLI's own count, from its closing summary ("N pages (M fetched again)").
    const summaryRefetched = Number(/\((\d+) fetched again\)/.exec(final.stderr)?.[1] ?? 0);
    record({
      crawls: final.code === 0 ? 1 : 0,
      kills,
      resumes,
      refetchedPages,
      videosExpected: compared.expected,
      videosCollected: compared.collected - compared.unexpected.length,
      lost: compared.lost.length,
      duplicates: compared.duplicates.length,
      unexpected: compared.unexpected.length,
    });

    expect(final.code, final.stderr).toBe(0);
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(badLines).toBe(0);
    expect({
      lost: compared.lost,
      duplicates: compared.duplicates,
      unexpected: compared.unexpected,
    }).toEqual({ lost: [], duplicates: [], unexpected: [] });
    expect(refetchedPages).toBeLessThanOrEqual(resumes);
    expect(refetchedPages).toBeLessThanOrEqual(Math.max(0, extraPagesServed));
    expect(summaryRefetched).toBeLessThanOrEqual(resumes);
    const checkpointFile = JSON.parse(readFileSync(checkpoint, 'utf8')) as { done: boolean };
    expect(checkpointFile.done).toBe(true);
    expect(scanner.findings).toEqual([]);
  });

  it('a finished crawl run again fetches nothing and changes nothing', async () => {
    const out = join(dir, 'crash.ndjson');
    const checkpoint = join(dir, 'crash.checkpoint.json');
    expect(existsSync(checkpoint) && JSON.parse(readFileSync(checkpoint, 'utf8')).done).toBe(true);
    const before = readFileSync(out, 'utf8');
    crashSim.resetStats();
    const again = await runCli(crawlArgs(crashSim, out, checkpoint), env);
    scanner.scanText('rerun stderr', again.stderr);
    expect(again.code, again.stderr).toBe(0);
    expect(crashSim.stats().requests).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(before);
  });
});

describe.runIf(!cliIsBuilt())('crash and resume', () => {
  it('needs the CLI built (pnpm turbo run build --filter=@tikrx/reliability^...)', () => {
    expect.fail(`apps/cli/dist/bin.js is missing`);
  });
});
