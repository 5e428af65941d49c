/**
 * Least privilege on the hosts (review M3), as the static evaluator plans the live deployment: each
 * host's role reads exactly its own env object <environment>/<role>.env (not the environment's
 * prefix, which also holds the other roles' files and env.zip), and IMDS answers no container
 * (hop limit 1), which the compose files do not need: no service asks for AWS credentials.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadStack } from '../../src/load/index.js';
import type { StackModel } from '../../src/model/resource.js';
import { isUnknown, stringSegments, type Unknown } from '../../src/model/value.js';
import { CMP_001 } from '../../src/policy/rules/compute/CMP-001-imdsv2-required.js';
import { repoRoot } from '../helpers/paths.js';
import { stackDir } from './helpers.js';

let live: StackModel;
beforeAll(async () => {
  live = await loadStack({ dir: stackDir, varFiles: [join(stackDir, 'envs', 'live.tfvars')], env: {} });
}, 120_000);

const HOSTS = ['staging-api', 'staging-web', 'staging-ai-agent', 'prod-api', 'prod-web', 'prod-ai-agent', 'livekit'];
const objectKey = (host: string) => (host === 'livekit' ? 'shared/livekit.env' : `${host.replace(/^(staging|prod)-/, '$1/')}.env`);

/** A bucket-ARN-relative resource as "<bucket arn>/<key>" when its shape is known. */
function bucketPath(v: unknown): string {
  if (!isUnknown(v)) return String(v);
  const segs = stringSegments(v as Unknown);
  return segs.map((s) => (s.kind === 'literal' ? s.text : s.kind === 'symbol' ? `<${s.origin.address}.${s.origin.attribute}>` : '<?>')).join('');
}

describe('M3: one env object per host role', () => {
  it('each host role may read exactly <environment>/<role>.env of the env bucket, and list only that key', () => {
    for (const host of HOSTS) {
      const doc = live.resources.find((r) => r.address === `module.iam.data.aws_iam_policy_document.env_file_read["${host}"]`);
      expect(doc, host).toBeDefined();
      const [read, list] = doc!.values.statement as { actions: string[]; resources: unknown[]; condition?: { values: string[] }[] }[];
      expect(read!.actions.sort(), host).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
      expect(read!.resources.map(bucketPath), host).toEqual([`<module.iam.aws_s3_bucket.env_files.arn>/${objectKey(host)}`]);
      expect(list!.actions, host).toEqual(['s3:ListBucket']);
      expect(list!.condition![0]!.values, host).toEqual([objectKey(host)]);
    }
  });
});

describe('M3: IMDS for the host only', () => {
  it('every instance requires IMDSv2 tokens with a hop limit of 1', () => {
    const instances = live.resources.filter((r) => r.type === 'aws_instance');
    expect(instances).toHaveLength(7);
    for (const i of instances) {
      expect((i.values.metadata_options as Record<string, unknown>[])[0], i.address).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    }
  });

  it("CMP-001's fix tells the same: hop limit 1, 2 only for a container that must use the role", () => {
    expect(CMP_001.fix).toContain('http_put_response_hop_limit = 1 }');
    expect(CMP_001.fix).not.toContain('http_put_response_hop_limit = 2');
  });

  it('no compose service needs instance credentials: no AWS_* variable, no ~/.aws mount; host networking only for LiveKit', () => {
    for (const dir of ['api-server', 'web-server', 'ai-agent', 'livekit']) {
      const compose = parseYaml(readFileSync(join(repoRoot, 'compose', dir, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
        services: Record<string, { environment?: Record<string, string>; volumes?: string[]; network_mode?: string }>;
      };
      for (const [name, svc] of Object.entries(compose.services)) {
        expect(Object.keys(svc.environment ?? {}).filter((k) => k.startsWith('AWS_')), `${dir}/${name}`).toEqual([]);
        expect((svc.volumes ?? []).filter((v) => /\.aws\b/.test(v)), `${dir}/${name}`).toEqual([]);
        if (svc.network_mode === 'host') expect(`${dir}/${name}`).toBe('livekit/livekit');
      }
    }
  });
});
