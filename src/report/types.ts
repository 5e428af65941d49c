import type { Report } from '../check/types.js';

export interface RenderOptions {
  /** Repository root: file paths in the output are relative to it. */
  rootDir: string;
  /** ANSI colour (terminal adapter, when stdout is a TTY). */
  color: boolean;
}

/** One output format of a report. Adapters are pure: Report in, text out. */
export interface ReportAdapter {
  /** `--format` name: terminal, json, junit, sarif, html. */
  name: string;
  /** File extension under reports/ (`test-plan.<ext>`); undefined = printed, never written. */
  extension?: string;
  render(report: Report, opts: RenderOptions): string;
}
