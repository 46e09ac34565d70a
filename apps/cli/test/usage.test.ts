import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const DAYS = ['--from', '2023-01-01', '--to', '2023-01-31'];

describe('bad usage exits 2 with a message naming the flag', () => {
  it.each([
    [['research', '--hashtag', 'cats', ...DAYS, '--bogus'], /unknown option '--bogus'/],
    [
      ['research', '--hashtag', 'cats', '--query', '{}', ...DAYS],
      /'--hashtag <names>' cannot be used with option '--query/,
    ],
    [
      ['research', '--keyword', 'a', '--username', 'b', ...DAYS],
      /'--keyword <words>' cannot be used with option '--username/,
    ],
    [
      ['research', '--hashtag', 'cats', '--from', '2023-02-30', '--to', '2023-03-01'],
      /option '--from <day>' argument '2023-02-30' is invalid/,
    ],
    [
      ['research', '--hashtag', 'cats', '--from', '2023-01-01'],
      /required option '--to <day>' not specified/,
    ],
    [['research', ...DAYS], /needs one of --hashtag, --keyword, --username or --query/],
    [
      ['research', '--hashtag', 'cats', ...DAYS, '--format', 'xml'],
      /'--format <format>' argument 'xml' is invalid/,
    ],
    [
      ['research', '--hashtag', 'cats', ...DAYS, '--query', 'not json'],
      /'--query <json\|@file>' argument 'not json' is invalid/,
    ],
    [
      ['display', '--simulator', '--base-url', 'http://127.0.0.1:1'],
      /'--simulator' cannot be used with option '--base-url/,
    ],
    [['display', '--sim-faults', 'rate=0.1'], /'--sim-faults' needs --simulator/],
    [['display', '--max-count', 'ten'], /'--max-count <n>' argument 'ten' is invalid/],
    [['socialfetch'], /missing required argument 'handle'/],
    [['merge', '--checkpoint', 'x.json', '--simulator'], /unknown option '--checkpoint'/],
    [
      ['merge', '--simulator', '--sources', 'display,myspace'],
      /'--sources <list>' argument 'display,myspace' is invalid/,
    ],
    [['crawl'], /unknown command 'crawl'/],
    ...[
      ['http://127.0.0.1:8080/?region=JP', /'--base-url <url>' must not contain a query string/],
      ['http://127.0.0.1:8080/#top', /'--base-url <url>' must not contain a fragment/],
      ['ftp://127.0.0.1/', /'--base-url <url>' must be http: or https:/],
      ['127.0.0.1:8080', /'--base-url <url>' is not an absolute URL/],
      ['http://127.0.0.1:8080/ api', /'--base-url <url>' must not contain whitespace/],
      ['http://127.0.0.1:8080/\u0007', /'--base-url <url>' must not contain whitespace or control/],
    ].map(([url, message]) => [['display', '--base-url', url], message] as [string[], RegExp]),
  ])('tikrx %j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('a query the API would reject is caught before any request, exit 2', async () => {
    const query = JSON.stringify({
      and: [{ field_name: 'colour', operation: 'EQ', field_values: ['x'] }],
    });
    const result = await runCli(['research', '--simulator', '--query', query, ...DAYS]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: .*colour.*\(bad_request\)$/m);
  });
});

describe('--base-url', () => {
  it('with credentials in it is refused (exit 2) without echoing them', async () => {
    const result = await runCli(['display', '--base-url', 'https://me:hunter2@proxy.example']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/'--base-url <url>' must not contain credentials/);
    expect(result.stderr).not.toContain('hunter2');
  });
});

describe('credentials', () => {
  it.each([
    [['research', '--hashtag', 'cats', ...DAYS], 'TIKTOK_CLIENT_KEY'],
    [['reposts', 'someone'], 'TIKTOK_CLIENT_KEY'],
    [['display'], 'TIKTOK_ACCESS_TOKEN'],
    [['socialfetch', 'someone'], 'SOCIALFETCH_API_KEY'],
    [['merge', '--handle', 'someone', '--sources', 'socialfetch'], 'SOCIALFETCH_API_KEY'],
  ])('tikrx %j without credentials names %s and --simulator', async (args, variable) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Missing ${variable}`);
    expect(result.stderr).toContain('--simulator');
    expect(result.stdout).toBe('');
  });

  it('names the second variable when only the first is set', async () => {
    const result = await runCli(['reposts', 'someone'], { TIKTOK_CLIENT_KEY: 'k' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing TIKTOK_CLIENT_SECRET');
  });

  it('a rejected credential fails (exit 1) without printing it', async () => {
    const { startSimulator } = await import('@tikrx/simulator');
    const sim = await startSimulator();
    try {
      const secret = 'act.not-a-real-token-4242';
      const rejected = await runCli(['display', '--base-url', sim.url], {
        TIKTOK_ACCESS_TOKEN: secret,
      });
      expect(rejected.code).toBe(1);
      expect(rejected.stderr).toMatch(/^error: .*\(auth/m);
      expect(rejected.stderr).not.toContain(secret);
    } finally {
      await sim.close();
    }
  });
});

describe('--version and --help', () => {
  it('tikrx --version prints the package version', async () => {
    const { readFile } = await import('node:fs/promises');
    const { version } = JSON.parse(
      await readFile(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  it('tikrx --help lists every command, the credentials and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['research', 'reposts', 'display', 'socialfetch', 'merge', 'simulate']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(result.stdout).toContain('TIKTOK_ACCESS_TOKEN');
    expect(result.stdout).toContain('Exit codes: 0 done, 1 failed, 2 bad usage');
    expect(linesOver80Columns(result.stdout)).toEqual([]);
  });

  it.each(['research', 'reposts', 'display', 'socialfetch', 'merge', 'simulate'])(
    'tikrx %s --help shows the flags and examples, exit 0',
    async (command) => {
      const result = await runCli([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: tikrx ${command}`);
      expect(result.stdout).toContain('Examples:');
      expect(linesOver80Columns(result.stdout)).toEqual([]);
    },
  );
});

/** Help for a pipe is 80 columns wide: lines longer than that, examples aside (they are commands). */
function linesOver80Columns(help: string): string[] {
  return help
    .split('Examples:')[0]!
    .split('\n')
    .filter((line) => line.length > 80);
}
