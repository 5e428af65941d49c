import type { SourceLocation } from './model/resource.js';

/**
 * Bad input from a person (a malformed file, a missing variable, a wrong flag). The CLI prints it as
 * one line naming the file and line (or the resource address) and exits 2 — never a stack trace.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
    readonly address?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** `file:line: message` (or `address: message`), the form printed to a person. */
  format(): string {
    const where = this.location
      ? `${this.location.file}:${this.location.line}${this.location.column ? `:${this.location.column}` : ''}: `
      : this.address
        ? `${this.address}: `
        : '';
    return `${where}${this.message}`;
  }
}

export function formatLocation(loc: SourceLocation | undefined): string {
  if (!loc) return '';
  return `${loc.file}:${loc.line}`;
}
