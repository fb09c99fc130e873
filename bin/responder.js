#!/usr/bin/env node
// Runs the TypeScript CLI in place through tsx, so `npx responder` works right after `npm ci`.
require('tsx/cjs/api').register();
require('../scripts/cli/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
