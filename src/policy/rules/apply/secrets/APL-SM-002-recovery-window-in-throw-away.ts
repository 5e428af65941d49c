import { applyRule } from '../factories.js';
import { asNumber, read } from '../../../values.js';
import { isSet } from '../../../refs.js';
import { throwAwayOnly } from '../throw-away.js';

export const APL_SM_002 = applyRule(
  {
    id: 'APL-SM-002',
    title: 'A throw-away deployment deletes its named secrets without a recovery window',
    severity: 'warning',
    why: 'A deleted secret keeps its name until its recovery window ends (30 days by default), so applying the same deployment again within it fails ("a secret with this name is already scheduled for deletion").',
    source: {
      quote: 'Deletes a secret and all of its versions. You can specify a recovery window during which you can restore the secret. The minimum recovery window is 7 days. The default recovery window is 30 days. Secrets Manager attaches a DeletionDate stamp to the secret that specifies the end of the recovery window. At the end of the recovery window, Secrets Manager deletes the secret permanently.',
      url: 'https://docs.aws.amazon.com/sdkfornet/v3/apidocs/items/SecretsManager/TDeleteSecretRequest.html',
    },
    fix: 'Set `recovery_window_in_days = 0` in the throw-away deployment, or name the secret per run (name_prefix).',
    resourceTypes: ['aws_secretsmanager_secret'],
  },
  (r, ctx) => {
    const gate = throwAwayOnly(r, ctx);
    if (gate !== true) return { verdict: 'not-applicable', message: gate };
    if (isSet(r, 'name_prefix')) return { verdict: 'pass', path: 'name_prefix', message: 'a generated name does not collide' };
    const w = read(r.values, 'recovery_window_in_days');
    const days = w === undefined || w === null ? 30 : asNumber(w);
    if (days === undefined) return { verdict: 'unknown', path: 'recovery_window_in_days', message: 'recovery_window_in_days is not known before apply' };
    return days === 0
      ? { verdict: 'pass', path: 'recovery_window_in_days', message: 'deleted without recovery window' }
      : { verdict: 'fail', path: 'recovery_window_in_days', message: `the secret keeps its name for ${days} days after destroy; the next apply of this throw-away deployment collides. Set \`recovery_window_in_days = 0\` in the throw-away deployment.` };
  },
);
