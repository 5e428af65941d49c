import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../helpers/paths.js';
import { shellcheckAvailable, shellcheckSkipReason, shellcheckText } from './helpers.js';
import {
  commonTemplatePath,
  ec2ModuleMain,
  ec2UserDataExpression,
  ROLES,
  renderUserData,
  renderUserDataWithTerraform,
  sampleVars,
  substituteTemplate,
  templatePath,
  templateReferences,
  terraformAvailable,
  terraformSkipReason,
  TemplateConstructError,
  type TemplateVars,
  type UserDataRole,
} from './templates.js';

type RenderTemplateFile = (path: string, vars: TemplateVars) => Promise<unknown>;

/** stackcheck's renderTemplateFile, or the reason it cannot be compared yet. */
async function loadEvalRenderer(): Promise<RenderTemplateFile | string> {
  if (!existsSync(join(repoRoot, 'src', 'load', 'hcl', 'template.ts'))) return 'src/load/hcl/template.ts not written yet';
  const templateModule = '../../src/load/hcl/template.js';
  const functionsModule = '../../src/load/hcl/functions/index.js';
  let renderTemplateFile: RenderTemplateFile | undefined;
  let functions: Record<string, unknown> | undefined;
  try {
    ({ renderTemplateFile } = (await import(templateModule)) as { renderTemplateFile?: RenderTemplateFile });
    ({ functions } = (await import(functionsModule)) as { functions?: Record<string, unknown> });
  } catch (err) {
    return `src/load/hcl/template.ts does not load: ${(err as Error).message}`;
  }
  if (typeof renderTemplateFile !== 'function') return 'src/load/hcl/template.ts does not export renderTemplateFile';
  if (!functions || !('join' in functions)) return 'the built-in function join is not registered yet (src/load/hcl/functions)';
  return renderTemplateFile;
}

// Specifiers are not literals: the modules may not exist yet on a given checkout.
const evalRenderer = await loadEvalRenderer();

const source = (role: UserDataRole) => readFileSync(templatePath(role), 'utf8');
const commonSource = () => readFileSync(commonTemplatePath, 'utf8');
const render = (role: UserDataRole, ephemeral: boolean) => renderUserData(role, sampleVars(role, ephemeral));
const CASES = ROLES.flatMap((role) => [false, true].map((ephemeral) => ({ role, ephemeral })));
const caseName = (c: { role: UserDataRole; ephemeral: boolean }) => `${c.role}${c.ephemeral ? ' (ephemeral)' : ''}`;

// The variable names of the ec2 module's templatefile() call (contracts-stack.md).
const CONTRACT_VARIABLES = Object.keys(sampleVars('livekit', false));

/** The variable names a template's expressions read (directives checked against the allowed ones). */
function referencedVariables(text: string, file: string): string[] {
  const names: string[] = [];
  for (const ref of templateReferences(text)) {
    if (ref.startsWith('%{')) {
      expect(ref, `${file}: directive`).toMatch(/^%\{ *(if ephemeral|else|endif) *~\}$/);
      continue;
    }
    names.push(/^join\("[^"]*", *(\w+)\)$/.exec(ref)?.[1] ?? ref);
  }
  return names;
}

describe('user-data templates: only contract variables and the constructs the pre-pass allows', () => {
  it('common.sh references only contract variables (it is rendered before `common` exists)', () => {
    const names = referencedVariables(commonSource(), 'common.sh');
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(CONTRACT_VARIABLES, `common.sh: \${${name}}`).toContain(name);
  });

  it.each(ROLES)('%s references only contract variables, plus `common` exactly once', (role) => {
    const names = referencedVariables(source(role), role);
    expect(names.filter((n) => n === 'common'), `${role}: \${common}`).toHaveLength(1);
    for (const name of names.filter((n) => n !== 'common')) expect(CONTRACT_VARIABLES, `${role}: \${${name}}`).toContain(name);
  });

  const ec2Variables = join(repoRoot, 'terraform', 'modules', 'ec2', 'variables.tf');
  it.skipIf(!existsSync(ec2Variables))('the sample variables are exactly the ec2 module\'s user_data_vars (no drift with STACK)', () => {
    const block = /user_data_vars\s*=\s*object\(\{([\s\S]*?)\}\)/.exec(readFileSync(ec2Variables, 'utf8'));
    expect(block, 'user_data_vars object type in terraform/modules/ec2/variables.tf').not.toBeNull();
    const declared = [...block![1]!.matchAll(/^\s*([a-z_]+)\s*=/gm)].map((m) => m[1]);
    expect(declared.sort()).toEqual([...CONTRACT_VARIABLES].sort());
  });

  it.skipIf(!existsSync(ec2ModuleMain))('the ec2 module renders common.sh over the same variables and passes it as `common`', () => {
    expect(ec2UserDataExpression().replace(/\s+/g, '')).toBe(
      'templatefile(each.value.user_data_template,merge(each.value.user_data_vars,{common=templatefile(var.user_data_common_template,each.value.user_data_vars)}))',
    );
    const locals = readFileSync(join(repoRoot, 'terraform', 'locals.tf'), 'utf8');
    expect(locals).toContain('user_data_common_template = "${path.module}/../user-data/common.sh"');
  });

  it('the pre-pass refuses what it does not model, naming file:line', () => {
    const vars: TemplateVars = { ephemeral: true, name: 'x', ports: [1, 2] };
    expect(() => substituteTemplate('a\n${upper(name)}\n', vars, 't.sh')).toThrow(/t\.sh:2: unsupported template expression/);
    expect(() => substituteTemplate('echo "${HOME}"\n', vars, 't.sh')).toThrow(TemplateConstructError);
    expect(() => substituteTemplate('x %{ if ephemeral }y%{ endif }\n', vars, 't.sh')).toThrow(/must be alone on its line/);
    expect(() => substituteTemplate('%{ if ephemeral ~}\nx\n', vars, 't.sh')).toThrow(/t\.sh:1: %\{ if \} is never closed/);
    expect(() => substituteTemplate('${ports}\n', vars, 't.sh')).toThrow(/not a scalar/);
    expect(substituteTemplate('$${HOME} ${name} ${join(",", ports)}\n%{ if ephemeral ~}\nE\n%{ else ~}\nN\n%{ endif ~}\n', vars)).toBe(
      '${HOME} x 1,2\nE\n',
    );
  });

  // One bootstrap, four entry points: the shared code lives in common.sh only.
  it.each(ROLES)('%s includes common.sh by `${common}` right after its header and repeats none of its code', (role) => {
    const text = source(role);
    expect(text).toMatch(/^#!\/bin\/bash\n(#[^\n]*\n)+set -Eeuo pipefail\numask 022\n\n\$\{common\}\n/);
    // Code lines (comments and blank lines dropped); any 3 consecutive ones of common.sh found
    // consecutively in the role template is a copy (single lines such as "fi" or "return 0" may recur).
    const code = (t: string) => t.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    const windows = (lines: string[]) => lines.slice(0, -2).map((_, i) => lines.slice(i, i + 3).join('\n'));
    const shared = new Set(windows(code(commonSource())));
    expect(shared.size).toBeGreaterThan(100);
    expect(windows(code(text)).filter((w) => shared.has(w)), `${role} repeats common.sh`).toEqual([]);
    for (const fn of commonSource().matchAll(/^([a-z_]+)\(\) \{$/gm)) expect(text, `${role} redefines ${fn[1]}()`).not.toContain(`${fn[1]}() {`);
  });
});

describe('rendered user-data', () => {
  it.each(CASES.map((c) => [caseName(c), c] as const))('%s: strict mode, size under the 16 KB user-data limit', (_n, c) => {
    const text = render(c.role, c.ephemeral);
    expect(text.startsWith('#!/bin/bash\n')).toBe(true);
    expect(text).toContain('\nset -Eeuo pipefail\n'); // -E: the ERR trap names the failing line inside functions too
    expect(Buffer.byteLength(text)).toBeLessThan(16 * 1024);
    expect(text).not.toMatch(/set -x|set -o xtrace/); // would print the env file's values
    expect(text.includes('dolbom-responder.service')).toBe(c.ephemeral);
  });

  it.skipIf(!shellcheckAvailable)(`shellcheck: zero findings for every role, ephemeral or not ${shellcheckAvailable ? '' : `(skipped: ${shellcheckSkipReason})`}`, () => {
    for (const c of CASES) expect(shellcheckText(`${c.role}-init.sh`, render(c.role, c.ephemeral)), caseName(c)).toBe('');
  });

  it.skipIf(!terraformAvailable)(`real terraform, through the ec2 module's own user_data expression, renders exactly what the pre-pass renders ${terraformAvailable ? '' : `(skipped: ${terraformSkipReason})`}`, () => {
    const cases = Object.fromEntries(CASES.map((c) => [caseName(c), { role: c.role, vars: sampleVars(c.role, c.ephemeral) }]));
    const rendered = renderUserDataWithTerraform(cases);
    for (const c of CASES) expect(rendered[caseName(c)], caseName(c)).toBe(render(c.role, c.ephemeral));
  });

  // stackcheck's own templatefile (EVAL: src/load/hcl/template.ts, with FUNCS' join) must agree too.
  it.skipIf(typeof evalRenderer === 'string')(
    `stackcheck's own renderTemplateFile renders exactly what the pre-pass renders ${typeof evalRenderer === 'string' ? `(skipped: ${evalRenderer})` : ''}`,
    async () => {
      const renderTemplateFile = evalRenderer as RenderTemplateFile;
      for (const c of CASES) {
        const vars = sampleVars(c.role, c.ephemeral);
        const common = await renderTemplateFile(commonTemplatePath, vars);
        expect(typeof common, `${caseName(c)}: common.sh`).toBe('string');
        const out = await renderTemplateFile(templatePath(c.role), { ...vars, common: common as string });
        expect(out, caseName(c)).toBe(render(c.role, c.ephemeral));
      }
    },
  );

  it('ai-agent: fails loudly without a GPU, configures the NVIDIA runtime, publishes GPU metrics', () => {
    const text = render('ai-agent', false);
    expect(text).toMatch(/if nvidia-smi -L; then/);
    expect(text).toMatch(/die "nvidia-smi failed/);
    expect(text).toContain('nvidia-ctk runtime configure --runtime=docker');
    expect(text).toContain('configure_cloudwatch_agent gpu');
    expect(text).toContain('"namespace": "Dolbom"');
    expect(text).toMatch(/"nvidia_gpu": \{\s*"measurement": \[[^\]]*"utilization_gpu"[^\]]*"memory_used"/);
  });

  it('every host: SSM agent, Instance Connect, docker + compose, CloudWatch agent, its own env object', () => {
    for (const role of ROLES) {
      const vars = sampleVars(role, false);
      const text = render(role, false);
      for (const step of ['systemctl enable --now amazon-ssm-agent', 'ensure_package ec2-instance-connect', 'install_docker', 'amazon-cloudwatch-agent-ctl']) {
        expect(text, `${role}: ${step}`).toContain(step);
      }
      expect(text, role).toContain(`"s3://${vars.env_bucket}/${vars.env_object_key}"`);
      expect(text, role).toContain('"$dest.download"'); // fetched beside the target, then moved: never half-written
    }
  });
});

describe('livekit config written at boot', () => {
  const configOf = (text: string) => {
    const m = /cat <<'YAML'\n([\s\S]*?)\nYAML\n/.exec(text);
    expect(m, 'livekit.yaml heredoc').not.toBeNull();
    return parseYaml(m![1]!) as Record<string, Record<string, unknown>>;
  };

  it('advertises the NLB EIP, uses the single UDP mux and ICE/TCP ports, TLS Redis, no TURN', () => {
    const vars = sampleVars('livekit', false);
    const cfg = configOf(render('livekit', false));
    expect(cfg.port).toBe(7880);
    expect(cfg.rtc).toEqual({ tcp_port: 7881, udp_port: 7882, use_external_ip: false, node_ip: vars.livekit_node_ip });
    expect(cfg.rtc).not.toHaveProperty('turn_servers'); // livekit/livekit#4095: would leak the NAT gateway IP
    expect(cfg.redis).toEqual({ address: vars.livekit_redis_address, use_tls: true });
    expect(cfg.turn).toEqual({ enabled: false });
    expect(cfg).not.toHaveProperty('keys'); // secrets come from the environment, not the file
  });

  it('the webhook receivers come from the template variable (terraform), one per environment, run for real with bash', () => {
    const script = render('livekit', false);
    const fn = /^(WEBHOOK_URLS=.*\n)[\s\S]*?(write_livekit_config\(\) \{[\s\S]*?\n\})\n/m.exec(script);
    expect(fn, 'WEBHOOK_URLS and write_livekit_config()').not.toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'lk-cfg-'));
    const run = spawnSync('bash', ['-c', `set -euo pipefail; COMPOSE_DIR=${dir}; log() { :; }; ${fn![1]}${fn![2]}\nwrite_livekit_config; cat ${dir}/livekit/livekit.yaml`], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const cfg = parseYaml(run.stdout) as { webhook: { urls: string[] } };
    expect(cfg.webhook.urls).toEqual(sampleVars('livekit', false).livekit_webhook_urls);
    const none = renderUserData('livekit', { ...sampleVars('livekit', false), livekit_webhook_urls: [] });
    expect(none).toContain('WEBHOOK_URLS=""');
  });
});

describe('ephemeral responder (the python extracted from the rendered script, run for real)', () => {
  const responderSource = () => {
    const m = /cat >\/usr\/local\/lib\/dolbom\/responder\.py <<'PY'\n([\s\S]*?)\nPY\n/.exec(render('livekit', true));
    expect(m).not.toBeNull();
    return m![1]!;
  };
  const python = spawnSync('python3', ['--version']).status === 0;

  it('the systemd unit serves exactly the template ports', () => {
    const text = render('livekit', true);
    expect(text).toContain('responder.py --tcp=7880,7881 --udp=7882');
    expect(render('ai-agent', true)).toContain('responder.py --tcp= --udp=');
  });

  it.skipIf(!python)('answers HTTP 200 on TCP ports and echoes on UDP ports (python3)', async () => {
    const freePort = () =>
      new Promise<number>((resolve) => {
        const s = createServer().listen(0, '127.0.0.1', () => {
          const port = (s.address() as { port: number }).port;
          s.close(() => resolve(port));
        });
      });
    const [tcp1, tcp2, udp] = [await freePort(), await freePort(), await freePort()];
    const child = spawn('python3', ['-c', responderSource(), `--tcp=${tcp1},${tcp2}`, `--udp=${udp}`, '--bind=127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('responding') && resolve());
        child.on('exit', (code) => reject(new Error(`responder exited ${code}`)));
      });
      for (const [port, path] of [[tcp1, '/'], [tcp2, '/health']] as const) {
        const status = await new Promise<number | undefined>((resolve, reject) =>
          request({ host: '127.0.0.1', port, path }, (res) => {
            res.resume();
            resolve(res.statusCode);
          })
            .on('error', reject)
            .end(),
        );
        expect(status, `tcp ${port}${path}`).toBe(200);
      }
      const echoed = await new Promise<string>((resolve, reject) => {
        const sock = createSocket('udp4');
        sock.on('message', (msg) => {
          sock.close();
          resolve(msg.toString());
        });
        sock.on('error', reject);
        sock.send('probe-7882', udp, '127.0.0.1');
      });
      expect(echoed).toBe('probe-7882');
    } finally {
      child.kill();
    }
  });
});
