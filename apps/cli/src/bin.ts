#!/usr/bin/env node
import module from 'node:module';

// Node 22+ keeps the code it compiled for tikrx and its dependencies on disk, so a later run
// starts sooner; Node 20 has no such cache. Enabled before the program is loaded.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { main } = await import('./program.js');

const exitCode = await main(process.argv);
// Exit now: keep-alive sockets and an embedded simulator would keep the process up.
process.stderr.write('', () => process.exit(exitCode));
