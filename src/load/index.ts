/**
 * One entry to the stack model, whichever the source: a real `terraform show -json` plan or the
 * static evaluation of the HCL. Both produce the same `StackModel`, so every check runs on either.
 */
export type { StackModel } from '../model/resource.js';
