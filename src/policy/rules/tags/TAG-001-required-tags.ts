import { TAGGABLE_TYPES } from '../../data/taggable-types.js';
import { isDeletedOnly } from '../../refs.js';
import type { ModelOutcome, ModelRule } from '../../types.js';
import { isUnknown } from '../../../model/value.js';
import { tagsOf, tagValue } from '../../values.js';

export const REQUIRED_TAGS = ['Project', 'Environment', 'ManagedBy'];

export const TAG_001: ModelRule = {
  id: 'TAG-001',
  title: 'Every taggable resource is tagged Project, Environment and ManagedBy',
  severity: 'error',
  rationale:
    'Stack contract: provider default_tags give Project and ManagedBy, each resource its Environment. Cost reports, the ephemeral sweeper, the reachability intents and the SSM probes all find resources by these tags; an untagged resource is invisible to them.',
  fix: 'Keep `default_tags { tags = { Project, ManagedBy } }` on the provider and give the resource `tags = { Environment = … }` (shared parts: "shared").',
  resourceTypes: ['aws_*'],
  checkModel(ctx) {
    const out: ModelOutcome[] = [];
    for (const r of ctx.index.resources) {
      if (r.mode !== 'managed' || isDeletedOnly(r) || !r.type.startsWith('aws_')) continue;
      if (!TAGGABLE_TYPES.has(r.type) && !('tags' in r.values) && !('tags_all' in r.values)) continue;
      const tags = tagsOf(r, ctx);
      const missing = REQUIRED_TAGS.filter((k) => !tags[k]);
      if (missing.some((k) => isUnknown(tagValue(r, ctx, k)))) {
        out.push({ resource: r, verdict: 'unknown', path: 'tags', message: `tags are not known before apply, so ${missing.join(', ')} cannot be confirmed` });
        continue;
      }
      out.push(
        missing.length > 0
          ? { resource: r, verdict: 'fail', path: 'tags', message: `missing tag(s) ${missing.join(', ')}. ${TAG_001.fix}` }
          : { resource: r, verdict: 'pass', path: 'tags', message: REQUIRED_TAGS.map((k) => `${k}=${tags[k]}`).join(' ') },
      );
    }
    return out;
  },
};
