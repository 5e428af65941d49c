import { isUnknown, type Value } from '../../../../model/value.js';
import type { Outcome } from '../../../types.js';
import { applyRule, unknownOutcome, valueAt } from '../factories.js';
import { notFargate } from './common.js';

/**
 * The memory values (MiB) Fargate accepts for each task CPU value (CPU units), from the
 * RegisterTaskDefinition reference quoted below: a list, or a range with its step.
 */
const FARGATE: Record<number, number[] | { from: number; to: number; step: number }> = {
  256: [512, 1024, 2048],
  512: [1024, 2048, 3072, 4096],
  1024: [2048, 3072, 4096, 5120, 6144, 7168, 8192],
  2048: { from: 4096, to: 16384, step: 1024 },
  4096: { from: 8192, to: 30720, step: 1024 },
  8192: { from: 16384, to: 61440, step: 4096 },
  16384: { from: 32768, to: 122880, step: 8192 },
};
/** Windows containers: at least 1 vCPU, and the 8 and 16 vCPU sizes need the Linux platform. */
const WINDOWS_CPUS = new Set([1024, 2048, 4096]);

const memoryFits = (cpu: number, memory: number): boolean => {
  const m = FARGATE[cpu];
  if (!m) return false;
  return Array.isArray(m) ? m.includes(memory) : memory >= m.from && memory <= m.to && (memory - m.from) % m.step === 0;
};

const describe = (cpu: number): string => {
  const m = FARGATE[cpu]!;
  return Array.isArray(m) ? m.join(', ') : `${m.from}-${m.to} in steps of ${m.step}`;
};

/**
 * A task-level value as RegisterTaskDefinition reads it: an integer string, or (cpu) "0.25 vCPU",
 * (memory) "1GB"/"1 GB", converted to CPU units / MiB; undefined for anything else.
 */
export function taskUnits(v: Value | undefined, unit: 'vcpu' | 'gb'): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const m = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*${unit}$`, 'i').exec(s);
  if (!m) return undefined;
  const n = Number(m[1]) * 1024;
  return Number.isInteger(n) ? n : undefined;
}

const QUOTE =
  'If using the Fargate launch type, this field is required and you must use one of the following values. This determines your range of supported values for the cpu parameter. The CPU units cannot be less than 1 vCPU when you use Windows containers on Fargate. 512 (0.5 GB), 1024 (1 GB), 2048 (2 GB) - Available cpu values: 256 (.25 vCPU); 1024 (1 GB), 2048 (2 GB), 3072 (3 GB), 4096 (4 GB) - Available cpu values: 512 (.5 vCPU); 2048 (2 GB), 3072 (3 GB), 4096 (4 GB), 5120 (5 GB), 6144 (6 GB), 7168 (7 GB), 8192 (8 GB) - Available cpu values: 1024 (1 vCPU); Between 4096 (4 GB) and 16384 (16 GB) in increments of 1024 (1 GB) - Available cpu values: 2048 (2 vCPU); Between 8192 (8 GB) and 30720 (30 GB) in increments of 1024 (1 GB) - Available cpu values: 4096 (4 vCPU); Between 16 GB and 60 GB in 4 GB increments - Available cpu values: 8192 (8 vCPU) This option requires Linux platform 1.4.0 or later; Between 32GB and 120 GB in 8 GB increments - Available cpu values: 16384 (16 vCPU) This option requires Linux platform 1.4.0 or later.';

export const APL_ECS_001 = applyRule(
  {
    id: 'APL-ECS-001',
    title: 'A Fargate task definition sets task cpu and memory to a combination Fargate offers',
    why: 'RegisterTaskDefinition refuses a task definition that requires FARGATE without task-level cpu and memory, or with a pair Fargate does not offer (256 CPU units with 4096 MiB; "ClientException: No Fargate configuration exists for given values"): the task definition is never registered and the service never starts. The aws provider 5.100 takes both as free strings, so the plan passes.',
    source: { quote: QUOTE, url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ecs/aws.sdk.kotlin.services.ecs.model/-register-task-definition-request/memory.html' },
    fix: 'Set cpu and memory on the task definition to a pair from the Fargate table (cpu = 256 with memory 512, 1024 or 2048; cpu = 1024 with 2048-8192 in 1024 steps; …).',
    resourceTypes: ['aws_ecs_task_definition'],
  },
  (r): Outcome => {
    const skip = notFargate(r);
    if (skip) return skip;
    const cpuV = valueAt(r, 'cpu');
    const memV = valueAt(r, 'memory');
    if (isUnknown(cpuV)) return unknownOutcome('cpu', cpuV);
    if (isUnknown(memV)) return unknownOutcome('memory', memV);
    if (cpuV === undefined || cpuV === null || cpuV === '')
      return { verdict: 'fail', path: 'cpu', message: 'the task definition requires FARGATE but sets no task-level cpu; RegisterTaskDefinition refuses it (Fargate requires task cpu and memory).' };
    if (memV === undefined || memV === null || memV === '')
      return { verdict: 'fail', path: 'memory', message: 'the task definition requires FARGATE but sets no task-level memory; RegisterTaskDefinition refuses it (Fargate requires task cpu and memory).' };
    const cpu = taskUnits(cpuV, 'vcpu');
    const memory = taskUnits(memV, 'gb');
    if (cpu === undefined) return { verdict: 'fail', path: 'cpu', message: `cpu ${JSON.stringify(cpuV)} is neither CPU units nor vCPUs; Fargate offers 256, 512, 1024, 2048, 4096, 8192 or 16384 CPU units.` };
    if (memory === undefined) return { verdict: 'fail', path: 'memory', message: `memory ${JSON.stringify(memV)} is neither MiB nor GB.` };
    const os = valueAt(r, 'runtime_platform.0.operating_system_family');
    if (isUnknown(os)) return unknownOutcome('runtime_platform.0.operating_system_family', os);
    const windows = typeof os === 'string' && os.toUpperCase().startsWith('WINDOWS');
    if (!FARGATE[cpu]) return { verdict: 'fail', path: 'cpu', message: `cpu ${cpu} is not a CPU value Fargate offers (256, 512, 1024, 2048, 4096, 8192, 16384); RegisterTaskDefinition refuses it.` };
    if (windows && !WINDOWS_CPUS.has(cpu))
      return { verdict: 'fail', path: 'cpu', message: `cpu ${cpu} with Windows containers (${String(os)}): Fargate runs Windows tasks with 1024, 2048 or 4096 CPU units only; RegisterTaskDefinition refuses it.` };
    return memoryFits(cpu, memory)
      ? { verdict: 'pass', path: 'memory', message: `cpu ${cpu} with memory ${memory} MiB is a Fargate size` }
      : { verdict: 'fail', path: 'memory', message: `memory ${memory} MiB does not go with cpu ${cpu} on Fargate (it takes ${describe(cpu)} MiB); RegisterTaskDefinition refuses it ("No Fargate configuration exists for given values").` };
  },
);
