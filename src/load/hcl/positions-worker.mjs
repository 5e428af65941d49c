/**
 * positions.mjs in a worker thread (parse.ts): tree-sitter runs here while the main thread runs
 * HashiCorp's parser. Messages in: { id, path, text, chunkLines }; out: { id, result } or
 * { id, error }.
 */
import { parentPort } from 'node:worker_threads';
import { positions } from './positions.mjs';

parentPort.on('message', async ({ id, path, text, chunkLines }) => {
  try {
    parentPort.postMessage({ id, result: await positions(path, text, chunkLines) });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
