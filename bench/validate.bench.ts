/**
 * Schema load time (target < 200 ms) and `stackcheck validate` time on the stack (target < 1 s).
 *   npx tsx bench/validate.bench.ts
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { providerSchema, schemaDir } from '../src/schema/index.js';
import { validateDirectory } from '../src/schema/validate.js';

const t0 = performance.now();
const aws = providerSchema('aws')!;
const loadMs = performance.now() - t0;
const size = statSync(join(schemaDir, 'aws.json')).size;
console.log(`schema/aws.json: ${(size / 1024 / 1024).toFixed(2)} MiB, ${Object.keys(aws.resources).length} resources — load ${loadMs.toFixed(0)} ms (target < 200 ms)`);

const terraformDir = join(schemaDir, '..', 'terraform');
const t1 = performance.now();
const errors = await validateDirectory(terraformDir);
const coldMs = performance.now() - t1;
const t2 = performance.now();
await validateDirectory(terraformDir);
const warmMs = performance.now() - t2;
console.log(`validate terraform/: ${errors.length} errors — first run ${coldMs.toFixed(0)} ms (incl. parser start-up), second ${warmMs.toFixed(0)} ms (target < 1 s)`);
console.log(`peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
