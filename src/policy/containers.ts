/**
 * ECS container definitions (`aws_ecs_task_definition.container_definitions`, a JSON list) read
 * as values: known containers are judged even when other parts of the JSON are known only after
 * apply (values.ts jsonValue).
 */
import type { Resource } from '../model/resource.js';
import { isObjectValue, isUnknown, type ObjectValue, type Unknown } from '../model/value.js';
import { jsonValue, read } from './values.js';

export function containerDefinitions(r: Resource): ObjectValue[] | Unknown | undefined {
  const v = jsonValue(read(r.values, 'container_definitions'));
  if (v === undefined) return undefined;
  if (isUnknown(v)) return v;
  return Array.isArray(v) ? v.filter(isObjectValue) : undefined;
}

export function containerName(c: ObjectValue, i: number): string {
  return typeof c.name === 'string' ? c.name : `container ${i}`;
}
