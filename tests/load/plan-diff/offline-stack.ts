/**
 * A real, offline `terraform plan` of OUR stack (terraform/), for the differential check of the
 * static evaluator against terraform and the AWS provider. Works on a scratch COPY; terraform/ is
 * never touched. What the copy changes, and why (each is reported back in `changes`):
 *
 * - the hashicorp/aws constraint `~> 6.0` becomes `>= 5.100`: only 5.100.0 is in the local mirror
 *   (/opt/tf-plugins). The provider's own validation and planning of every resource is therefore
 *   5.100's, not 6.x's.
 * - hashicorp/random and hashicorp/tls are not in the mirror. Each of their resources becomes a
 *   `terraform_data` named `<type>_<name>` with the same count/for_each/depends_on/lifecycle and
 *   every other argument (nested blocks as objects) under `input`; a reference to one of its
 *   computed attributes (`random_password.x.result`) becomes `terraform_data.<type>_<name>.id`
 *   (unknown at plan time, like the real attribute; wrapped in sensitive() where the real one is
 *   sensitive), a reference to an argument becomes `.output.<argument>`. So downstream values keep
 *   their known/unknown-ness, type and sensitivity; `fromSubstitutes` maps them back for the diff.
 * - backend_override.tf: a local backend (the S3 backend needs a bucket).
 * - provider_override.tf: fake credentials, no account lookup, and the STS and SSM endpoints at a
 *   loopback HTTP server in this process that answers the only calls the plan makes
 *   (sts:GetCallerIdentity for data.aws_caller_identity, ssm:GetParameter for the AMI parameters);
 *   every other call is answered with an error and recorded.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resource, StackModel } from '../../../src/model/resource.js';
import { isObjectValue, Unknown, type ObjectValue } from '../../../src/model/value.js';

export const mirror = '/opt/tf-plugins';
export const FAKE_ACCOUNT = '111122223333';
export const FAKE_AMI = 'ami-0123456789abcdef0';

/** Resource types of providers missing from the mirror, and their computed attributes that are sensitive. */
const SUBSTITUTED: Record<string, string[]> = {
  random_password: ['result', 'bcrypt_hash'],
  random_string: [],
  random_id: [],
  tls_private_key: ['private_key_pem', 'private_key_openssh', 'private_key_pem_pkcs8'],
  tls_self_signed_cert: [],
};
const META = new Set(['count', 'for_each', 'depends_on', 'provider']);

export type Substitutes = Map<string, { td: string; blocks: Set<string> }>;

export interface OfflinePlan {
  work: string;
  /** The copy's root module directory (planned). */
  dir: string;
  /** The unmodified snapshot of terraform/ (evaluated statically). */
  originalDir: string;
  changes: string[];
  /** Substituted resources: `<type>.<name>` (module-relative) → terraform_data name and the nested blocks made objects. */
  substitutes: Substitutes;
  /** Every AWS API call the plan made, as `service:Operation detail`. */
  calls: string[];
  /** Answers the fake endpoint refused (a call we did not expect). */
  refused: string[];
  /** The 'terraform plan' result. */
  plan: (varFile: string, name: string, vars?: Record<string, string>) => Promise<{ code: number; output: string; planJson?: string }>;
  /** `terraform providers schema -json` of the copy (the provider really installed: aws 5.100). */
  providerSchemas: () => Promise<ProviderSchemasJson>;
  close: () => Promise<void>;
}

export interface ProviderSchemasJson {
  provider_schemas: Record<
    string,
    { resource_schemas?: Record<string, { block: { attributes?: Record<string, { sensitive?: boolean }> } }> }
  >;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (e === '.terraform') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.tf')) out.push(p);
  }
  return out;
}

/** Strip string literals, so brackets inside them are not counted. */
const depthOf = (line: string) => {
  const bare = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/#.*$/, '');
  return (bare.match(/[{[(]/g)?.length ?? 0) - (bare.match(/[}\])]/g)?.length ?? 0);
};

/** Rewrite one resource block of a substituted type (formatted HCL, as `terraform fmt` leaves it). */
function substituteBlock(body: string[], type: string, name: string): { lines: string[]; args: Set<string>; nested: Set<string> } {
  const meta: string[] = [];
  const input: string[] = [];
  const args = new Set<string>();
  const nested = new Set<string>();
  let depth = 0;
  let target = meta;
  for (const line of body) {
    if (depth === 0) {
      const attr = /^\s*([A-Za-z_][\w-]*)\s*=/.exec(line);
      const block = /^\s*([A-Za-z_][\w-]*)\s*\{\s*$/.exec(line);
      if (attr) {
        target = META.has(attr[1]) ? meta : input;
        if (!META.has(attr[1])) args.add(attr[1]);
        target.push(line);
      } else if (block) {
        if (block[1] === 'lifecycle') {
          target = meta;
          target.push(line);
        } else {
          if (nested.has(block[1])) throw new Error(`${type}.${name}: repeated nested block ${block[1]} is not substituted`);
          nested.add(block[1]);
          args.add(block[1]);
          target = input;
          target.push(line.replace(/\{\s*$/, '= {'));
        }
      } else {
        (line.trim() === '' || line.trim().startsWith('#') ? meta : target).push(line);
      }
    } else {
      target.push(line);
    }
    depth += depthOf(line);
  }
  return { lines: [...meta, '  input = {', ...input.map((l) => `  ${l}`), '  }'], args, nested };
}

export function prepareCopy(repoRoot: string): { work: string; dir: string; originalDir: string; changes: string[]; substitutes: Substitutes } {
  const work = mkdtempSync(join(tmpdir(), 'stackcheck-stack-plan-'));
  // One snapshot of the working tree (others may be editing it): `original` is evaluated
  // statically, its copy `terraform` is planned. The root module reads
  // ${path.module}/../user-data/*.sh with templatefile(), so user-data/ comes along.
  const original = join(work, 'original');
  cpSync(join(repoRoot, 'terraform'), join(original, 'terraform'), {
    recursive: true,
    filter: (src) => !/[/\\](\.terraform|terraform\.tfstate[^/\\]*|\.terraform\.lock\.hcl)$/.test(src),
  });
  if (existsSync(join(repoRoot, 'user-data'))) cpSync(join(repoRoot, 'user-data'), join(original, 'user-data'), { recursive: true });
  cpSync(original, work, { recursive: true, filter: (src) => src !== join(original, 'original') });
  const dir = join(work, 'terraform');
  const changes: string[] = [];
  const substitutes: Substitutes = new Map();
  const files = walk(dir);
  // Pass 1: resource blocks of the missing providers.
  const argsOf = new Map<string, Set<string>>();
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const out: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const head = /^resource\s+"(\w+)"\s+"(\w+)"\s*\{\s*$/.exec(lines[i]);
      if (!head || !(head[1] in SUBSTITUTED)) {
        out.push(lines[i]);
        continue;
      }
      const [, type, name] = head;
      let j = i + 1;
      for (let depth = 1; j < lines.length; j++) {
        depth += depthOf(lines[j]);
        if (depth === 0) break;
      }
      const { lines: body, args, nested } = substituteBlock(lines.slice(i + 1, j), type, name);
      const td = `${type}_${name}`;
      out.push(`resource "terraform_data" "${td}" {`, ...body, '}');
      substitutes.set(`${type}.${name}`, { td, blocks: nested });
      argsOf.set(`${type}.${name}`, args);
      changes.push(`${file.slice(dir.length + 1)}: resource "${type}" "${name}" → terraform_data.${td} (arguments under input)`);
      i = j;
    }
    writeFileSync(file, out.join('\n'));
  }
  // Pass 2: references to them, and the required_providers entries.
  for (const file of files) {
    let text = readFileSync(file, 'utf8');
    const before = text;
    text = text.replace(/\b(random_\w+|tls_\w+)\.(\w+)((?:\[[^\]]*\])?)\.(\w+)/g, (all, type: string, name: string, index: string, attr: string) => {
      const td = substitutes.get(`${type}.${name}`)?.td;
      if (!td) return all;
      if (argsOf.get(`${type}.${name}`)!.has(attr)) return `terraform_data.${td}${index}.output.${attr}`;
      const ref = `terraform_data.${td}${index}.id`;
      return SUBSTITUTED[type].includes(attr) ? `sensitive(${ref})` : ref;
    });
    text = text.replace(/(\n\s*aws\s*=\s*\{[^}]*?version\s*=\s*)"~>\s*6\.\d+"/g, '$1">= 5.100"');
    text = text.replace(/\n\s*(random|tls)\s*=\s*\{[^}]*source\s*=\s*"hashicorp\/(random|tls)"[^}]*\}/g, '');
    if (text !== before) {
      writeFileSync(file, text);
      if (/required_providers/.test(before)) changes.push(`${file.slice(dir.length + 1)}: aws "~> 6.0" → ">= 5.100"; random/tls requirements removed`);
    }
  }
  writeFileSync(join(dir, 'backend_override.tf'), 'terraform {\n  backend "local" {}\n}\n');
  changes.push('backend_override.tf: local backend');
  return { work, dir, originalDir: join(original, 'terraform'), changes, substitutes };
}

/** What the loopback stand-in answers besides the caller identity and SSM parameters. */
export interface FakeAwsFacts {
  /** ec2:DescribeAvailabilityZones (data "aws_availability_zones"): zone names, in order. */
  availabilityZones?: string[];
}

/** The ec2:DescribeAvailabilityZones answer for these zones (EC2 query API XML). */
function availabilityZonesXml(names: string[]): string {
  const items = names
    .map((n, i) => {
      const region = n.replace(/[a-z]$/, '');
      return `<item><zoneName>${n}</zoneName><zoneState>available</zoneState><regionName>${region}</regionName><zoneId>${region}-az${i + 1}</zoneId><groupName>${region}</groupName><networkBorderGroup>${region}</networkBorderGroup><optInStatus>opt-in-not-required</optInStatus><zoneType>availability-zone</zoneType></item>`;
    })
    .join('');
  return `<DescribeAvailabilityZonesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>00000000-0000-0000-0000-000000000000</requestId><availabilityZoneInfo>${items}</availabilityZoneInfo></DescribeAvailabilityZonesResponse>`;
}

/** A loopback stand-in for the AWS APIs a plan reads (STS, SSM, and with facts EC2's zone list). */
export function fakeAws(calls: string[], refused: string[], facts: FakeAwsFacts = {}): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (facts.availabilityZones && /(^|&)Action=DescribeAvailabilityZones(&|$)/.test(body)) {
        calls.push('ec2:DescribeAvailabilityZones');
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(availabilityZonesXml(facts.availabilityZones));
        return;
      }
      if (target === 'AmazonSSM.GetParameter') {
        const name = String(JSON.parse(body).Name);
        calls.push(`ssm:GetParameter ${name}`);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({
          Parameter: { Name: name, Type: 'String', Value: FAKE_AMI, Version: 1, DataType: 'aws:ec2:image', ARN: `arn:aws:ssm:ap-northeast-2::parameter${name}`, LastModifiedDate: 1700000000 },
        }));
        return;
      }
      if (target === 'AWSStepFunctions.ValidateStateMachineDefinition') {
        // aws 5.100 validates a known state machine definition at plan time. The stand-in checks only
        // that it is JSON (what the static evaluation compares); the service's own checks stay AWS's.
        calls.push('states:ValidateStateMachineDefinition');
        let valid = true;
        try {
          JSON.parse(String(JSON.parse(body).definition));
        } catch {
          valid = false;
        }
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(valid ? { result: 'OK', diagnostics: [] } : { result: 'FAIL', diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: 'stackcheck offline endpoint: definition is not JSON' }] }));
        return;
      }
      if (/(^|&)Action=GetCallerIdentity(&|$)/.test(body)) {
        calls.push('sts:GetCallerIdentity');
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
            `<Arn>arn:aws:iam::${FAKE_ACCOUNT}:user/offline</Arn><UserId>AIDAOFFLINE</UserId><Account>${FAKE_ACCOUNT}</Account>` +
            '</GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
        );
        return;
      }
      refused.push(`${target || req.url} ${body.slice(0, 120)}`);
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'UnknownOperationException', message: `stackcheck offline endpoint: ${target || body.slice(0, 60)}` }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * The environment of an offline terraform run: providers from the filesystem mirror only (a CLI
 * configuration written into `work`), no checkpoint calls, no instance metadata, no AWS profile.
 */
export function offlineEnv(work: string): NodeJS.ProcessEnv {
  const rc = join(work, '.terraformrc');
  writeFileSync(
    rc,
    `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: rc, AWS_EC2_METADATA_DISABLED: 'true' };
  delete env.AWS_PROFILE;
  return env;
}

/** The aliases of the aws provider the stack configures (terraform/provider.tf). */
export const PROVIDER_ALIASES = ['backup_copy'];

export async function offlineStack(repoRoot: string): Promise<OfflinePlan> {
  const copy = prepareCopy(repoRoot);
  const calls: string[] = [];
  const refused: string[] = [];
  const { server, port } = await fakeAws(calls, refused);
  // Every configuration of the aws provider gets the same stand-in: the default one and the alias of
  // the backup copy region (terraform/provider.tf; an override block matches by name and alias).
  const override = (alias: string) => `provider "aws" {
${alias ? `  alias                       = "${alias}"\n` : ''}  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  # The account id comes from the loopback sts:GetCallerIdentity, so allowed_account_ids is checked
  # against it (the live tfvars pin the placeholder account ${FAKE_ACCOUNT}).
  skip_requesting_account_id  = false
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    sts = "http://127.0.0.1:${port}"
    ssm = "http://127.0.0.1:${port}"
  }
}
`;
  writeFileSync(join(copy.dir, 'provider_override.tf'), ['', ...PROVIDER_ALIASES].map(override).join('\n'));
  copy.changes.push(`provider_override.tf: fake credentials, STS and SSM at a loopback stand-in (also for ${PROVIDER_ALIASES.map((a) => `aws.${a}`).join(', ')})`);
  const env = offlineEnv(copy.work);
  const init = await run('terraform', ['init', '-input=false', '-no-color'], copy.dir, env);
  if (init.code !== 0) {
    server.close();
    throw new Error(`terraform init failed in the copy ${copy.dir}:\n${init.stderr}`);
  }
  return {
    ...copy,
    calls,
    refused,
    async plan(varFile, name, vars = {}) {
      const out = `${name}.tfplan`;
      const args = ['plan', '-input=false', '-refresh=false', '-lock=false', '-no-color', `-var-file=${varFile}`];
      for (const [k, v] of Object.entries(vars)) args.push(`-var=${k}=${v}`);
      const p = await run('terraform', [...args, `-out=${out}`], copy.dir, env);
      const output = `${p.stdout}\n${p.stderr}`;
      if (p.code !== 0) return { code: p.code, output };
      const show = await run('terraform', ['show', '-json', out], copy.dir, env);
      if (show.code !== 0) return { code: show.code, output: `${output}\n${show.stderr}` };
      const planJson = join(copy.work, `${name}.plan.json`);
      writeFileSync(planJson, show.stdout);
      return { code: 0, output, planJson };
    },
    async providerSchemas() {
      const r = await run('terraform', ['providers', 'schema', '-json'], copy.dir, env);
      if (r.code !== 0) throw new Error(`terraform providers schema failed:\n${r.stderr}`);
      return JSON.parse(r.stdout) as ProviderSchemasJson;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The plan's `terraform_data.<type>_<name>` stand-ins under their real addresses, the arguments
 * (their `input`) as the values, and their other attributes — computed by the real provider —
 * dropped (the static evaluation knows them as unknown; the stand-in cannot say more).
 */
export function fromSubstitutes(model: StackModel, substitutes: Substitutes): StackModel {
  const back = new Map([...substitutes].map(([real, s]) => [s.td, real]));
  const resources: Resource[] = model.resources.map((r) => {
    const real = r.type === 'terraform_data' ? back.get(r.name) : undefined;
    if (!real) return r;
    const [type, name] = real.split('.');
    const input = r.values.input;
    const values: ObjectValue = isObjectValue(input) ? { ...input } : {};
    // Nested blocks were written as objects; terraform lists a block as a list of objects.
    for (const k of substitutes.get(real)!.blocks) if (isObjectValue(values[k])) values[k] = [values[k]];
    const address = r.address.replace(`terraform_data.${r.name}`, `${type}.${name}`);
    return { ...r, type, name, address, values };
  });
  return { ...model, resources };
}

/** Leave only what the configuration sets (plus unknowns) in our values of a substituted resource. */
export function configuredOnly(model: StackModel, substitutes: Substitutes): StackModel {
  const types = new Set([...substitutes.keys()].map((k) => k.split('.')[0]));
  return {
    ...model,
    resources: model.resources.map((r) =>
      types.has(r.type)
        ? { ...r, values: Object.fromEntries(Object.entries(r.values).filter(([, v]) => !(v instanceof Unknown) && v !== null)) }
        : r,
    ),
  };
}
