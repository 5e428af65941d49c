/**
 * The application database roles (B3): scripts/db-bootstrap.sh with stand-ins (SSM tunnel, the
 * master secret read with the operator's credentials, psql), scripts/db/app-roles.sql run for real
 * against a local PostgreSQL (twice: idempotent; privileges checked), the host's token refresher
 * extracted from the rendered user-data and run for real, and one name list for the roles across
 * terraform, user-data, compose and the SQL.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../helpers/paths.js';
import { runScript, sandbox, stubBin, type ScriptRun } from './helpers.js';
import { renderUserData, sampleVars } from './templates.js';

const CANARY = 'CANARY-master-pw-5e1d';
const ADDRESS = 'dolbom-staging.abcdefghijkl.ap-northeast-2.rds.amazonaws.com';
const SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!db-0123-abcdef';
const API_INSTANCE = 'i-0123456789abcdef0';
const BOOTSTRAP = JSON.stringify({ staging: { address: ADDRESS, master_secret_arn: SECRET_ARN, api_instance_id: API_INSTANCE } });
const ROLES = ['dolbom_api', 'dolbom_indexing', 'dolbom_transcripts'];
const sqlFile = join(repoRoot, 'scripts', 'db', 'app-roles.sql');

function bootstrap(args: string[], extra: NodeJS.ProcessEnv = {}): ScriptRun & { sql: string; box: ReturnType<typeof sandbox> } {
  const box = sandbox();
  const bundle = join(box.root, 'rds-ca.pem');
  writeFileSync(bundle, '-----BEGIN CERTIFICATE-----\nstand-in\n-----END CERTIFICATE-----\n');
  const sql = join(box.root, 'applied.sql');
  const run = runScript(box, 'db-bootstrap.sh', args, {
    FAKE_TF_DATABASE_BOOTSTRAP: BOOTSTRAP,
    FAKE_DB_MASTER_PASSWORD: CANARY,
    FAKE_PSQL_SQL: sql,
    DOLBOM_RDS_CA_BUNDLE: bundle,
    DB_BOOTSTRAP_TUNNEL_WAIT: '10',
    ...extra,
  });
  return { ...run, sql, box };
}

const noSecret = (run: ScriptRun) => {
  expect(run.stdout).not.toContain(CANARY);
  expect(run.stderr).not.toContain(CANARY);
  for (const c of run.calls) expect(c).not.toContain(CANARY);
};

describe('scripts/db-bootstrap.sh (stand-ins for aws, the Session Manager plugin and psql)', () => {
  it('tunnels through the api host, reads the master secret with the operator credentials, runs app-roles.sql with verify-full', () => {
    const r = bootstrap(['staging']);
    expect(r.status, r.stderr).toBe(0);
    const session = r.calls.find((c) => c.startsWith('aws ssm start-session'));
    expect(session).toContain(`--target ${API_INSTANCE}`);
    expect(session).toContain('--document-name AWS-StartPortForwardingSessionToRemoteHost');
    expect(session).toContain(`host=${ADDRESS}\\,portNumber=5432\\,localPortNumber=15432`);
    expect(r.calls).toContain(`aws secretsmanager get-secret-value --region ap-northeast-2 --secret-id ${SECRET_ARN.replace('!', '\\!')} --query SecretString --output text`);
    const psql = r.calls.find((c) => c.startsWith('psql '))!;
    for (const part of [`host=${ADDRESS}`, 'hostaddr=127.0.0.1', 'port=15432', 'dbname=dolbom', 'sslmode=verify-full', 'user=dolbom_admin', 'ON_ERROR_STOP=1']) {
      expect(psql, part).toContain(part);
    }
    expect(r.calls).toContain('psql-env PGPASSWORD=set');
    expect(readFileSync(r.sql, 'utf8')).toBe(readFileSync(sqlFile, 'utf8'));
    noSecret(r);
  });

  it('a tunnel that does not open stops before the secret is read; a psql failure is an error', () => {
    const noTunnel = bootstrap(['staging'], { FAKE_SSM_SESSION_FAIL: '1' });
    expect(noTunnel.status).toBe(1);
    expect(noTunnel.stderr).toMatch(/the SSM session ended/);
    expect(noTunnel.calls.some((c) => c.startsWith('aws secretsmanager'))).toBe(false);
    expect(noTunnel.calls.some((c) => c.startsWith('psql'))).toBe(false);

    const failed = bootstrap(['staging'], { FAKE_PSQL_FAIL: '1' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/psql failed: the roles of staging are not \(all\) in place/);
    noSecret(failed);
  });

  it('--dry-run prints the session and psql commands and connects to nothing; bad input exits 2', () => {
    const dry = bootstrap(['staging', '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/would run: aws ssm start-session .*AWS-StartPortForwardingSessionToRemoteHost/);
    expect(dry.calls.filter((c) => c.startsWith('aws ') || c.startsWith('psql'))).toEqual([]);
    for (const args of [[], ['shared'], ['staging', 'prod'], ['staging', '--local-port', 'x']]) {
      const r = bootstrap(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.calls.filter((c) => !c.startsWith('terraform'))).toEqual([]);
    }
  });

  it('an environment missing from the terraform output is named', () => {
    const r = bootstrap(['prod']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('terraform output database_bootstrap has no address for prod');
  });
});

// ---------------------------------------------------------------------------------------------
// The SQL against a real PostgreSQL: the master user is a CREATEROLE, non-superuser role (as the
// RDS master user, a member of rds_superuser, is), rds_iam a plain role as RDS provides it.
const pgTools = ['initdb', 'pg_ctl', 'psql'].every((t) => spawnSync('bash', ['-c', `command -v ${t}`]).status === 0);
const asPostgres = process.getuid?.() === 0 ? spawnSync('id', ['postgres']).status === 0 : true;
const pgSkip = !pgTools ? 'PostgreSQL (initdb, pg_ctl, psql) not installed' : 'running as root without a postgres user';

describe.skipIf(!pgTools || !asPostgres)(`app-roles.sql on a real PostgreSQL ${pgTools && asPostgres ? '' : `(skipped: ${pgSkip})`}`, () => {
  it('runs twice without error; each role gets exactly its privileges, logs in only with rds_iam', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-roles-'));
    chmodSync(dir, 0o777);
    const asUser = (cmd: string[]) => (process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...cmd] : cmd);
    const sh = (cmd: string[]) => {
      const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', timeout: 60_000 });
      if (r.status !== 0) throw new Error(`${cmd.join(' ')}: ${r.stderr}${r.stdout}`);
      return r.stdout;
    };
    const psql = (user: string, ...args: string[]) => sh(['psql', '-h', dir, '-U', user, '-d', 'dolbom', '-X', '-At', '-v', 'ON_ERROR_STOP=1', ...args]);
    sh(asUser(['initdb', '-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres']));
    sh(asUser(['pg_ctl', '-D', join(dir, 'data'), '-o', `-k ${dir} -c listen_addresses=''`, '-l', join(dir, 'log'), '-w', 'start']));
    try {
      sh(['psql', '-h', dir, '-U', 'postgres', '-d', 'postgres', '-c', 'CREATE ROLE rds_iam', '-c', 'CREATE ROLE dolbom_admin LOGIN CREATEROLE', '-c', 'CREATE DATABASE dolbom OWNER dolbom_admin']);
      psql('dolbom_admin', '-q', '-f', sqlFile);
      psql('dolbom_admin', '-q', '-f', sqlFile); // again: idempotent
      // The API (schema owner) creates a table by migration; the defaults give the others their share.
      psql('dolbom_admin', '-c', 'SET ROLE dolbom_api', '-c', 'CREATE TABLE app.calls (id serial PRIMARY KEY, note text)');
      const q = (sql: string) => psql('postgres', '-c', sql).trim();
      const table = (role: string, priv: string) => q(`SELECT has_table_privilege('${role}', 'app.calls', '${priv}')`);
      expect(['SELECT', 'INSERT', 'UPDATE', 'DELETE'].map((p) => table('dolbom_indexing', p))).toEqual(['t', 't', 't', 't']);
      expect(['SELECT', 'INSERT', 'UPDATE', 'DELETE'].map((p) => table('dolbom_transcripts', p))).toEqual(['t', 't', 'f', 'f']);
      expect(q(`SELECT has_schema_privilege('dolbom_indexing', 'app', 'CREATE')`)).toBe('f');
      expect(q(`SELECT has_schema_privilege('dolbom_api', 'app', 'CREATE')`)).toBe('t');
      expect(q(`SELECT has_sequence_privilege('dolbom_transcripts', 'app.calls_id_seq', 'USAGE')`)).toBe('t');
      expect(q(`SELECT has_database_privilege('public', 'dolbom', 'CONNECT')`)).toBe('f');
      expect(q(`SELECT string_agg(rolname || ':' || rolcanlogin || ':' || rolsuper || ':' || (rolpassword IS NULL), ',' ORDER BY rolname) FROM pg_authid WHERE rolname LIKE 'dolbom\\_%' AND rolname <> 'dolbom_admin'`)).toBe(
        ROLES.map((r) => `${r}:true:false:true`).join(','),
      );
      for (const r of ROLES) expect(q(`SELECT pg_has_role('${r}', 'rds_iam', 'MEMBER')`), r).toBe('t');
    } finally {
      spawnSync(asUser(['pg_ctl', '-D', join(dir, 'data'), '-m', 'fast', 'stop'])[0]!, asUser(['pg_ctl', '-D', join(dir, 'data'), '-m', 'fast', 'stop']).slice(1));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

// ---------------------------------------------------------------------------------------------
describe('the host token refresher (extracted from the rendered user-data, run with a stand-in aws)', () => {
  const refresher = (role: 'api-server' | 'ai-agent') => {
    const text = renderUserData(role, sampleVars(role, false));
    const m = /cat >\/usr\/local\/lib\/dolbom\/db-token\.sh <<'SH'\n([\s\S]*?)\nSH\n/.exec(text);
    expect(m, 'db-token.sh heredoc').not.toBeNull();
    const users = /^install_db_token_refresher (.+)$/m.exec(text)![1]!.split(' ');
    return { script: m![1]!, users };
  };

  it('writes one fresh token per database user of the host, read by the application at connect time', () => {
    const { script, users } = refresher('api-server');
    expect(users).toEqual(['dolbom_api', 'dolbom_indexing']);
    const dir = mkdtempSync(join(tmpdir(), 'db-token-'));
    const file = join(dir, 'db-token.sh');
    writeFileSync(file, script, { mode: 0o755 });
    writeFileSync(join(dir, '.env'), `GHCR_ORG=x\nDATABASE_HOST="${ADDRESS}"\n`);
    const log = join(dir, 'calls.log');
    writeFileSync(log, '');
    const env = { PATH: `${stubBin}:${process.env.PATH}`, STUB_LOG: log, DOLBOM_DB_TOKEN_DIR: join(dir, 'tokens') };
    const r = spawnSync('bash', [file, 'ap-northeast-2', join(dir, '.env'), ...users], { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const user of users) {
      const token = join(dir, 'tokens', user, 'token');
      expect(readFileSync(token, 'utf8')).toContain(`${ADDRESS}:5432/?Action=connect&DBUser=${user}&`);
      expect(statSync(token).mode & 0o777).toBe(0o644);
    }
    expect(readFileSync(log, 'utf8')).toContain(`aws rds generate-db-auth-token --region ap-northeast-2 --hostname ${ADDRESS} --port 5432 --username dolbom_indexing`);
    writeFileSync(join(dir, '.env'), 'GHCR_ORG=x\n');
    const none = spawnSync('bash', [file, 'ap-northeast-2', join(dir, '.env'), ...users], { env, encoding: 'utf8' });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no DATABASE_HOST');
  });
});

// ---------------------------------------------------------------------------------------------
describe('one list of application database roles', () => {
  it('terraform (local.database_users), user-data, compose and app-roles.sql name the same roles per host', async () => {
    const locals = await parse('locals.tf', readFileSync(join(repoRoot, 'terraform', 'locals.tf'), 'utf8'));
    const users = (locals.locals as Record<string, unknown>[]).find((b) => 'database_users' in b)!.database_users as Record<string, Record<string, string>>;
    expect(users).toEqual({ api: { api: 'dolbom_api', 'indexing-worker': 'dolbom_indexing' }, 'ai-agent': { 'transcript-storage': 'dolbom_transcripts' } });
    const hostDirs = { api: 'api-server', 'ai-agent': 'ai-agent' } as const;
    for (const [role, apps] of Object.entries(users)) {
      const dir = hostDirs[role as keyof typeof hostDirs];
      const text = renderUserData(dir, sampleVars(dir, false));
      expect(/^install_db_token_refresher (.+)$/m.exec(text)![1]!.split(' '), role).toEqual(Object.values(apps));
      const compose = parseYaml(readFileSync(join(repoRoot, 'compose', dir, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
        services: Record<string, { environment: Record<string, string>; volumes?: string[] }>;
      };
      for (const [service, user] of Object.entries(apps)) {
        const svc = compose.services[service]!;
        expect(svc.environment.DATABASE_URL, service).toMatch(new RegExp(`^postgresql://${user}@\\$\\{DATABASE_HOST:\\?set DATABASE_HOST\\}:5432/dolbom\\?sslmode=verify-full&sslrootcert=`));
        expect(svc.environment.DATABASE_PASSWORD_FILE, service).toBe('/run/secrets/database/token');
        expect(svc.volumes, service).toContain(`/run/dolbom/db-token/${user}:/run/secrets/database:ro`);
      }
    }
    const sql = readFileSync(sqlFile, 'utf8');
    expect(/ARRAY\['([^\]]+)'\]/.exec(sql)![1]!.split("', '")).toEqual(ROLES);
    expect(Object.values(users).flatMap((a) => Object.values(a)).sort()).toEqual(ROLES);
  });

  it('no .env example holds a database password or user; no compose file takes DATABASE_URL from the env file', () => {
    for (const dir of ['api-server', 'ai-agent', 'web-server', 'livekit']) {
      const example = readFileSync(join(repoRoot, 'compose', dir, '.env.example'), 'utf8');
      expect(example, dir).not.toMatch(/^DATABASE_URL=/m);
      expect(example, dir).not.toMatch(/postgres(ql)?:\/\/[^@\s]*:[^@\s]*@/);
      expect(readFileSync(join(repoRoot, 'compose', dir, 'docker-compose.yml'), 'utf8'), dir).not.toContain('${DATABASE_URL');
    }
  });
});
