/**
 * Read a YAML (or JSON) file a person wrote and validate it against a JSON schema (ajv): the first
 * problem is bad input naming file:line — the line of the offending key or item, not of the file.
 * One mechanism for every such file (the project config, the intents).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { UserError } from '../errors.js';

export interface ValidatedYaml<T> {
  data: T;
  /** The 1-based line of the value at `path` (its nearest existing parent, else 1). */
  lineOf(path: (string | number)[]): number;
}

export function parseValidatedYaml<T>(text: string, file: string, validate: ValidateFunction<T>, what: string): ValidatedYaml<T> {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    throw new UserError(`not valid YAML: ${e.message.split('\n')[0]}`, { file, line: pos.line, column: pos.col });
  }
  const data = doc.toJS() as unknown;
  const lineOf = (path: (string | number)[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  if (!validate(data)) {
    const e = pickError(validate.errors ?? []);
    const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
    throw new UserError(`${what}: ${e.instancePath || '/'} ${describeError(e)}`, { file, line: lineOf(path) });
  }
  return { data: data as T, lineOf };
}

function pickError(errors: ErrorObject[]): ErrorObject {
  // The deepest error is the most specific one (oneOf/if wrappers report at their parent).
  return [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length || Number(a.keyword === 'oneOf') - Number(b.keyword === 'oneOf'))[0];
}

function describeError(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `has an unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'enum') return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'false schema') return 'is not allowed here (an allow intent has no exceptions)';
  return e.message ?? e.keyword;
}
