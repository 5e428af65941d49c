/**
 * Shared by the stack suites: the parsed HCL of terraform/ (HashiCorp's parser, `@cdktf/hcl2json`),
 * the stack contract's security-group matrix, and a throw-away copy of the stack that a local
 * terraform with the offline provider mirror can init, validate, evaluate and plan (mock provider).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { parse } from '@cdktf/hcl2json';
import { repoRoot } from '../helpers/paths.js';
import { listHclFiles } from '../../src/fmt/files.js';

export const stackDir = join(repoRoot, 'terraform');
export const modulesDir = join(stackDir, 'modules');
export const MODULES = ['vpc', 'iam', 'ec2', 'alb', 'nlb', 'rds', 'elasticache'] as const;

export type Body = Record<string, any>;

/** Every .tf / .tfvars under terraform/, parsed; keys are paths relative to terraform/. */
export async function parseStack(): Promise<Map<string, Body>> {
  const parsed = new Map<string, Body>();
  for (const file of await listHclFiles(stackDir)) {
    const rel = relative(stackDir, file);
    parsed.set(rel, await parse(rel, await readFile(file, 'utf8')));
  }
  return parsed;
}

/** The `.tf` files of one directory (not recursive), merged block-wise. */
export function moduleBody(parsed: Map<string, Body>, dir: string): Body {
  const merged: Body = {};
  for (const [rel, body] of parsed) {
    if (!rel.endsWith('.tf')) continue;
    const fileDir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    if (fileDir !== dir) continue;
    for (const [kind, value] of Object.entries(body)) {
      if (kind === 'locals') {
        merged.locals = [...(merged.locals ?? []), ...(value as Body[])];
      } else if (kind === 'terraform') {
        merged.terraform = [...(merged.terraform ?? []), ...(value as Body[])];
      } else {
        merged[kind] = { ...(merged[kind] ?? {}) };
        for (const [k, v] of Object.entries(value as Body)) merged[kind][k] = mergeLevel(merged[kind][k], v);
      }
    }
  }
  return merged;
}

function mergeLevel(a: any, b: any): any {
  if (a === undefined) return b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  return { ...a, ...b };
}

/** All resources of a parsed body as [type, name, first block]. */
export function resources(body: Body): [string, string, Body][] {
  const out: [string, string, Body][] = [];
  for (const [type, byName] of Object.entries<Body>(body.resource ?? {})) {
    for (const [name, blocks] of Object.entries<Body[]>(byName)) out.push([type, name, blocks[0]]);
  }
  return out;
}

/** A locals value by name across the locals blocks of a merged body. */
export function local(body: Body, name: string): any {
  for (const block of body.locals ?? []) if (name in block) return block[name];
  return undefined;
}

/** Every (path, key, value) in a JSON tree; used to find an argument anywhere (e.g. key_name). */
export function* walk(value: unknown, path: string[] = []): Generator<[string[], string, unknown]> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* walk(v, [...path, String(i)]);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      yield [path, k, v];
      yield* walk(v, [...path, k]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The stack contract's security-group matrix (prompts/contracts-stack.md), written out once.

export interface ContractFlow {
  from: string;
  to: string;
  protocol: 'tcp' | 'udp';
  port: number;
  /** Passes through the NLB (client IP preserved at the target). */
  via?: 'nlb';
}

/** `{env}` stands for each environment; both ends of a row are in the same environment. */
export const CONTRACT_FLOWS: ContractFlow[] = [
  { from: 'internet', to: 'alb', protocol: 'tcp', port: 80 },
  { from: 'internet', to: 'alb', protocol: 'tcp', port: 443 },
  { from: 'alb', to: '{env}-api', protocol: 'tcp', port: 8000 },
  { from: 'alb', to: '{env}-web', protocol: 'tcp', port: 3000 },
  { from: 'alb', to: 'livekit', protocol: 'tcp', port: 7880 },
  { from: 'internet', to: 'livekit', protocol: 'udp', port: 7882, via: 'nlb' },
  { from: 'internet', to: 'livekit', protocol: 'tcp', port: 7881, via: 'nlb' },
  { from: '{env}-web', to: '{env}-api', protocol: 'tcp', port: 8000 },
  { from: '{env}-api', to: '{env}-rds', protocol: 'tcp', port: 5432 },
  { from: '{env}-api', to: '{env}-redis', protocol: 'tcp', port: 6379 },
  { from: '{env}-ai-agent', to: '{env}-rds', protocol: 'tcp', port: 5432 },
  { from: '{env}-ai-agent', to: '{env}-redis', protocol: 'tcp', port: 6379 },
  { from: '{env}-ai-agent', to: 'livekit', protocol: 'tcp', port: 7880 },
  // Media goes to the NLB's Elastic IP (LiveKit's only ICE candidate), out through the NAT gateway;
  // the direct ai-agent → livekit 7881/7882 rules are gone (nothing used them).
  { from: '{env}-ai-agent', to: 'nlb-eip', protocol: 'udp', port: 7882 },
  { from: '{env}-ai-agent', to: 'nlb-eip', protocol: 'tcp', port: 7881 },
  { from: 'livekit', to: 'livekit-redis', protocol: 'tcp', port: 6379 },
  { from: 'livekit', to: '{env}-api', protocol: 'tcp', port: 8000 },
  { from: '{env}-api', to: 'internet', protocol: 'tcp', port: 443 },
  { from: '{env}-web', to: 'internet', protocol: 'tcp', port: 443 },
  { from: '{env}-ai-agent', to: 'internet', protocol: 'tcp', port: 443 },
  { from: 'livekit', to: 'internet', protocol: 'tcp', port: 443 },
  // The VPC interface endpoints of the AWS APIs (terraform/endpoints.tf, review M13).
  { from: '{env}-api', to: 'vpc-endpoints', protocol: 'tcp', port: 443 },
  { from: '{env}-web', to: 'vpc-endpoints', protocol: 'tcp', port: 443 },
  { from: '{env}-ai-agent', to: 'vpc-endpoints', protocol: 'tcp', port: 443 },
  { from: 'livekit', to: 'vpc-endpoints', protocol: 'tcp', port: 443 },
];

/** A rule as "group <- peer proto/port" (ingress) or "group -> peer proto/port" (egress). */
export interface SgRule {
  group: string;
  peer: string;
  protocol: string;
  port: number;
}

export const ruleKey = (r: SgRule) => `${r.group}|${r.peer}|${r.protocol}|${r.port}`;

/** Peers that are addresses, not security groups: they get no ingress rule. */
export const ADDRESS_PEERS = ['internet', 'nlb-eip'];

/**
 * The ingress and egress rules the contract implies for the given environments; `nlbEips` Elastic
 * IPs (one per compute AZ) each get their own egress rule, peer `nlb-eip-<index>`.
 */
export function expectedRules(environments: string[], flows: ContractFlow[], nlbEips = 1): { ingress: SgRule[]; egress: SgRule[] } {
  const ingress: SgRule[] = [];
  const egress: SgRule[] = [];
  for (const flow of flows) {
    const perEnv = flow.from.includes('{env}') || flow.to.includes('{env}');
    for (const env of perEnv ? environments : ['shared']) {
      const from = flow.from.replace('{env}', env);
      const to = flow.to.replace('{env}', env);
      const hops = flow.via ? [{ from, to: flow.via, source: from }, { from: flow.via, to, source: from }] : [{ from, to, source: from }];
      for (const hop of hops) {
        if (!ADDRESS_PEERS.includes(hop.to)) ingress.push({ group: hop.to, peer: hop.source, protocol: flow.protocol, port: flow.port });
        if (hop.from === 'internet') continue;
        const peers = hop.to === 'nlb-eip' ? Array.from({ length: nlbEips }, (_, i) => `nlb-eip-${i}`) : [hop.to];
        for (const peer of peers) egress.push({ group: hop.from, peer, protocol: flow.protocol, port: flow.port });
      }
    }
  }
  return { ingress, egress };
}

// ---------------------------------------------------------------------------------------------
// Local terraform with the offline provider mirror (optional: CI machines may have neither).

const run = promisify(execFile);

export const mirrorDir = process.env.STACKCHECK_TF_MIRROR ?? '/opt/tf-plugins';
const awsMirror = join(mirrorDir, 'registry.terraform.io', 'hashicorp', 'aws');

function findTerraform(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'terraform'))) return join(dir, 'terraform');
  }
  return undefined;
}

export const terraformBin = findTerraform();
const mirroredAwsVersions = existsSync(awsMirror) ? readdirSync(awsMirror).sort() : [];
export const mirroredAwsVersion = mirroredAwsVersions.at(-1);
export const terraformAvailable = Boolean(terraformBin && mirroredAwsVersion);
export const terraformSkipReason = !terraformBin
  ? 'terraform is not on PATH'
  : `no hashicorp/aws provider in the filesystem mirror ${mirrorDir} (set STACKCHECK_TF_MIRROR)`;

/**
 * `terraform init` + `terraform validate` of a directory with the offline mirror (terraform writes
 * `.terraform/` into it: pass a scratch copy). Rejects with terraform's output when it is invalid.
 */
export async function terraformValidate(dir: string): Promise<void> {
  const rc = join(dir, '.terraform.rc');
  await writeFile(rc, `provider_installation {\n  filesystem_mirror {\n    path = "${mirrorDir}"\n  }\n}\n`);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  await run(terraformBin!, ['init', '-backend=false', '-input=false', '-no-color'], { cwd: dir, env });
  await run(terraformBin!, ['validate', '-no-color'], { cwd: dir, env });
}

/**
 * Cut `resource "<type>" "<name>" {...}` (a top-level block closed by a `}` in column 0) out of HCL
 * text and put `replacement` in its place.
 */
function replaceBlock(text: string, header: string, replacement: string): string {
  let at = text.indexOf(header);
  while (at !== -1) {
    const end = text.indexOf('\n}\n', at);
    if (end === -1) throw new Error(`unterminated block ${header}`);
    text = text.slice(0, at) + replacement + text.slice(end + 3);
    at = text.indexOf(header);
  }
  return text;
}

export interface TerraformCopy {
  dir: string;
  terraform(args: string[], input?: string): Promise<{ stdout: string; stderr: string }>;
  dispose(): Promise<void>;
}

/**
 * A copy of terraform/ (and user-data/, which the templates read) that the offline mirror can init:
 * the aws constraint pinned to the mirrored version, no backend, and the random/tls resources
 * (not mirrored) replaced by terraform_data stand-ins. Never written back to the repository.
 */
export async function terraformCopy(): Promise<TerraformCopy> {
  const root = await mkdtemp(join(tmpdir(), 'stackcheck-tf-'));
  const dir = join(root, 'terraform');
  await cp(stackDir, dir, { recursive: true, filter: (src) => !src.includes('.terraform') });
  const userData = join(repoRoot, 'user-data');
  if (existsSync(userData)) await cp(userData, join(root, 'user-data'), { recursive: true });
  for (const file of await listHclFiles(dir)) {
    if (!file.endsWith('.tf')) continue;
    let t = await readFile(file, 'utf8');
    t = t.replace(/version = "~> 6\.0"/g, `version = "${mirroredAwsVersion}"`);
    t = t.replace(/\n {4}(random|tls) = \{\n[^}]*\}/g, '');
    t = t.replace(/terraform \{\n {2}backend "s3" \{[^}]*\}\n\}\n/, '');
    t = replaceBlock(t, 'resource "random_password" "auth_token" {', 'resource "terraform_data" "auth_token" {\n  input = "stand-in-auth-token-0123456789"\n}\n');
    t = t.replaceAll('random_password.auth_token.result', 'terraform_data.auth_token.output');
    t = replaceBlock(t, 'resource "tls_private_key" "self_signed" {', 'resource "terraform_data" "tls_key" {\n  count = local.create_self_signed_certificate ? 1 : 0\n  input = "key"\n}\n');
    t = replaceBlock(t, 'resource "tls_self_signed_cert" "self_signed" {', 'resource "terraform_data" "tls_cert" {\n  count = local.create_self_signed_certificate ? 1 : 0\n  input = "cert"\n}\n');
    t = t.replaceAll('tls_private_key.self_signed[0].private_key_pem', 'terraform_data.tls_key[0].output');
    t = t.replaceAll('tls_self_signed_cert.self_signed[0].cert_pem', 'terraform_data.tls_cert[0].output');
    await writeFile(file, t);
  }
  const cliConfig = join(root, 'terraform.rc');
  await writeFile(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = "${mirrorDir}"\n  }\n}\n`);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  const terraform = async (args: string[], input?: string) => {
    const child = run(terraformBin!, args, { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
    child.child.stdin?.end(input ?? '');
    return child;
  };
  await terraform(['init', '-backend=false', '-input=false', '-no-color']);
  return { dir, terraform, dispose: () => rm(root, { recursive: true, force: true }) };
}

/** Evaluate one expression with `terraform console` (no credentials needed for vars and locals). */
export async function evaluate(copy: TerraformCopy, varArgs: string[], expression: string): Promise<any> {
  const { stdout } = await copy.terraform(['console', '-no-color', ...varArgs], `jsonencode(${expression})\n`);
  // console prints the JSON as an HCL string literal: one more JSON.parse unquotes it.
  return JSON.parse(JSON.parse(stdout.trim()));
}
