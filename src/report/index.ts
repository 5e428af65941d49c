/**
 * The report adapters behind one interface. `stackcheck check --format <name>` picks among them;
 * the ones with an extension are written to reports/test-plan.<ext>. Add an adapter with one line.
 */
import { htmlAdapter } from './html.js';
import { jsonAdapter } from './json.js';
import { junitAdapter } from './junit.js';
import { sarifAdapter } from './sarif.js';
import { terminalAdapter } from './terminal.js';
import type { ReportAdapter } from './types.js';

export type { ReportAdapter, RenderOptions } from './types.js';
export { summarize, closingLine, countedVerdict, runOutcome, type Summary } from './summary.js';

export const adapters: ReportAdapter[] = [
  terminalAdapter,
  jsonAdapter,
  junitAdapter,
  sarifAdapter,
  htmlAdapter,
];

export function adapter(name: string): ReportAdapter | undefined {
  return adapters.find((a) => a.name === name);
}
