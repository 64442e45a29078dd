#!/usr/bin/env node
// `npx credence …`: the command line (scripts/credence-cli.ts), run through tsx (a development
// dependency; the package is private and runs from its repository).
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../scripts/credence-cli.ts');
process.exitCode = await run(process.argv.slice(2));
