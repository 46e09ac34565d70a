import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The path of a recorded fixture (see `fixtures/README.md`). */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** A recorded fixture's text, byte for byte (int64 ids stay bare numbers). */
export function fixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}
