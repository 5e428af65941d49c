import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../helpers/paths.js';

// The Compose Specification JSON schema, as shipped by the dclint package (a dev dependency).
const require = createRequire(import.meta.url);
const schemaPath = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
// Its "$schema" is https://json-schema.org/draft-07/schema, which Ajv registers under the http:// id;
// the content is draft-07, which is Ajv's default dialect.
delete schema.$schema;
const validateCompose = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);

const DIRS = ['ai-agent', 'api-server', 'web-server', 'livekit'] as const;
type Dir = (typeof DIRS)[number];

interface Service {
  image?: string;
  ports?: unknown[];
  network_mode?: string;
  healthcheck?: { test?: unknown; disable?: boolean };
  restart?: string;
  logging?: { driver?: string; options?: Record<string, string> };
  deploy?: { resources?: { reservations?: { devices?: { driver?: string; count?: unknown; device_ids?: unknown; capabilities?: string[] }[] } } };
  environment?: Record<string, unknown>;
}
interface ComposeFile {
  services: Record<string, Service>;
  networks?: Record<string, { internal?: boolean } | null>;
}

const composePath = (dir: Dir) => join(repoRoot, 'compose', dir, 'docker-compose.yml');
const text = (dir: Dir) => readFileSync(composePath(dir), 'utf8');
const load = (dir: Dir) => parseYaml(text(dir), { merge: true }) as ComposeFile;

/** Every ${VAR} / ${VAR:-default} / ${VAR:?message} the compose file interpolates ($$ is a literal $). */
function interpolatedVariables(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/(\$\$)|\$\{([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = m[2] ?? m[3];
    if (!m[1] && name) names.add(name);
  }
  return [...names].sort();
}

/** Keys assigned in a .env.example (KEY=value lines). */
function exampleKeys(dir: Dir): string[] {
  const example = readFileSync(join(repoRoot, 'compose', dir, '.env.example'), 'utf8');
  return [...example.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!);
}

describe('compose files: Compose Specification schema', () => {
  it.each(DIRS)('%s validates', (dir) => {
    const ok = validateCompose(load(dir));
    expect(validateCompose.errors ?? [], dir).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the validator does reject a wrong file (unknown service key, GPU device without capabilities)', () => {
    expect(validateCompose({ services: { a: { image: 'x:1', bogus: 1 } } })).toBe(false);
    expect(
      validateCompose({ services: { a: { image: 'x:1', deploy: { resources: { reservations: { devices: [{ driver: 'nvidia', count: 1 }] } } } } } }),
    ).toBe(false);
  });
});

describe('compose files: semantic checks', () => {
  it('GPU reservations exactly on stt and ollama (nvidia, count 1, capabilities [gpu])', () => {
    for (const dir of DIRS) {
      for (const [name, svc] of Object.entries(load(dir).services)) {
        const devices = svc.deploy?.resources?.reservations?.devices ?? [];
        const gpu = dir === 'ai-agent' && (name === 'stt' || name === 'ollama');
        if (gpu) {
          expect(devices, `${dir}/${name}`).toEqual([{ driver: 'nvidia', count: 1, capabilities: ['gpu'] }]);
        } else {
          expect(devices, `${dir}/${name} must not reserve a GPU`).toEqual([]);
        }
      }
    }
  });

  it('the ai-agent host runs exactly the five services of the design', () => {
    expect(Object.keys(load('ai-agent').services).sort()).toEqual(['agent', 'kma-mcp', 'ollama', 'stt', 'transcript-storage']);
    expect(Object.keys(load('api-server').services).sort()).toEqual(['api', 'indexing-worker']);
    expect(Object.keys(load('web-server').services)).toEqual(['web']);
    expect(Object.keys(load('livekit').services)).toEqual(['livekit']);
  });

  it('every image is pinned to a tag (never latest, never untagged); app images are ghcr.io/${GHCR_ORG}/<service>', () => {
    for (const dir of DIRS) {
      for (const [name, svc] of Object.entries(load(dir).services)) {
        const image = svc.image ?? '';
        const tag = /:([^/:]+)$/.exec(image)?.[1];
        expect(tag, `${dir}/${name}: ${image}`).toBeDefined();
        expect(tag, `${dir}/${name}`).not.toMatch(/^(latest|\$\{TAG(:-latest)?\})$/);
        expect(tag, `${dir}/${name}`).not.toMatch(/latest/);
        if (dir !== 'livekit') expect(image, `${dir}/${name}`).toBe(`ghcr.io/\${GHCR_ORG:?set GHCR_ORG}/${name}:\${TAG:-v3}`);
      }
    }
    expect(load('livekit').services.livekit!.image).toMatch(/^livekit\/livekit-server:\$\{LIVEKIT_VERSION:-v\d+\.\d+\.\d+\}$/);
  });

  it.each(DIRS)('%s: every interpolated ${VAR} is documented in .env.example beside it (and nothing stale there)', (dir) => {
    // DOLBOM_LOG_GROUP is set by scripts/deploy.sh (the host's CloudWatch Logs group), not by .env.
    const used = interpolatedVariables(text(dir)).filter((v) => v !== 'DOLBOM_LOG_GROUP');
    const documented = exampleKeys(dir);
    expect(used.filter((v) => !documented.includes(v)), `${dir}: missing from .env.example`).toEqual([]);
    // LIVEKIT_WEBHOOK_URLS is read at boot by user-data/livekit-init.sh, not by compose.
    const readElsewhere = dir === 'livekit' ? ['LIVEKIT_WEBHOOK_URLS'] : [];
    expect(documented.filter((v) => !used.includes(v) && !readElsewhere.includes(v)), `${dir}: stale in .env.example`).toEqual([]);
  });

  it('healthchecks, restart policy, and every service logs to its host\'s CloudWatch Logs group (awslogs, non-blocking)', () => {
    for (const dir of DIRS) {
      for (const [name, svc] of Object.entries(load(dir).services)) {
        expect(Array.isArray(svc.healthcheck?.test), `${dir}/${name} healthcheck`).toBe(true);
        expect(svc.healthcheck?.disable, `${dir}/${name}`).toBeUndefined();
        expect(svc.restart, `${dir}/${name}`).toBe('unless-stopped');
        expect(svc.logging, `${dir}/${name}`).toEqual({
          driver: 'awslogs',
          // the group terraform creates (no awslogs-create-group: the host role cannot create groups);
          // one stream per container; a CloudWatch outage must not block the application's stdout
          options: { 'awslogs-group': '${DOLBOM_LOG_GROUP:?set by scripts/deploy.sh}', tag: '{{.Name}}', mode: 'non-blocking', 'max-buffer-size': '4m' },
        });
      }
    }
  });

  it('published ports: only api 8000 and web 3000 (the ALB targets); livekit on the host network; nothing on ai-agent', () => {
    const published: string[] = [];
    for (const dir of DIRS) {
      for (const [name, svc] of Object.entries(load(dir).services)) {
        for (const p of svc.ports ?? []) published.push(`${dir}/${name} ${String(p)}`);
      }
    }
    expect(published.sort()).toEqual(['api-server/api 8000:8000', 'web-server/web 3000:3000']);
    expect(load('livekit').services.livekit!.network_mode).toBe('host');
  });

  it('ai-agent: the model servers sit on an internal network only; services that dial out also join egress', () => {
    const f = load('ai-agent');
    expect(f.networks?.inference?.internal).toBe(true);
    const networksOf = (svc: string) => (f.services[svc] as unknown as { networks: string[] }).networks;
    expect(networksOf('stt')).toEqual(['inference']);
    expect(networksOf('ollama')).toEqual(['inference']);
    for (const svc of ['agent', 'kma-mcp', 'transcript-storage']) expect(networksOf(svc), svc).toEqual(['inference', 'egress']);
  });

  it('secrets are never literal in compose files: every secret-looking key takes its value from ${VAR}', () => {
    for (const dir of DIRS) {
      for (const [name, svc] of Object.entries(load(dir).services)) {
        for (const [key, value] of Object.entries(svc.environment ?? {})) {
          if (/_FILE$/.test(key)) {
            // A path to a secret mounted read-only (the database token), never the secret itself.
            expect(String(value), `${dir}/${name} ${key}`).toMatch(/^\/run\/secrets\/[a-z/]+$/);
            const mount = String(value).split('/').slice(0, -1).join('/');
            expect((svc as { volumes?: string[] }).volumes?.some((v) => v.endsWith(`:${mount}:ro`)), `${dir}/${name} mounts ${mount} read-only`).toBe(true);
          } else if (/SECRET|PASSWORD|KEY|TOKEN|DATABASE_URL|REDIS_URL/.test(key)) {
            expect(String(value), `${dir}/${name} ${key}`).toMatch(/\$\{[A-Z_]+:\?/);
          }
        }
      }
    }
  });
});
