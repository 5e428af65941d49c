/**
 * The compact provider schema committed under schema/ (extracted by scripts/extract-schema.ts).
 * It mirrors Terraform's own provider schema: attributes with a type and required / optional /
 * computed flags, nested blocks with a nesting mode and item limits.
 */

/** Terraform type: a primitive, or [kind, element] / ['object', fields]. `dynamic` = any. */
export type TypeSpec =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | ['list' | 'set' | 'map', TypeSpec]
  | ['object', Record<string, TypeSpec>];

export interface AttributeSchema {
  type: TypeSpec;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
}

export interface BlockSchema {
  attributes: Record<string, AttributeSchema>;
  blocks: Record<string, NestedBlockSchema>;
}

export interface NestedBlockSchema extends BlockSchema {
  nesting: 'list' | 'set';
  maxItems?: number;
  minItems?: number;
  /**
   * The provider version this block's schema comes from when it is not the file's own: a recursive
   * block the bindings cannot spell out, grafted from a real provider's schema
   * (scripts/graft-recursive.ts). Everything under it is that version's.
   */
  from?: string;
}

export interface ProviderSchema {
  /** `registry.terraform.io/hashicorp/aws` */
  provider: string;
  /** The provider version the schema was generated from, e.g. `6.66.0`. */
  version: string;
  /** The package it was extracted from, e.g. `@cdktn/provider-aws@25.7.0`. */
  extractedFrom: string;
  resources: Record<string, BlockSchema>;
  dataSources: Record<string, BlockSchema>;
  /** Shared subtrees of grafted blocks; a block `{ "$ref": id }` in the file stands for `blockDefs[id]` (resolved on load). */
  blockDefs?: Record<string, NestedBlockSchema>;
}
