import { ALNUM, stringRule } from '../factories.js';

export const SG_DESCRIPTION_CHARSET = `${ALNUM} ._-:/()#,@[]+=&;{}!$*`;

export const APL_SG_001 = stringRule(
  {
    id: 'APL-SG-001',
    title: 'Security group and rule descriptions: up to 255 of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*',
    why: 'CreateSecurityGroup and AuthorizeSecurityGroupIngress/Egress refuse any other character: a Korean (or any non-ASCII) description fails at apply, and terraform validate does not look.',
    source: {
      quote: 'A description for the security group. Constraints: Up to 255 characters in length Valid characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ec2/aws.sdk.kotlin.services.ec2.model/-create-security-group-request/description.html',
    },
    fix: 'Write the description in ASCII with only those punctuation characters (keep the Korean text in a comment or a tag).',
    resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'],
  },
  ['description', 'ingress.*.description', 'egress.*.description'],
  { max: 255, charset: { allowed: SG_DESCRIPTION_CHARSET, label: 'a-z A-Z 0-9 space and ._-:/()#,@[]+=&;{}!$*' } },
);
