import { mustEqual } from '../../factories.js';

export const ECR_002 = mustEqual(
  {
    id: 'ECR-002',
    title: 'ECR repositories scan images on push',
    rationale:
      'AWS Security Hub ECR.1 "ECR private repositories should have image scanning configured": scanning finds known vulnerabilities (CVEs) in the operating-system packages of every pushed image before it runs. scan_on_push is off by default.',
    fix: 'Add `image_scanning_configuration { scan_on_push = true }` (or enhanced scanning with aws_ecr_registry_scanning_configuration).',
    resourceTypes: ['aws_ecr_repository'],
  },
  'image_scanning_configuration.0.scan_on_push',
  true,
  { whenAbsent: false },
);
