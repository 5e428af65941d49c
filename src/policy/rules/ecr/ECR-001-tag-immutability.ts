import { mustEqual } from '../../factories.js';

export const ECR_001 = mustEqual(
  {
    id: 'ECR-001',
    title: 'ECR repositories have immutable image tags',
    rationale:
      'AWS Security Hub ECR.2 "ECR private repositories should have tag immutability configured" ("This rule passes if tag immutability is configured and has the value IMMUTABLE"): with mutable tags anyone who can push can replace what :v3 or :latest means, and the next deploy runs an image nobody reviewed.',
    fix: 'Set `image_tag_mutability = "IMMUTABLE"` and push a new tag for every build.',
    resourceTypes: ['aws_ecr_repository'],
  },
  'image_tag_mutability',
  'IMMUTABLE',
  { whenAbsent: 'MUTABLE' },
);
