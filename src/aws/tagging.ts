import { GetResourcesCommand, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';

export const RUN_ID_TAG = 'stackcheck:run-id';

export interface TaggedResource {
  arn: string;
  /** `ec2:instance`, `rds:db`, `elasticloadbalancing:loadbalancer`, … from the ARN */
  kind: string;
  /** The resource id part of the ARN (instance id, DB identifier, replication group id, …). */
  id: string;
  tags: Record<string, string>;
}

/** `arn:aws:ec2:ap-northeast-2:1111:instance/i-0abc` → kind `ec2:instance`, id `i-0abc`. */
export function parseArn(arn: string): { kind: string; id: string } {
  const parts = arn.split(':');
  const service = parts[2] ?? '';
  const rest = parts.slice(5).join(':');
  // resource part is `type/id`, `type:id`, or just `id` (S3 buckets)
  const m = /^([^/:]+)[/:](.+)$/.exec(rest);
  if (!m) return { kind: service, id: rest };
  if (service === 'elasticloadbalancing') {
    // loadbalancer/app/name/hash, targetgroup/name/hash, listener-rule/app/…
    const [type, ...tail] = rest.split('/');
    const kind = type === 'loadbalancer' && tail[0] === 'net' ? 'loadbalancer' : type;
    return { kind: `${service}:${kind}`, id: tail.join('/') };
  }
  return { kind: `${service}:${m[1]}`, id: m[2] };
}

/** Every resource carrying the given tag (optionally with the given value), across pages. */
export async function taggedResources(
  tagging: ResourceGroupsTaggingAPIClient,
  key: string,
  value?: string,
): Promise<TaggedResource[]> {
  const out: TaggedResource[] = [];
  let token: string | undefined;
  do {
    const page = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: key, Values: value ? [value] : undefined }], PaginationToken: token || undefined }),
    );
    for (const m of page.ResourceTagMappingList ?? []) {
      if (!m.ResourceARN) continue;
      out.push({
        arn: m.ResourceARN,
        ...parseArn(m.ResourceARN),
        tags: Object.fromEntries((m.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      });
    }
    token = page.PaginationToken;
  } while (token);
  return out;
}

/** `<Environment>-<Role>` from a resource's tags: how intents, probes and reports name hosts. */
export function roleLabel(tags: Record<string, string>): string {
  return `${tags.Environment ?? '?'}-${tags.Role ?? '?'}`;
}
