/** IAM policy documents as text: where each resource type keeps its documents, and their size as IAM counts it. */
import type { Resource } from '../../../../model/resource.js';
import { isUnknown, type Value } from '../../../../model/value.js';
import { valuesAt } from '../factories.js';

export const IAM_QUOTAS_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.md';

/** Policy-document arguments per type. */
export const DOCUMENT_PATHS: Record<string, string[]> = {
  aws_iam_policy: ['policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_iam_role: ['assume_role_policy', 'inline_policy.*.policy'],
};

export function documents(r: Resource): { path: string; value: Value | undefined }[] {
  return (DOCUMENT_PATHS[r.type] ?? []).flatMap((p) => valuesAt(r, p)).filter((d) => d.value !== undefined && d.value !== null && d.value !== '');
}

/** Size as IAM counts it: characters, white space excluded. Undefined for an unknown document. */
export function policySize(v: Value | undefined): number | undefined {
  if (typeof v !== 'string' || isUnknown(v)) return undefined;
  return [...v.replace(/\s/g, '')].length;
}
