import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { onPath, runScript, sandbox, shellcheck, shellcheckAvailable, shellcheckSkipReason, stubBin, type Sandbox, type ScriptRun } from './helpers.js';

const INSTANCE = 'i-0123456789abcdef0';
const CANARY = 'CANARY-s3cr3t-7f3a9c';
const BUCKET = 'dolbom-env-test';
const KEY = 'arn:aws:kms:ap-northeast-2:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

const ROLES_OF: Record<string, string[]> = { staging: ['api', 'web', 'ai-agent'], prod: ['api', 'web', 'ai-agent'], shared: ['livekit'] };

/** One env file per role of the environment (env/<env>/<role>.env), with the canary in the secrets; returns the first role's. */
function writeEnvFile(box: Sandbox, env: string, roles = ROLES_OF[env]!): string {
  const dir = join(box.envDir, env);
  mkdirSync(dir, { recursive: true });
  for (const role of roles) writeRoleFile(join(dir, `${role}.env`));
  return join(dir, `${roles[0]}.env`);
}

function writeRoleFile(file: string): void {
  writeFileSync(
    file,
    [
      'GHCR_ORG=example-org',
      `DATABASE_URL=postgresql://app:${CANARY}@rds.internal:5432/dolbom?sslmode=require`,
      `REDIS_URL=rediss://:${CANARY}@redis.internal:6379/0`,
      `LIVEKIT_API_SECRET=${CANARY}`,
      '',
    ].join('\n'),
  );
}

const noSecret = (run: ScriptRun) => {
  expect(run.stdout).not.toContain(CANARY);
  expect(run.stderr).not.toContain(CANARY);
  for (const c of run.calls) expect(c).not.toContain(CANARY);
};

const allScripts = ['setup-docker-context.sh', 'deploy.sh', 'env-sync.sh', 'db-bootstrap.sh'];

describe('scripts: lint', () => {
  it.skipIf(!shellcheckAvailable)(`shellcheck: zero findings in scripts/*.sh, scripts/lib and the stand-ins ${shellcheckAvailable ? '' : `(skipped: ${shellcheckSkipReason})`}`, () => {
    const hostBin = join(stubBin, '..', 'host-bin');
    const stubs = [
      ...readdirSync(stubBin).map((f) => join(stubBin, f)),
      ...readdirSync(hostBin).map((f) => join(hostBin, f)),
      join(stubBin, '..', 'user-data-sandbox.sh'),
    ];
    expect(shellcheck([...allScripts.map((s) => join('scripts', s)), 'scripts/lib/common.sh', ...stubs])).toBe('');
  });

  it('bash strict mode, executable, usage on --help', () => {
    for (const s of allScripts) {
      const path = join(repoRoot, 'scripts', s);
      expect(readFileSync(path, 'utf8'), s).toMatch(/^#!\/usr\/bin\/env bash\n[\s\S]*?\nset -euo pipefail\n/);
      expect(statSync(path).mode & 0o111, `${s} is executable`).not.toBe(0);
      const r = runScript(sandbox(), s, ['--help']);
      expect(r.status, s).toBe(0);
      expect(r.stdout, s).toMatch(/^usage: scripts\//);
    }
  });
});

describe('refusals: bad input exits 2 with the valid values, and touches nothing', () => {
  const cases: [string, string[], RegExp][] = [
    ['deploy.sh', ['dev', 'api'], /unknown environment 'dev' \(valid: staging, prod, shared\)/],
    ['deploy.sh', ['staging', 'livekit'], /unknown role 'livekit' for environment 'staging' \(valid for staging: api, web, ai-agent\)/],
    ['deploy.sh', ['shared', 'api'], /unknown role 'api' for environment 'shared' \(valid for shared: livekit\)/],
    ['deploy.sh', ['staging'], /expected <env> <role>, got 1 argument/],
    ['deploy.sh', ['staging', 'api', '--force'], /unknown option '--force'/],
    ['setup-docker-context.sh', ['prod', 'db'], /unknown role 'db' for environment 'prod'/],
    ['setup-docker-context.sh', ['prod', 'api', '--instance-id', 'i-zz'], /not an instance id: 'i-zz'/],
    ['env-sync.sh', ['sync', 'staging'], /unknown action 'sync' \(valid: push, pull\)/],
    ['env-sync.sh', ['push', 'qa'], /unknown environment 'qa'/],
  ];
  it.each(cases)('%s %j', (script, args, message) => {
    const box = sandbox({ FAKE_INSTANCE_IDS: INSTANCE, ENV_BUCKET: BUCKET });
    const r = runScript(box, script, args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage: scripts\//);
    expect(r.calls).toEqual([]);
  });
});

describe('setup-docker-context.sh', () => {
  const describeCall = (env: string, role: string) =>
    `aws ec2 describe-instances --region ap-northeast-2 --filters Name=tag:Project\\,Values=dolbom Name=tag:Environment\\,Values=${env} Name=tag:Role\\,Values=${role} Name=instance-state-name\\,Values=running --query Reservations\\[\\].Instances\\[\\].InstanceId --output text`;

  it('finds the running instance by tags, creates key, ssh config and context; a second run changes nothing', () => {
    const box = sandbox({ FAKE_INSTANCE_IDS: INSTANCE });
    const first = runScript(box, 'setup-docker-context.sh', ['staging', 'api']);
    expect(first.stderr).toContain('done (4 change(s))');
    expect(first.status).toBe(0);
    const key = join(box.home, '.ssh', 'dolbom_ed25519');
    expect(first.calls).toEqual([
      describeCall('staging', 'api'),
      `ssh-keygen -q -t ed25519 -N '' -C dolbom-operator-operator -f ${key}`,
      'docker context inspect staging-api --format \\{\\{.Endpoints.docker.Host\\}\\}',
      `docker context create staging-api --description dolbom\\ staging\\ api\\ via\\ SSM\\ \\(${INSTANCE}\\) --docker host=ssh://ec2-user@${INSTANCE}`,
    ]);

    const sshConfig = readFileSync(join(box.home, '.ssh', 'config'), 'utf8');
    expect(sshConfig.split('\n')[0]).toBe('Include dolbom.conf');
    const managed = readFileSync(join(box.home, '.ssh', 'dolbom.conf'), 'utf8');
    expect(managed).toContain(`Host ${INSTANCE}\n  User ec2-user\n  IdentityFile "${key}"\n`);
    expect(managed).toContain(
      `ProxyCommand sh -c 'aws ec2-instance-connect send-ssh-public-key --region "$1" --instance-id "$2" --instance-os-user "$3" --ssh-public-key "file://$4" >/dev/null && exec aws ssm start-session --region "$1" --target "$2" --document-name AWS-StartSSHSession --parameters "portNumber=$5"' dolbom-proxy 'ap-northeast-2' %h %r '${key}.pub' %p`,
    );
    expect(statSync(join(box.home, '.ssh', 'dolbom.conf')).mode & 0o077).toBe(0);

    const snapshot = () => [readFileSync(join(box.home, '.ssh', 'config'), 'utf8'), readFileSync(join(box.home, '.ssh', 'dolbom.conf'), 'utf8')];
    const before = snapshot();
    const second = runScript(box, 'setup-docker-context.sh', ['staging', 'api']);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain('already set up; nothing changed');
    // only lookups: no key generation, no context create/update
    expect(second.calls).toEqual([describeCall('staging', 'api'), 'docker context inspect staging-api --format \\{\\{.Endpoints.docker.Host\\}\\}']);
    expect(snapshot()).toEqual(before);
  });

  // m18: the real OpenSSH is the oracle for how the block is parsed and how the ProxyCommand is run
  // (its shell, its %-tokens); the stand-in aws records the argv each of its two calls receives.
  it.skipIf(!existsSync('/usr/bin/ssh'))("a key path with spaces, a quote and a %: the real ssh reads IdentityFile whole and runs the ProxyCommand with each argument intact", () => {
    const box = sandbox({ FAKE_INSTANCE_IDS: INSTANCE });
    const keyDir = join(box.home, "Jane's Keys 100%");
    mkdirSync(keyDir, { recursive: true });
    const key = join(keyDir, 'dolbom key');
    const setup = runScript(box, 'setup-docker-context.sh', ['staging', 'api'], { DOLBOM_SSH_KEY: key });
    expect(setup.status, setup.stderr).toBe(0);
    const managed = join(box.home, '.ssh', 'dolbom.conf');
    // ssh resolves ~ and relative Includes from the passwd home, not $HOME: read the block by path,
    // keep ControlMaster and known_hosts inside the sandbox.
    const sshArgs = ['-F', managed, '-o', 'ControlMaster=no', '-o', 'ControlPath=none', '-o', `UserKnownHostsFile=${join(box.root, 'known_hosts')}`, '-o', 'BatchMode=yes'];
    const before = readFileSync(box.log, 'utf8').length;
    // The stand-in session fails at once, so ssh ends ("Connection closed") after running the ProxyCommand.
    const connect = spawnSync('/usr/bin/ssh', ['-v', ...sshArgs, '-o', 'ConnectTimeout=10', INSTANCE, 'true'], {
      env: { ...box.env, SHELL: '/bin/sh', FAKE_SSM_SESSION_FAIL: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(connect.status).toBe(255);
    // IdentityFile read as one path, %% expanded back to %
    expect(connect.stderr).toContain(`debug1: identity file ${key} type`);
    const calls = readFileSync(box.log, 'utf8').slice(before).split('\n').filter(Boolean);
    const q = (s: string) => spawnSync('bash', ['-c', 'printf %q "$1"', '_', s], { encoding: 'utf8' }).stdout;
    expect(calls).toEqual([
      `aws ec2-instance-connect send-ssh-public-key --region ap-northeast-2 --instance-id ${INSTANCE} --instance-os-user ec2-user --ssh-public-key ${q(`file://${key}.pub`)}`,
      `aws ssm start-session --region ap-northeast-2 --target ${INSTANCE} --document-name AWS-StartSSHSession --parameters portNumber=22`,
    ]);
  });

  it('a key path with a double quote is refused before anything is written', () => {
    const box = sandbox({ FAKE_INSTANCE_IDS: INSTANCE });
    const r = runScript(box, 'setup-docker-context.sh', ['staging', 'api'], { DOLBOM_SSH_KEY: join(box.home, 'a"b', 'key') });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the operator key path must not contain a double quote or a newline');
    expect(existsSync(join(box.home, '.ssh'))).toBe(false);
  });

  it('keeps an existing ~/.ssh/config below the Include, and other contexts untouched', () => {
    const box = sandbox({ FAKE_INSTANCE_IDS: INSTANCE });
    mkdirSync(join(box.home, '.ssh'), { recursive: true });
    writeFileSync(join(box.home, '.ssh', 'config'), 'Host github.com\n  User git\n');
    expect(runScript(box, 'setup-docker-context.sh', ['staging', 'api']).status).toBe(0);
    expect(runScript(box, 'setup-docker-context.sh', ['prod', 'web'], { FAKE_INSTANCE_IDS: 'i-0fedcba9876543210' }).status).toBe(0);
    expect(readFileSync(join(box.home, '.ssh', 'config'), 'utf8')).toBe('Include dolbom.conf\nHost github.com\n  User git\n');
    const managed = readFileSync(join(box.home, '.ssh', 'dolbom.conf'), 'utf8');
    expect(managed).toContain(`# BEGIN dolbom staging-api\nHost ${INSTANCE}\n`);
    expect(managed).toContain('# BEGIN dolbom prod-web\nHost i-0fedcba9876543210\n');
  });

  it('a replaced instance: the block and the context are updated, not duplicated', () => {
    const box = sandbox({ FAKE_INSTANCE_IDS: INSTANCE });
    runScript(box, 'setup-docker-context.sh', ['staging', 'api']);
    const replaced = 'i-0aaaaaaaaaaaaaaaa';
    const r = runScript(box, 'setup-docker-context.sh', ['staging', 'api'], { FAKE_INSTANCE_IDS: replaced });
    expect(r.status).toBe(0);
    expect(r.calls).toContain(`docker context update staging-api --description dolbom\\ staging\\ api\\ via\\ SSM\\ \\(${replaced}\\) --docker host=ssh://ec2-user@${replaced}`);
    const managed = readFileSync(join(box.home, '.ssh', 'dolbom.conf'), 'utf8');
    expect(managed).toContain(`Host ${replaced}`);
    expect(managed).not.toContain(`Host ${INSTANCE}`);
    expect(managed.match(/# BEGIN dolbom staging-api/g)).toHaveLength(1);
  });

  it('--dry-run looks up and prints, but writes nothing', () => {
    const box = sandbox({ FAKE_INSTANCE_IDS: INSTANCE });
    const r = runScript(box, 'setup-docker-context.sh', ['shared', 'livekit', '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([describeCall('shared', 'livekit'), 'docker context inspect shared-livekit --format \\{\\{.Endpoints.docker.Host\\}\\}']);
    expect(r.stderr).toMatch(/would run: docker context create shared-livekit/);
    expect(r.stderr).toMatch(/would run: ssh-keygen/);
    expect(existsSync(join(box.home, '.ssh'))).toBe(false);
  });

  it('no running instance, or several: a clear error, no context', () => {
    const none = runScript(sandbox({ FAKE_INSTANCE_IDS: '' }), 'setup-docker-context.sh', ['prod', 'ai-agent']);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no running instance for prod/ai-agent (tags Project=dolbom Environment=prod Role=ai-agent)');
    const two = runScript(sandbox({ FAKE_INSTANCE_IDS: `${INSTANCE}\ti-0bbbbbbbbbbbbbbbb` }), 'setup-docker-context.sh', ['prod', 'ai-agent']);
    expect(two.status).toBe(1);
    expect(two.stderr).toContain(`several running instances for prod/ai-agent: ${INSTANCE} i-0bbbbbbbbbbbbbbbb`);
    for (const r of [none, two]) expect(r.calls.filter((c) => c.startsWith('docker context create'))).toEqual([]);
  });

  it.skipIf(!onPath('jq'))('--from-terraform reads terraform output -json instance_ids (jq)', () => {
    const ids = JSON.stringify({ staging: { api: 'i-0cccccccccccccccc', web: 'i-0dddddddddddddddd' }, shared: { livekit: INSTANCE } });
    const box = sandbox({ FAKE_TF_INSTANCE_IDS: ids, DOLBOM_TF_DIR: '/srv/tf' });
    const r = runScript(box, 'setup-docker-context.sh', ['shared', 'livekit', '--from-terraform']);
    expect(r.status).toBe(0);
    expect(r.calls[0]).toBe('terraform -chdir=/srv/tf output -json instance_ids');
    expect(r.calls.some((c) => c.startsWith('aws ec2 describe-instances'))).toBe(false);
    expect(r.calls).toContain(`docker context create shared-livekit --description dolbom\\ shared\\ livekit\\ via\\ SSM\\ \\(${INSTANCE}\\) --docker host=ssh://ec2-user@${INSTANCE}`);
  });
});

describe('deploy.sh', () => {
  const upCall = (box: Sandbox, env: string, role: string, dir: string, verb: string) => {
    const compose = join(repoRoot, 'compose', dir);
    return `docker --context ${env}-${role} compose --project-directory ${compose} -f ${compose}/docker-compose.yml --env-file ${join(box.envDir, env, `${role}.env`)} ${verb}`;
  };

  it('runs docker --context <env>-<role> compose up -d with the env file, after checking it locally', () => {
    const box = sandbox();
    writeEnvFile(box, 'staging');
    const envFile = join(box.envDir, 'staging', 'ai-agent.env');
    mkdirSync(join(box.docker, 'contexts'), { recursive: true });
    writeFileSync(join(box.docker, 'contexts', 'staging-ai-agent'), `ssh://ec2-user@${INSTANCE}\n`);
    const r = runScript(box, 'deploy.sh', ['staging', 'ai-agent']);
    expect(r.status).toBe(0);
    const compose = join(repoRoot, 'compose', 'ai-agent', 'docker-compose.yml');
    expect(r.calls).toEqual([
      `docker compose -f ${compose} --env-file ${envFile} config --quiet`,
      'docker context inspect staging-ai-agent',
      upCall(box, 'staging', 'ai-agent', 'ai-agent', 'up -d --remove-orphans --wait --wait-timeout 600'),
      upCall(box, 'staging', 'ai-agent', 'ai-agent', 'ps'),
    ]);
    noSecret(r);
  });

  it('maps every role to its compose directory (livekit from env/shared)', () => {
    const box = sandbox();
    for (const env of ['staging', 'prod', 'shared']) writeEnvFile(box, env);
    const map: [string, string, string][] = [
      ['prod', 'api', 'api-server'],
      ['prod', 'web', 'web-server'],
      ['prod', 'ai-agent', 'ai-agent'],
      ['shared', 'livekit', 'livekit'],
    ];
    for (const [env, role, dir] of map) {
      const r = runScript(box, 'deploy.sh', [env, role, '--dry-run']);
      expect(r.status, `${env} ${role}`).toBe(0);
      expect(r.stderr).toContain(`would run: ${upCall(box, env, role, dir, 'up -d --remove-orphans --wait --wait-timeout 600')}`);
      expect(r.stderr).toContain(`container logs -> CloudWatch Logs group /dolbom/containers/${env}/${role} `);
      // dry run: only the local config check ran
      expect(r.calls, `${env} ${role}`).toEqual([`docker compose -f ${join(repoRoot, 'compose', dir, 'docker-compose.yml')} --env-file ${join(box.envDir, env, `${role}.env`)} config --quiet`]);
      noSecret(r);
    }
  });

  it('services that do not become healthy: shows their state and fails with what to do next', () => {
    const box = sandbox();
    writeEnvFile(box, 'prod');
    mkdirSync(join(box.docker, 'contexts'), { recursive: true });
    writeFileSync(join(box.docker, 'contexts', 'prod-web'), `ssh://ec2-user@${INSTANCE}\n`);
    const r = runScript(box, 'deploy.sh', ['prod', 'web'], { FAKE_COMPOSE_UP_FAIL: '1', DEPLOY_WAIT_TIMEOUT: '30' });
    expect(r.status).toBe(1);
    expect(r.calls.slice(-2)).toEqual([upCall(box, 'prod', 'web', 'web-server', 'up -d --remove-orphans --wait --wait-timeout 30'), upCall(box, 'prod', 'web', 'web-server', 'ps')]);
    expect(r.stderr).toContain('web on prod is not healthy after 30s: docker --context prod-web logs --tail 200 <container>');
  });

  it('missing env file: a clear error naming the file and the fix, nothing run', () => {
    const box = sandbox();
    const r = runScript(box, 'deploy.sh', ['prod', 'api']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`missing ${join(box.envDir, 'prod', 'api.env')}: restore it with 'scripts/env-sync.sh pull prod'`);
    expect(r.calls).toEqual([]);
  });

  it('an env file compose rejects, or a missing context: stops before touching the host', () => {
    const box = sandbox();
    writeEnvFile(box, 'staging');
    const bad = runScript(box, 'deploy.sh', ['staging', 'api'], { FAKE_COMPOSE_CONFIG_FAIL: '1' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('does not satisfy');
    expect(bad.calls.some((c) => c.includes(' up '))).toBe(false);
    const noContext = runScript(box, 'deploy.sh', ['staging', 'api']);
    expect(noContext.status).toBe(1);
    expect(noContext.stderr).toContain("no docker context 'staging-api': run scripts/setup-docker-context.sh staging api");
    expect(noContext.calls.some((c) => c.includes(' up '))).toBe(false);
  });
});

const zipTools = onPath('zip') && onPath('unzip');
describe.skipIf(!zipTools)(`env-sync.sh ${zipTools ? '' : '(skipped: zip/unzip not installed)'}`, () => {
  it('push: env.zip and each <role>.env to the bucket, all under the bucket\'s own KMS key (--sse-kms-key-id); bucket and key from terraform when unset', () => {
    const box = sandbox({ FAKE_TF_ENV_BUCKET: BUCKET, FAKE_TF_ENV_KEY: KEY, DOLBOM_TF_DIR: '/srv/tf' });
    writeEnvFile(box, 'prod', ['api', 'ai-agent']);
    const r = runScript(box, 'env-sync.sh', ['push', 'prod']);
    expect(r.status).toBe(0);
    expect(r.calls.slice(0, 2)).toEqual(['terraform -chdir=/srv/tf output -raw env_bucket', 'terraform -chdir=/srv/tf output -raw env_files_kms_key_arn']);
    // The bucket policy refuses a put that names no key or another one (modules/iam DenyOtherKmsKeys).
    expect(r.calls.slice(2).map((c) => c.replace(/\/\.env-sync\.\w+\//, '/<work>/'))).toEqual([
      `aws s3 cp --only-show-errors --sse aws:kms --sse-kms-key-id ${KEY} ${box.envDir}/<work>/env.zip s3://${BUCKET}/prod/env.zip`,
      `aws s3 cp --only-show-errors --sse aws:kms --sse-kms-key-id ${KEY} ${box.envDir}/prod/api.env s3://${BUCKET}/prod/api.env`,
      `aws s3 cp --only-show-errors --sse aws:kms --sse-kms-key-id ${KEY} ${box.envDir}/prod/ai-agent.env s3://${BUCKET}/prod/ai-agent.env`,
    ]);
    for (const role of ['api', 'ai-agent']) {
      expect(readFileSync(join(box.s3, BUCKET, 'prod', `${role}.env`), 'utf8')).toBe(readFileSync(join(box.envDir, 'prod', `${role}.env`), 'utf8'));
    }
    // a role without a file keeps its object; nothing is uploaded under the old shared name
    expect(r.stderr).toContain(`no ${box.envDir}/prod/web.env: s3://${BUCKET}/prod/web.env left as it is`);
    expect(existsSync(join(box.s3, BUCKET, 'prod', '.env'))).toBe(false);
    // the work folder (plaintext zip) is gone, and it lived inside env/
    expect(readdirSync(box.envDir)).toEqual(['prod']);
    noSecret(r);
  });

  it('push without a known KMS key stops before any upload, naming how to give it', () => {
    const box = sandbox({ ENV_BUCKET: BUCKET });
    writeEnvFile(box, 'staging');
    const r = runScript(box, 'env-sync.sh', ['push', 'staging']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cannot read 'terraform output env_files_kms_key_arn'");
    expect(r.stderr).toContain('set ENV_KMS_KEY_ARN');
    expect(r.calls.filter((c) => c.startsWith('aws '))).toEqual([]);
  });

  it('push without any <role>.env fails naming the expected files; a leftover .env is warned about', () => {
    const box = sandbox({ ENV_BUCKET: BUCKET, ENV_KMS_KEY_ARN: KEY });
    mkdirSync(join(box.envDir, 'staging'), { recursive: true });
    writeRoleFile(join(box.envDir, 'staging', '.env'));
    const none = runScript(box, 'env-sync.sh', ['push', 'staging']);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('(roles of staging: api, web, ai-agent): nothing to push');
    expect(none.calls).toEqual([]);
    writeRoleFile(join(box.envDir, 'staging', 'web.env'));
    const warned = runScript(box, 'env-sync.sh', ['push', 'staging']);
    expect(warned.status).toBe(0);
    expect(warned.stderr).toContain('.env is read by no host');
  });

  it('pull: restores the folder; identical content changes nothing; different content is backed up first', () => {
    const box = sandbox({ ENV_BUCKET: BUCKET, ENV_KMS_KEY_ARN: KEY });
    const envFile = writeEnvFile(box, 'staging');
    expect(runScript(box, 'env-sync.sh', ['push', 'staging']).status).toBe(0);
    const original = readFileSync(envFile, 'utf8');

    const same = runScript(box, 'env-sync.sh', ['pull', 'staging']);
    expect(same.status).toBe(0);
    expect(same.stderr).toContain('already matches');
    expect(readdirSync(box.envDir).sort()).toEqual(['staging']);

    writeFileSync(envFile, `${original}LOCAL_EDIT=1\n`);
    const restored = runScript(box, 'env-sync.sh', ['pull', 'staging']);
    expect(restored.status).toBe(0);
    expect(restored.calls.map((c) => c.replace(/\/\.env-sync\.\w+\//, '/<work>/'))).toEqual([
      `aws s3 cp --only-show-errors s3://${BUCKET}/staging/env.zip ${box.envDir}/<work>/env.zip`,
    ]);
    expect(readFileSync(envFile, 'utf8')).toBe(original);
    const backups = readdirSync(box.envDir).filter((d) => d.startsWith('staging.backup-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(box.envDir, backups[0]!, 'api.env'), 'utf8')).toContain('LOCAL_EDIT=1');
    expect(statSync(join(box.envDir, 'staging')).mode & 0o077).toBe(0);
    for (const r of [same, restored]) noSecret(r);
  });

  it('pull of a missing object fails without touching the local folder; --dry-run transfers nothing', () => {
    const box = sandbox({ ENV_BUCKET: BUCKET, ENV_KMS_KEY_ARN: KEY });
    const envFile = writeEnvFile(box, 'shared');
    const before = readFileSync(envFile, 'utf8');
    const missing = runScript(box, 'env-sync.sh', ['pull', 'shared']);
    expect(missing.status).not.toBe(0);
    expect(readFileSync(envFile, 'utf8')).toBe(before);
    expect(readdirSync(box.envDir)).toEqual(['shared']);

    const dry = runScript(box, 'env-sync.sh', ['push', 'shared', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.calls).toEqual([]);
    expect(dry.stderr).toMatch(/would run: aws s3 cp --only-show-errors --sse aws:kms --sse-kms-key-id arn:aws:kms:\S+ .*env\.zip s3:\/\/dolbom-env-test\/shared\/env\.zip/);
    expect(existsSync(join(box.s3, BUCKET))).toBe(false);
    noSecret(dry);
  });
});
