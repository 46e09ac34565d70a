// A fresh npm project outside the workspace that installs the packed tarballs, the way a user's
// project installs tikrx from the registry: every `@tikrx/*` package, direct or transitive,
// must come from a tarball, and the registry is never asked for one.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Writes package.json and .npmrc into `dir` and runs `npm install`. `packed` are the tarballs
 * (already in `dir/tarballs`); `devDependencies` the registry packages the checks need.
 */
export function installConsumer(dir, packed, devDependencies) {
  const dependencies = {};
  const overrides = {};
  for (const { name, tarball } of packed) {
    dependencies[name] = `file:tarballs/${basename(tarball)}`;
    // Transitive `@tikrx/core@^x` ranges resolve to the same tarball, never to the registry.
    overrides[name] = `$${name}`;
  }
  const manifest = {
    name: 'tikrx-consumer',
    version: '1.0.0',
    private: true,
    dependencies,
    devDependencies,
    overrides,
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // Belt and braces: should anything still ask the registry for our scope, it gets a refusal.
  writeFileSync(
    join(dir, '.npmrc'),
    '@tikrx:registry=http://127.0.0.1:9/\nfund=false\naudit=false\n',
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: 'inherit',
  });
  assertOnlyTarballs(dir);
}

/** Fails unless every installed `@tikrx/*` package was resolved from a local tarball. */
function assertOnlyTarballs(dir) {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
  const ours = Object.entries(lock.packages).filter(([path]) =>
    /(^|\/)node_modules\/@tikrx\//.test(path),
  );
  if (ours.length === 0) throw new Error('no @tikrx package was installed');
  for (const [path, entry] of ours) {
    const from = entry.resolved ?? '';
    if (!from.startsWith('file:'))
      throw new Error(`${path} was resolved from ${from || 'the registry'}, not a tarball`);
  }
  return ours.length;
}
