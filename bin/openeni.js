#!/usr/bin/env node
// The compiled CLI, so the installed command starts without a TypeScript loader.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(`openeni: ${fileURLToPath(cli)} is missing; run \`npm run build\` first`);
  process.exit(1);
}
await import(cli.href);
