import { mustEqual } from '../../factories.js';

export const CMP_001 = mustEqual(
  {
    id: 'CMP-001',
    title: 'IMDSv2 required (metadata_options.http_tokens = "required")',
    rationale:
      'DESIGN.md baseline: IMDSv2 `http_tokens = "required"`. IMDSv1 answers plain GET requests, so an SSRF bug in the API or web host would hand out the instance role\'s credentials (AWS EC2 user guide, "Use IMDSv2").',
    fix: 'Add `metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }`. Hop limit 1 keeps the IMDSv2 token on the host, so a container (one more network hop: "In a container environment, if the hop limit is 1, the IMDSv2 response does not return", EC2 user guide, "Instance metadata options") cannot take the instance role; raise it to 2 only for a container that must use the role, and give that container only what it needs.',
    resourceTypes: ['aws_instance', 'aws_launch_template'],
  },
  'metadata_options.0.http_tokens',
  'required',
  // The provider leaves it "optional" unless the AMI is registered IMDSv2-only; never rely on that.
  { whenAbsent: 'optional' },
);
