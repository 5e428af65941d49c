/**
 * positions.mjs in a worker thread (parse.ts): tree-sitter runs here while the main thread runs
 * HashiCorp's parser. Messages in: { id, path, text, chunkLines }; out: { id, splits } (first), then
 * { id, result } or { id, error }.
 */
import { parentPort } from 'node:worker_threads';
import { positionsSplitsFirst } from './positions.mjs';

parentPort.on('message', async ({ id, path, text, chunkLines }) => {
  try {
    // The cut points first: the main thread starts HashiCorp's parser on the pieces meanwhile.
    const result = await positionsSplitsFirst(path, text, chunkLines, (splits) => parentPort.postMessage({ id, splits }));
    parentPort.postMessage({ id, result });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
