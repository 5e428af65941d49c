/**
 * renderTemplate against terraform's templatefile on templates with the hard parts: strip markers
 * in nested directives, backslashes, escapes, CRLF line ends, no trailing newline, unknown values.
 * Skips with the reason when terraform is absent (template.test.ts keeps fixed expectations).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../../src/load/hcl/functions/index.js';
import { renderTemplateFile } from '../../../src/load/hcl/template.js';
import { Unknown, type ObjectValue } from '../../../src/model/value.js';
import { UNKNOWN, canonical, oracleValues, terraformPath, terraformSkipReason, type OracleOutcome } from './oracle.js';

const TEMPLATES: Record<string, string> = {
  'strip.tftpl': [
    '#!/bin/bash',
    'set -euo pipefail',
    '%{ for name, port in ports ~}',
    '%{ if port > 1000 ~}',
    'echo "${name} high ${port}"',
    '%{ else ~}',
    'echo "${name} low ${port}"',
    '%{ endif ~}',
    '%{ endfor ~}',
    'done',
    '',
  ].join('\n'),
  'escapes.tftpl': 'path=C:\\temp\\new  literal=$${HOME} pct=%%{x} 100% $5 \\${name}\nname=${name}\n',
  'crlf.tftpl': 'a=${name}\r\n%{ for p in values(ports) }p=${p}\r\n%{ endfor }end\r\n',
  'no-newline.tftpl': 'only ${upper(name)}',
  'nested.tftpl': '%{ for k in sort(keys(ports)) }[${k}:%{ if ports[k] == 80 }http%{ else }other%{ endif }]%{ endfor }\n',
  'json.tftpl': '${jsonencode({ name = name, ports = ports })}',
  'heredoc-like.tftpl': 'cat <<EOF\n${name}\nEOF\n  indented ${name}\n\ttab\n',
  'unknown.tftpl': 'id=${id}\n',
};

const VARS_HCL = '{ name = "dolbom", ports = { web = 80, livekit = 7880 }, id = terraform_data.u.output }';
const VARS: ObjectValue = {
  name: 'dolbom',
  ports: { web: 80, livekit: 7880 },
  id: new Unknown('known after apply', [{ address: 'terraform_data.u', attribute: 'output' }]),
};
const PREAMBLE = 'resource "terraform_data" "u" {\n  input = "x"\n}\n';

describe.skipIf(!terraformPath)(`renderTemplateFile vs terraform templatefile ${terraformPath ? '' : `(skipped: ${terraformSkipReason})`}`, () => {
  const names = Object.keys(TEMPLATES);
  let theirs: OracleOutcome[];
  let dir: string;
  beforeAll(async () => {
    theirs = await oracleValues(PREAMBLE, names.map((n) => `templatefile("${n}", ${VARS_HCL})`), TEMPLATES);
    dir = await mkdtemp(join(tmpdir(), 'tpl-oracle-'));
    for (const [n, t] of Object.entries(TEMPLATES)) await writeFile(join(dir, n), t);
    return () => rm(dir, { recursive: true, force: true });
  }, 120_000);

  it.each(Object.keys(TEMPLATES))('%s renders as terraform renders it', async (name) => {
    const v = await renderTemplateFile(join(dir, name), VARS, { functions, cwd: dir });
    const ours: OracleOutcome = { ok: true, value: v instanceof Unknown ? UNKNOWN : v };
    expect(canonical(ours)).toBe(canonical(theirs[names.indexOf(name)]));
  });
});
