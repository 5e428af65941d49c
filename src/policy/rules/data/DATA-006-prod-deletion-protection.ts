import { mustEqual } from '../../factories.js';
import { isUnknown } from '../../../model/value.js';
import { tagValue, unknownTag } from '../../values.js';
import { RDS_TYPES } from './common.js';

export const DATA_006 = mustEqual(
  {
    id: 'DATA-006',
    title: 'Prod databases have deletion protection',
    rationale: 'Issue 2: deletion protection and a final snapshot in prod. One mistaken destroy or a renamed resource would otherwise delete the production database of a service people\'s safety depends on.',
    fix: 'Set `deletion_protection = true` for Environment = prod (ephemeral and staging may leave it off).',
    resourceTypes: RDS_TYPES,
  },
  'deletion_protection',
  true,
  {
    whenAbsent: false,
    applies: (r, ctx) => {
      const env = tagValue(r, ctx, 'Environment');
      if (isUnknown(env)) return unknownTag('Environment', env);
      return env === 'prod' ? true : `Environment is ${env ?? 'untagged'}, not prod`;
    },
  },
);
