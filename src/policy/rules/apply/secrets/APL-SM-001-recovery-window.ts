import { numberRule } from '../factories.js';

export const APL_SM_001 = numberRule(
  {
    id: 'APL-SM-001',
    title: 'Secrets Manager recovery window is 0 (force delete) or 7-30 days',
    why: 'DeleteSecret refuses another window, so `terraform destroy` fails on the secret.',
    source: {
      quote: 'The number of days from 7 to 30 that Secrets Manager waits before permanently deleting the secret. You can\'t use both this parameter and ForceDeleteWithoutRecovery in the same call.',
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/secretsmanager/aws.sdk.kotlin.services.secretsmanager.model/-delete-secret-request/recovery-window-in-days.html',
    },
    fix: 'Use 0 (the provider then deletes without recovery) or 7-30.',
    resourceTypes: ['aws_secretsmanager_secret'],
    providerValidates: true,
  },
  ['recovery_window_in_days'],
  { integer: true, also: (n) => (n === 0 || (n >= 7 && n <= 30) ? undefined : 'it must be 0 or 7-30') },
);
