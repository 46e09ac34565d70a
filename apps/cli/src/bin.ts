#!/usr/bin/env node
import { main } from './program.js';

const exitCode = await main(process.argv);
// Exit now: keep-alive sockets and an embedded simulator would keep the process up.
process.stderr.write('', () => process.exit(exitCode));
