/**
 * user-data templates for the tests: the contract's sample variables, rendering through real
 * terraform (when installed), and a deliberately small substitution pre-pass so that CI machines
 * without terraform still shellcheck what the templates produce.
 *
 * The pre-pass is NOT a template engine. It accepts exactly the constructs the templates are allowed
 * to use (docs/host.md, "user-data templates") and throws on anything else, so a template that grows
 * a richer construct fails loudly here instead of being checked dishonestly:
 *   ${name}                     a scalar variable (string, number or bool, printed as terraform does)
 *   ${join("<sep>", name)}      a list variable joined with a literal separator
 *   $${  %%{                    escapes: literal "${" and "%{"
 *   %{ if <bool> ~} / %{ else ~} / %{ endif ~}   alone on a line at column 0: the line and its
 *                               newline disappear (what the "~" strip marker does there)
 * When terraform is present, the tests assert byte-for-byte agreement with templatefile().
 *
 * User data is two renderings, as in the ec2 module: user-data/common.sh (the bootstrap every host
 * shares) over the contract variables, then the role template over the same variables plus the
 * result as `common` (renderUserData; renderUserDataWithTerraform runs the module's own expression).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';

export type TemplateValue = string | number | boolean | number[] | string[];
export type TemplateVars = Record<string, TemplateValue>;

export const ROLES = ['ai-agent', 'api-server', 'web-server', 'livekit'] as const;
export type UserDataRole = (typeof ROLES)[number];

export const templatePath = (role: UserDataRole): string => join(repoRoot, 'user-data', `${role}-init.sh`);
/** The bootstrap every host shares; each role template interpolates its rendering as `common`. */
export const commonTemplatePath = join(repoRoot, 'user-data', 'common.sh');
/** The ec2 module, whose user_data expression renderUserDataWithTerraform evaluates. */
export const ec2ModuleMain = join(repoRoot, 'terraform', 'modules', 'ec2', 'main.tf');

/** The contract's variables (contracts-stack.md), with the values the ec2 module would pass. */
export function sampleVars(role: UserDataRole, ephemeral: boolean): TemplateVars {
  const contractRole = { 'ai-agent': 'ai-agent', 'api-server': 'api', 'web-server': 'web', livekit: 'livekit' }[role];
  const environment = role === 'livekit' ? 'shared' : 'staging';
  const ports: Record<UserDataRole, { tcp: number[]; udp: number[] }> = {
    'ai-agent': { tcp: [], udp: [] },
    'api-server': { tcp: [8000], udp: [] },
    'web-server': { tcp: [3000], udp: [] },
    livekit: { tcp: [7880, 7881], udp: [7882] },
  };
  return {
    project: 'dolbom',
    environment,
    role: contractRole,
    region: 'ap-northeast-2',
    env_bucket: 'dolbom-env-123456789012',
    env_object_key: `${environment}/${contractRole}.env`,
    ephemeral,
    tcp_ports: ports[role].tcp,
    udp_ports: ports[role].udp,
    cloudwatch_namespace: 'Dolbom',
    livekit_node_ip: role === 'livekit' ? '203.0.113.10' : '',
    livekit_redis_address: role === 'livekit' ? 'livekit-redis.abc123.apn2.cache.amazonaws.com:6379' : '',
    livekit_udp_port: 7882,
    livekit_tcp_port: 7881,
    livekit_webhook_urls: role === 'livekit' ? ['http://api.prod.dolbom.internal:8000/livekit/webhook', 'http://api.staging.dolbom.internal:8000/livekit/webhook'] : [],
    compose_project_dir: '/opt/dolbom',
  };
}

export class TemplateConstructError extends Error {}

const DIRECTIVE_LINE = /^%\{ *(?:if +([A-Za-z_][A-Za-z0-9_]*)|(else)|(endif)) *~\}$/;

/** The substitution pre-pass described above. Throws TemplateConstructError naming file:line. */
export function substituteTemplate(text: string, vars: TemplateVars, file = 'template'): string {
  // 1. directives, line by line
  const kept: string[] = [];
  const stack: { active: boolean; line: number; sawElse: boolean }[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const m = DIRECTIVE_LINE.exec(line);
    if (!m) {
      if (stack.every((s) => s.active)) kept.push(line);
      return;
    }
    const [, ifVar, isElse, isEndif] = m;
    if (ifVar !== undefined) {
      const v = vars[ifVar];
      if (typeof v !== 'boolean') throw new TemplateConstructError(`${file}:${i + 1}: %{ if ${ifVar} } needs a bool variable`);
      stack.push({ active: v, line: i + 1, sawElse: false });
    } else if (isElse !== undefined) {
      const top = stack.at(-1);
      if (!top || top.sawElse) throw new TemplateConstructError(`${file}:${i + 1}: %{ else } without %{ if }`);
      top.active = !top.active;
      top.sawElse = true;
    } else if (isEndif !== undefined) {
      if (!stack.pop()) throw new TemplateConstructError(`${file}:${i + 1}: %{ endif } without %{ if }`);
    }
  });
  const open = stack.at(-1);
  if (open) throw new TemplateConstructError(`${file}:${open.line}: %{ if } is never closed`);
  const body = kept.join('\n');

  // 2. interpolations and escapes, left to right
  const lineOf = (offset: number) => body.slice(0, offset).split('\n').length;
  return body.replace(/\$\$\{|%%\{|\$\{([^}]*)\}|%\{/g, (token, expr: string | undefined, offset: number) => {
    if (token === '$${') return '${';
    if (token === '%%{') return '%{';
    if (token === '%{') throw new TemplateConstructError(`${file}:${lineOf(offset)}: directive "%{" must be alone on its line: %{ if <bool> ~}, %{ else ~} or %{ endif ~}`);
    const e = (expr ?? '').trim();
    const scalar = /^[A-Za-z_][A-Za-z0-9_]*$/.exec(e);
    if (scalar) {
      const v = vars[e];
      if (v === undefined || Array.isArray(v)) throw new TemplateConstructError(`${file}:${lineOf(offset)}: \${${e}} is not a scalar template variable`);
      return String(v);
    }
    const join = /^join\("([^"\\$%]*)", *([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(e);
    if (join) {
      const v = vars[join[2]!];
      if (!Array.isArray(v)) throw new TemplateConstructError(`${file}:${lineOf(offset)}: join() needs a list variable, got ${join[2]}`);
      return v.join(join[1]);
    }
    throw new TemplateConstructError(`${file}:${lineOf(offset)}: unsupported template expression \${${e}} (allowed: \${name}, \${join("sep", list)}; write a literal shell "\${" as "$\${")`);
  });
}

/**
 * A role's user data as the ec2 module renders it, through the pre-pass: common.sh first, then the
 * role template with that text as the extra variable `common`.
 */
export function renderUserData(role: UserDataRole, vars: TemplateVars): string {
  const common = substituteTemplate(readFileSync(commonTemplatePath, 'utf8'), vars, 'user-data/common.sh');
  return substituteTemplate(readFileSync(templatePath(role), 'utf8'), { ...vars, common }, `user-data/${role}-init.sh`);
}

/** Every `${...}` expression and `%{...}` directive a template uses (escapes excluded). */
export function templateReferences(text: string): string[] {
  const refs: string[] = [];
  for (const m of text.matchAll(/\$\$\{|%%\{|\$\{([^}]*)\}|%\{([^}]*)\}/g)) {
    if (m[1] !== undefined) refs.push(m[1].trim());
    if (m[2] !== undefined) refs.push(`%{${m[2]}}`);
  }
  return refs;
}

export const terraformAvailable = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
export const terraformSkipReason = 'terraform not installed: the pre-pass output is shellchecked, but not compared with templatefile()';

/** The right-hand side of `user_data = ...` in the ec2 module (one line), verbatim. */
export function ec2UserDataExpression(): string {
  const m = /^ *user_data *= *(.+)$/m.exec(readFileSync(ec2ModuleMain, 'utf8'));
  if (!m) throw new Error(`${ec2ModuleMain}: no one-line "user_data = ..." argument`);
  return m[1]!.trim();
}

/**
 * Renders several user-data cases with real terraform, through the ec2 module's own user_data
 * expression (taken verbatim from its main.tf, so with its templatefile() of the common template):
 * one offline apply of a configuration whose only resource is a built-in terraform_data per case.
 */
export function renderUserDataWithTerraform(cases: Record<string, { role: UserDataRole; vars: TemplateVars }>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'host-tf-'));
  writeFileSync(
    join(dir, 'main.tf'),
    [
      '# The ec2 module\'s variables that its user_data expression reads.',
      'variable "instances" {',
      '  type = any',
      '}',
      'variable "user_data_common_template" {',
      '  type = string',
      '}',
      'resource "terraform_data" "user_data" {',
      '  for_each = var.instances',
      `  input    = ${ec2UserDataExpression()}`,
      '}',
      'output "rendered" {',
      '  value = { for k, r in terraform_data.user_data : k => r.output }',
      '}',
      '',
    ].join('\n'),
  );
  const instances = Object.fromEntries(
    Object.entries(cases).map(([k, c]) => [k, { user_data_template: templatePath(c.role), user_data_vars: c.vars }]),
  );
  writeFileSync(join(dir, 'cases.tfvars.json'), JSON.stringify({ instances, user_data_common_template: commonTemplatePath }));
  const env = { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  const run = (args: string[]) => {
    const r = spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`terraform ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  run(['init', '-backend=false']);
  run(['apply', '-auto-approve', '-var-file=cases.tfvars.json']);
  return JSON.parse(run(['output', '-json', 'rendered'])) as Record<string, string>;
}
