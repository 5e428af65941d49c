import { attributeRule } from '../../factories.js';
import { isUnknown } from '../../../model/value.js';
import { isEphemeral, tagValue, unknownTag } from '../../values.js';

/** NVIDIA GPU instance families (the ai-agent runs CUDA: ollama, STT). */
export const NVIDIA_GPU_TYPE = /^(g4dn|g5|g5g|g6|g6e|g6f|gr6|g7e?|p3|p3dn|p4d|p4de|p5|p5e|p5en|p6-b200|p6e-gb200)\./;

export const CMP_005 = attributeRule(
  {
    id: 'CMP-005',
    title: 'The ai-agent host is an NVIDIA GPU instance type',
    rationale:
      'DESIGN.md compute: the ai-agent runs ollama and STT on the GPU (g5.2xlarge by default, NVIDIA driver AMI). On a CPU type the compose GPU reservation fails and the agent that talks to elderly people never starts.',
    fix: 'Use a GPU type such as g5.2xlarge (1× A10G) for the ai-agent (ephemeral copies, tagged stackcheck:run-id, may use a small CPU type).',
    resourceTypes: ['aws_instance'],
  },
  {
    path: 'instance_type',
    expected: 'an NVIDIA GPU type (g4dn, g5, g6, p4d, p5 …)',
    holds: (v) => typeof v === 'string' && NVIDIA_GPU_TYPE.test(v),
    applies: (r, ctx) => {
      const role = tagValue(r, ctx, 'Role');
      if (isUnknown(role)) return unknownTag('Role', role);
      if (role !== 'ai-agent') return 'not an ai-agent host (Role tag)';
      if (isEphemeral(r, ctx)) return 'ephemeral copy (stackcheck:run-id / run_id): sized small on purpose, no GPU';
      return true;
    },
  },
);
