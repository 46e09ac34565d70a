import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, cliIsBuilt, runCli } from './cli.js';
import { createRecorder, TMP_DIR } from './report.js';
import { credentialsEnv, plantSecrets, SecretScanner } from './secrets.js';

/**
 * Every CLI flag given a wrong value: exit 2, a message on stderr that names the flag (or the
 * variable), and not one request reaches the server behind `--base-url`.
 */

const record = createRecorder(import.meta.filename);
const secrets = plantSecrets();
const scanner = new SecretScanner(secrets);
const env = credentialsEnv(secrets);
const notACheckpoint = join(TMP_DIR, 'cli-bad-input-not-a-checkpoint.json');

beforeAll(() => {
  writeFileSync(notACheckpoint, '{"hello":"world"}\n');
});
afterAll(() => {
  record({ textsScanned: scanner.textsScanned, secretsFound: scanner.findings.length });
});

interface CliCase {
  name: string;
  args: (base: string) => string[];
  /** stderr must name the flag or variable. */
  mentions: RegExp;
  /** Variables to remove from the planted environment. */
  without?: string[];
}

const research =
  (...rest: string[]) =>
  (base: string) => [
    'research',
    '--from',
    '2023-01-01',
    '--to',
    '2023-01-31',
    '--base-url',
    base,
    ...rest,
  ];
const withBase =
  (...args: string[]) =>
  (base: string) => [...args, '--base-url', base];

const CASES: CliCase[] = [
  { name: 'research without a query flag', args: research(), mentions: /--hashtag/ },
  {
    name: 'research --from not a day',
    args: (base) => [
      'research',
      '--hashtag',
      'fyp',
      '--from',
      '2023-13-01',
      '--to',
      '2023-01-31',
      '--base-url',
      base,
    ],
    mentions: /--from/,
  },
  {
    name: 'research --to before --from',
    args: (base) => [
      'research',
      '--hashtag',
      'fyp',
      '--from',
      '2023-02-01',
      '--to',
      '2023-01-01',
      '--base-url',
      base,
    ],
    mentions: /--to|endDate/,
  },
  {
    name: 'research --to missing',
    args: (base) => ['research', '--hashtag', 'fyp', '--from', '2023-01-01', '--base-url', base],
    mentions: /--to/,
  },
  {
    name: 'research --max-count 0',
    args: research('--hashtag', 'fyp', '--max-count', '0'),
    mentions: /--max-count/,
  },
  {
    name: 'research --max-count abc',
    args: research('--hashtag', 'fyp', '--max-count', 'abc'),
    mentions: /--max-count/,
  },
  {
    name: 'research --max-count 101',
    args: research('--hashtag', 'fyp', '--max-count', '101'),
    mentions: /max-count|maxCount/,
  },
  {
    name: 'research --concurrency -1',
    args: research('--hashtag', 'fyp', '--concurrency', '-1'),
    mentions: /--concurrency/,
  },
  {
    name: 'research --region Japan',
    args: research('--hashtag', 'fyp', '--region', 'Japan'),
    mentions: /region/,
  },
  {
    name: 'research --fields unknown',
    args: research('--hashtag', 'fyp', '--fields', 'id,password'),
    mentions: /field/,
  },
  { name: 'research --hashtag empty', args: research('--hashtag', ''), mentions: /--hashtag/ },
  {
    name: 'research --hashtag and --keyword',
    args: research('--hashtag', 'a', '--keyword', 'b'),
    mentions: /--keyword|--hashtag/,
  },
  {
    name: 'research --query not JSON',
    args: research('--query', 'hashtag=fyp'),
    mentions: /--query/,
  },
  {
    name: 'research --query unknown clause',
    args: research('--query', '{"xor":[]}'),
    mentions: /query/,
  },
  {
    name: 'research --query @missing file',
    args: research('--query', '@/nonexistent/q.json'),
    mentions: /--query/,
  },
  {
    name: 'research --format xml',
    args: research('--hashtag', 'fyp', '--format', 'xml'),
    mentions: /--format/,
  },
  { name: 'research unknown flag', args: research('--hashtagz', 'fyp'), mentions: /--hashtagz/ },
  {
    name: 'research --base-url not http',
    args: () => [
      'research',
      '--hashtag',
      'fyp',
      '--from',
      '2023-01-01',
      '--to',
      '2023-01-31',
      '--base-url',
      'file:///etc/passwd',
    ],
    mentions: /--base-url/,
  },
  {
    name: 'research --base-url with a query string',
    args: (base) => research('--hashtag', 'fyp')(`${base}/?x=1`),
    mentions: /--base-url/,
  },
  {
    name: 'research --sim-latency without --simulator',
    args: research('--hashtag', 'fyp', '--sim-latency', '5'),
    mentions: /--sim-latency/,
  },
  {
    name: 'research --simulator with --base-url',
    args: research('--hashtag', 'fyp', '--simulator'),
    mentions: /--simulator|--base-url/,
  },
  {
    name: 'research --out in a missing directory',
    args: research('--hashtag', 'fyp', '--out', '/nonexistent-dir/videos.ndjson'),
    mentions: /--out/,
  },
  {
    name: 'research --checkpoint not a checkpoint',
    args: research('--hashtag', 'fyp', '--checkpoint', notACheckpoint),
    mentions: /--checkpoint/,
  },
  {
    name: 'research without TIKTOK_CLIENT_SECRET',
    args: research('--hashtag', 'fyp'),
    mentions: /TIKTOK_CLIENT_SECRET/,
    without: ['TIKTOK_CLIENT_SECRET'],
  },
  { name: 'reposts without a username', args: withBase('reposts'), mentions: /username/ },
  {
    name: 'reposts username with a path separator',
    args: withBase('reposts', '../etc/passwd'),
    mentions: /username/,
  },
  {
    name: 'reposts username over-long',
    args: withBase('reposts', 'x'.repeat(300)),
    mentions: /username/,
  },
  {
    name: 'reposts --max-count 500',
    args: withBase('reposts', 'someone', '--max-count', '500'),
    mentions: /max-count|maxCount/,
  },
  {
    name: 'display --max-count 21',
    args: withBase('display', '--max-count', '21'),
    mentions: /max-count|maxCount/,
  },
  {
    name: 'display --fields unknown',
    args: withBase('display', '--fields', 'id,secret'),
    mentions: /field/,
  },
  {
    name: 'display without TIKTOK_ACCESS_TOKEN',
    args: withBase('display'),
    mentions: /TIKTOK_ACCESS_TOKEN/,
    without: ['TIKTOK_ACCESS_TOKEN'],
  },
  { name: 'socialfetch without a handle', args: withBase('socialfetch'), mentions: /handle/ },
  {
    name: 'socialfetch handle with a path separator',
    args: withBase('socialfetch', '../etc/passwd'),
    mentions: /handle/,
  },
  {
    name: 'socialfetch handle with query characters',
    args: withBase('socialfetch', 'a?b=c'),
    mentions: /handle/,
  },
  {
    name: 'socialfetch handle with a newline',
    args: withBase('socialfetch', 'a\r\nX-Injected: 1'),
    mentions: /handle/,
  },
  {
    name: 'socialfetch handle over-long',
    args: withBase('socialfetch', 'x'.repeat(300)),
    mentions: /handle/,
  },
  {
    name: 'socialfetch --sort oldest',
    args: withBase('socialfetch', 'someone', '--sort', 'oldest'),
    mentions: /--sort|sortBy/,
  },
  {
    name: 'socialfetch --max-credits -1',
    args: withBase('socialfetch', 'someone', '--max-credits', '-1'),
    mentions: /--max-credits/,
  },
  {
    name: 'socialfetch without SOCIALFETCH_API_KEY',
    args: withBase('socialfetch', 'someone'),
    mentions: /SOCIALFETCH_API_KEY/,
    without: ['SOCIALFETCH_API_KEY'],
  },
  {
    name: 'merge --handle with a path separator',
    args: withBase('merge', '--handle', '../x'),
    mentions: /handle/,
  },
  {
    name: 'merge --from not a day',
    args: withBase('merge', '--handle', 'someone', '--from', 'yesterday'),
    mentions: /--from/,
  },
  { name: 'simulate --port abc', args: () => ['simulate', '--port', 'abc'], mentions: /--port/ },
  {
    name: 'simulate --faults rate=2',
    args: () => ['simulate', '--faults', 'rate=2'],
    mentions: /--faults|rate/,
  },
  {
    name: 'simulate --faults unknown kind',
    args: () => ['simulate', '--faults', 'rate=0.1,kinds=fire'],
    mentions: /--faults|kind/,
  },
  { name: 'unknown command', args: () => ['crawl-everything'], mentions: /crawl-everything/ },
];

describe.runIf(cliIsBuilt())('bad input: CLI flags exit 2 before any request', () => {
  it.concurrent.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, cliCase) => {
    const caseEnv = { ...env };
    for (const name of cliCase.without ?? []) delete caseEnv[name as keyof typeof caseEnv];
    // A server of its own per case: the cases run concurrently.
    const caseSim = await startSimulator({ seed: 3, size: 200, credentials: secrets });
    const result = await runCli(cliCase.args(caseSim.url), cliEnv(caseEnv), 15_000).finally(() =>
      caseSim.close(),
    );
    scanner.scanText(`cli ${cliCase.name} stderr`, result.stderr);
    scanner.scanText(`cli ${cliCase.name} stdout`, result.stdout);
    record({ badInputsTried: 1 });
    const outcome = {
      code: result.code,
      timedOut: result.timedOut,
      namesTheFlag: cliCase.mentions.test(result.stderr),
      noRequest: caseSim.stats().requests === 0,
    };
    expect(outcome, result.stderr).toEqual({
      code: 2,
      timedOut: false,
      namesTheFlag: true,
      noRequest: true,
    });
    record({ badInputsRefused: 1 });
  });

  it('leaked no planted secret on stderr or stdout', () => {
    expect(scanner.findings).toEqual([]);
  });
});

describe.runIf(!cliIsBuilt())('bad input: CLI flags', () => {
  it('needs the CLI built (pnpm turbo run build --filter=@tikrx/reliability^...)', () => {
    expect.fail('apps/cli/dist/bin.js is missing');
  });
});
