// The workspace's packages, read from pnpm-workspace.yaml's globs (`packages/*`, `apps/*`), so
// scripts discover packages added later instead of keeping a list.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Every workspace package: its folder and its parsed package.json. */
export function workspacePackages() {
  const globs = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
    .split('\n')
    .map((line) => line.match(/^\s*-\s*['"]?([^'"]+?)\/\*['"]?\s*$/)?.[1])
    .filter(Boolean);
  const packages = [];
  for (const group of globs) {
    for (const name of readdirSync(join(root, group)).sort()) {
      const file = join(root, group, name, 'package.json');
      if (!existsSync(file)) continue;
      packages.push({
        dir: join(root, group, name),
        manifest: JSON.parse(readFileSync(file, 'utf8')),
      });
    }
  }
  return packages;
}

/** The packages that get published: not `private`. */
export function publishablePackages() {
  return workspacePackages().filter((p) => !p.manifest.private);
}
