#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so no build step stands between a checkout and a run.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every start that its 2027 releases will need Node 22; that is a note for
// whoever upgrades the SDK, not for a person running a check. Every other warning still prints.
const [printWarning] = process.listeners('warning');
if (printWarning) {
  process.removeListener('warning', printWarning);
  process.on('warning', (w) => {
    if (w.name !== 'NodeVersionSupportWarning' && !w.message.startsWith('NodeVersionSupportWarning')) printWarning(w);
  });
}

register();
await import('../src/cli.ts');
