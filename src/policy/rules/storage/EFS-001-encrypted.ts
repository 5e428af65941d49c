import { mustEqual } from '../../factories.js';

export const EFS_001 = mustEqual(
  {
    id: 'EFS-001',
    title: 'EFS file systems are encrypted at rest',
    rationale:
      'AWS Security Hub EFS.1 "Elastic File System should be configured to encrypt file data at-rest using AWS KMS": encryption can only be chosen when the file system is created (the provider\'s `encrypted` defaults to false), so a file system created without it must be copied to a new one to fix.',
    fix: 'Set `encrypted = true` (optionally `kms_key_id`) when creating the file system.',
    resourceTypes: ['aws_efs_file_system'],
  },
  'encrypted',
  true,
  { whenAbsent: false },
);
