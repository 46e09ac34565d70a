import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A file the dashboard serves, read once. */
export interface Asset {
  contentType: string;
  body: Buffer;
}

const require = createRequire(import.meta.url);

/**
 * Every file the page needs, by URL path: the page itself (beside this module, copied to
 * `dist/` by the build) and uPlot from the CLI's own dependencies. Nothing comes from a CDN,
 * so the page works offline.
 */
export function loadDashboardAssets(): Map<string, Asset> {
  const own = (name: string) => fileURLToPath(new URL(`./assets/${name}`, import.meta.url));
  const files: [string, string, string][] = [
    ['/', own('index.html'), 'text/html; charset=utf-8'],
    ['/dashboard.css', own('dashboard.css'), 'text/css; charset=utf-8'],
    ['/dashboard.js', own('dashboard.js'), 'text/javascript; charset=utf-8'],
    [
      '/uplot.js',
      require.resolve('uplot/dist/uPlot.iife.min.js'),
      'text/javascript; charset=utf-8',
    ],
    ['/uplot.css', require.resolve('uplot/dist/uPlot.min.css'), 'text/css; charset=utf-8'],
  ];
  return new Map(
    files.map(([path, file, contentType]) => [path, { contentType, body: readFileSync(file) }]),
  );
}
