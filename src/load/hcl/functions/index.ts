/**
 * Terraform's built-in functions for the static evaluator (contract: contracts-eval.md).
 *
 * Each function takes already-evaluated argument values and returns a value as terraform would.
 * `try` and `can` are special forms of the evaluator and are not here. See docs/functions.md for
 * the list and for what differs from terraform.
 */
import { collectionFunctions } from './collection.js';
import { conversionFunctions } from './conversion.js';
import { datetimeFunctions } from './datetime.js';
import { encodingFunctions } from './encoding.js';
import { filesystemFunctions } from './filesystem.js';
import { formatFunctions } from './format.js';
import { hashFunctions } from './hash.js';
import { ipnetFunctions } from './ipnet.js';
import { numericFunctions } from './numeric.js';
import { regexFunctions } from './regex.js';
import { stringFunctions } from './string.js';
import type { TfFunction } from './types.js';

export { FunctionError, type FunctionContext, type TfFunction } from './types.js';
export { formatNumber } from './helpers.js';
export { jsonEncode } from './encoding.js';

export const functions: Record<string, TfFunction> = {
  ...numericFunctions,
  ...stringFunctions,
  ...formatFunctions,
  ...regexFunctions,
  ...collectionFunctions,
  ...encodingFunctions,
  ...filesystemFunctions,
  ...datetimeFunctions,
  ...hashFunctions,
  ...ipnetFunctions,
  ...conversionFunctions,
};
