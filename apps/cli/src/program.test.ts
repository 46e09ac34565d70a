import { describe, expect, it } from 'vitest';
import { subcommandsFor } from './program.js';

describe('subcommandsFor', () => {
  it('loads no subcommand to print the version', async () => {
    expect(await subcommandsFor(['node', 'tikrx', '--version'])).toEqual([]);
    expect(await subcommandsFor(['node', 'tikrx', '-V'])).toEqual([]);
  });

  it('loads only the subcommand a run names', async () => {
    const [research, ...others] = await subcommandsFor(['node', 'tikrx', 'research', '--help']);
    expect(others).toEqual([]);
    expect(research?.(() => {}).name()).toBe('research');
  });
});
