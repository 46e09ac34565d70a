// Runs every workspace package's unit and integration tests (its own `test` script) again on
// Node 22 and 24, the versions most users run, after `pnpm test` ran them on the Node on PATH.
// Each run writes `.vitest-result.node<major>.json`, which scripts/test-summary.mjs counts.
// Runs are concurrent (most of their time is spent waiting on sockets and child processes), the
// packages with the longest suites first.
// By default only the library packages' suites rerun: the CLI's process-spawning suites and the
// queue's Redis/PostgreSQL suites took 4-7 min more per verify on this 2-core machine and flaked
// under its load on every Node version, so they run on the Node on PATH only (`pnpm test`).
// Usage: node scripts/test-node-versions.mjs [--all] [majors…]
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { nodeBinDir } from './node-binary.mjs';
import { workspacePackages } from './workspace-packages.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const all = args.includes('--all');
const requested = args.filter((a) => a !== '--all');
const majors = requested.length > 0 ? requested : ['22', '24'];
const LIBRARIES = new Set(
  ['core', 'operators', 'research', 'display', 'socialfetch', 'tiktok-platform', 'simulator'].map(
    (name) => `@tikrx/${name}`,
  ),
);
const CONCURRENCY = 2;
// Spawn-heavy suites (a CLI process per test) take longest: start them first.
const SLOW_FIRST = (a, b) => Number(b.dir.includes('/apps/')) - Number(a.dir.includes('/apps/'));

const withTests = workspacePackages().filter((p) => p.manifest.scripts?.test);
// A report left by an earlier run of a package not rerun now would be counted by test-summary.
for (const pkg of withTests) {
  for (const major of ['22', '24']) {
    rmSync(join(pkg.dir, `.vitest-result.node${major}.json`), { force: true });
  }
}
const packages = all ? withTests : withTests.filter((p) => LIBRARIES.has(p.manifest.name));
const runs = majors
  .flatMap((major) => {
    const binDir = nodeBinDir(major);
    return packages.map((pkg) => ({ major, binDir, pkg }));
  })
  .sort((a, b) => SLOW_FIRST(a.pkg, b.pkg));

function runOne({ major, binDir, pkg }) {
  const script = pkg.manifest.scripts.test
    .replace('.vitest-result.json', `.vitest-result.node${major}.json`)
    .replace('--reporter=default', '--reporter=dot');
  const PATH = [
    binDir,
    join(pkg.dir, 'node_modules', '.bin'),
    join(root, 'node_modules', '.bin'),
    process.env.PATH,
  ].join(delimiter);
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', script], { cwd: pkg.dir, env: { ...process.env, PATH } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const label = `${pkg.manifest.name} on Node ${major} (${Math.round((Date.now() - startedAt) / 1000)} s)`;
      // The dot reporter's closing lines say how many passed; the whole output only on failure.
      if (code === 0) console.log(`✓ ${label}: ${output.match(/Tests\s+.*$/m)?.[0] ?? 'no tests'}`);
      else console.log(`✗ ${label} (exit ${code}):\n${output}`);
      resolve(code === 0);
    });
  });
}

const queue = [...runs];
const results = [];
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) results.push(await runOne(next));
  }),
);
process.exit(results.every(Boolean) ? 0 : 1);
