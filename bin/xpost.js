#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps compiled code between runs, which most of a cold start is; older Node skips this.
module.enableCompileCache?.();

const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv);
