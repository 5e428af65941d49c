import { stringRule } from '../factories.js';

export const SNS_NAME_URL = 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sns/aws.sdk.kotlin.services.sns.model/-create-topic-request/name.html';

export const APL_SNS_001 = stringRule(
  {
    id: 'APL-SNS-001',
    title: 'SNS topic name: 1-256 ASCII letters, digits, underscores, hyphens (.fifo suffix for FIFO)',
    why: 'CreateTopic refuses other names.',
    source: {
      quote: 'Constraints: Topic names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.',
      url: SNS_NAME_URL,
    },
    fix: 'Rename the topic with letters, digits, _ and - (plus the .fifo suffix for a FIFO topic), at most 256 characters.',
    resourceTypes: ['aws_sns_topic'],
    providerValidates: true,
  },
  ['name'],
  { min: 1, max: 256, also: (s) => (/^[A-Za-z0-9_-]+$/.test(s.replace(/\.fifo$/, '')) ? undefined : 'only letters, digits, underscores and hyphens are allowed (before a .fifo suffix)') },
);
