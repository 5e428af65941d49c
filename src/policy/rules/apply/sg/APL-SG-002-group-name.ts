import { stringRule } from '../factories.js';
import { SG_DESCRIPTION_CHARSET } from './APL-SG-001-description-charset.js';

export const APL_SG_002 = stringRule(
  {
    id: 'APL-SG-002',
    title: 'Security group name: up to 255 valid characters, not starting with sg-',
    why: 'CreateSecurityGroup refuses other names.',
    source: {
      quote: 'The name of the security group. Names are case-insensitive and must be unique within the VPC. Constraints: Up to 255 characters in length. Can\'t start with sg-. Valid characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ec2/aws.sdk.kotlin.services.ec2.model/-create-security-group-request/group-name.html',
    },
    fix: 'Rename the group: ASCII from the allowed set, at most 255 characters, not beginning with `sg-`.',
    resourceTypes: ['aws_security_group'],
    providerValidates: true,
  },
  ['name'],
  { max: 255, forbiddenPrefixes: ['sg-'], charset: { allowed: SG_DESCRIPTION_CHARSET, label: 'a-z A-Z 0-9 space and ._-:/()#,@[]+=&;{}!$*' } },
);
