// Packs every publishable workspace package with `pnpm pack` (which writes the real versions in
// place of `workspace:` ranges, as `pnpm publish` does) into one folder.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** `{ name, version, tarball }` of each package, `tarball` an absolute path in `destination`. */
export function packAll(packages, destination) {
  return packages.map((pkg) => {
    const out = execFileSync('pnpm', ['pack', '--json', '--pack-destination', destination], {
      cwd: pkg.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const { name, version, filename } = JSON.parse(out);
    return {
      name,
      version,
      tarball: filename.startsWith('/') ? filename : join(destination, filename),
    };
  });
}
