// The publish step of `pnpm release`, dry: `pnpm publish -r --dry-run` against a registry that
// is not there (127.0.0.1:9, which refuses at once), so CI checks what would be published —
// every publishable package, `workspace:` ranges replaced, on the one shared version line —
// without asking the real registry anything. Expects `pnpm build` to have run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishablePackages } from './workspace-packages.mjs';

const compareVersions = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split(/[.-]/).slice(0, 3).map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};
const root = new URL('..', import.meta.url).pathname;
const NOWHERE = 'http://127.0.0.1:9/';
const dir = mkdtempSync(join(tmpdir(), 'tikrx-release-'));
try {
  // A made-up token for the made-up registry: npm warns about a missing login even in a dry run.
  writeFileSync(join(dir, 'npmrc'), '//127.0.0.1:9/:_authToken=dry-run-placeholder\n');
  const output = execFileSync(
    'pnpm',
    ['publish', '-r', '--dry-run', '--no-git-checks', '--registry', NOWHERE],
    {
      cwd: root,
      encoding: 'utf8',
      // No retries: "is this version published yet?" fails at once and pnpm publishes them all.
      env: {
        ...process.env,
        NPM_CONFIG_USERCONFIG: join(dir, 'npmrc'),
        npm_config_fetch_retries: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const published = [...output.matchAll(/^\+ (@tikrx\/[^@\s]+)@(\S+)$/gm)].map((m) => ({
    name: m[1],
    version: m[2],
  }));
  const expected = publishablePackages().map((p) => p.manifest.name);
  const missing = expected.filter((name) => !published.some((p) => p.name === name));
  if (missing.length > 0) throw new Error(`the dry run would not publish ${missing.join(', ')}`);
  // The fixed group of .changeset/config.json: `pnpm changeset version` moves every package to
  // one version. A package added since the last version step is still at 0.0.0 until the next.
  const line = published
    .map((p) => p.version)
    .sort(compareVersions)
    .at(-1);
  if (line === '0.0.0') throw new Error('0.0.0 is not a release: run `pnpm changeset version`');
  const behind = published.filter((p) => p.version !== line);
  if (behind.some((p) => p.version !== '0.0.0')) {
    throw new Error(
      `off the shared version line ${line}: ${behind.map((p) => `${p.name}@${p.version}`).join(', ')}`,
    );
  }
  for (const p of behind)
    console.log(
      `note: ${p.name} is new (0.0.0); the next \`pnpm changeset version\` puts it on ${line}`,
    );
  console.log(
    `release dry run: would publish ${published.map((p) => `${p.name}@${p.version}`).join(', ')}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
