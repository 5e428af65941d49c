import { allOf, mustEqual } from '../../factories.js';

const meta = {
  id: 'OS-001',
  title: 'OpenSearch domains encrypt at rest, between nodes and require HTTPS',
  rationale:
    'AWS Security Hub Opensearch.1 "OpenSearch domains should have encryption at rest enabled", Opensearch.3 "OpenSearch domains should encrypt data sent between nodes" and Opensearch.8 "Connections to OpenSearch domains should be encrypted using the latest TLS security policy" (it fails "if HTTPs isn\'t enabled"). Search indexes hold copies of the application\'s data; each of the three is off unless set.',
  fix: 'Set `encrypt_at_rest { enabled = true }`, `node_to_node_encryption { enabled = true }` and `domain_endpoint_options { enforce_https = true, tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10" }`.',
  resourceTypes: ['aws_opensearch_domain', 'aws_elasticsearch_domain'],
};

export const OS_001 = allOf(meta, [
  mustEqual(meta, 'encrypt_at_rest.0.enabled', true, { whenAbsent: false }),
  mustEqual(meta, 'node_to_node_encryption.0.enabled', true, { whenAbsent: false }),
  mustEqual(meta, 'domain_endpoint_options.0.enforce_https', true, { whenAbsent: false }),
]);
