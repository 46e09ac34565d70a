#!/usr/bin/env node
// A committed shim, so the bin exists on a fresh clone before any build: pnpm links it
// without a "Failed to create bin" warning, and the published package runs dist/ through it.
await import('../dist/bin.js');
