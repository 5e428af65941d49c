import type { ModelRule } from '../../types.js';
import { isTrue, read } from '../../values.js';

export const STATE_001: ModelRule = {
  id: 'STATE-001',
  title: 'Terraform state lives in an encrypted S3 backend with locking',
  severity: 'error',
  rationale:
    'DESIGN.md state: S3 backend with encryption and locking (`use_lockfile = true`, GA since Terraform 1.11). State holds every resource attribute, sensitive ones included; without locking two applies can corrupt it.',
  fix: 'Use `backend "s3" { encrypt = true, use_lockfile = true }` (bucket and key given at init with -backend-config).',
  resourceTypes: [],
  checkModel(ctx) {
    const b = ctx.model.backend;
    if (ctx.model.origin === 'plan') return [{ verdict: 'not-applicable', message: 'a plan JSON does not carry the backend configuration' }];
    if (!b) return [{ verdict: 'fail', message: `no backend block: state would be local, unencrypted and unlocked. ${STATE_001.fix}` }];
    const location = b.location;
    if (b.type !== 's3') return [{ verdict: 'fail', location, message: `backend "${b.type}": the stack's state must be in the S3 backend. ${STATE_001.fix}` }];
    const problems: string[] = [];
    if (!isTrue(read(b.config, 'encrypt'))) problems.push('encrypt is not true');
    const lockfile = isTrue(read(b.config, 'use_lockfile'));
    const dynamo = typeof read(b.config, 'dynamodb_table') === 'string';
    if (!lockfile && !dynamo) problems.push('no locking (use_lockfile = true)');
    return problems.length > 0
      ? [{ verdict: 'fail', location, message: `S3 backend: ${problems.join('; ')}. ${STATE_001.fix}` }]
      : [{ verdict: 'pass', location, message: `S3 backend, encrypted, locked with ${lockfile ? 'use_lockfile' : 'DynamoDB'}` }];
  },
};
