import type { SourceLocation } from '../../model/resource.js';
import type { BlockInfo } from './parse.js';

export interface Positions {
  blocks: BlockInfo[];
  attributes: Record<string, SourceLocation>;
  /** 0-based lines where the file may be cut for hcl2json (between top-level blocks); [] = whole. */
  splits: number[];
}

/**
 * Blocks (type, labels, lines, attributes, nested blocks, comments) and top-level attributes of an
 * HCL text, and cut points about `chunkLines` apart when the file has at least twice that many
 * lines, consists of blocks only and tree-sitter found no error.
 */
export function positions(path: string, text: string, chunkLines: number): Promise<Positions>;

/**
 * The same, calling `onSplits` with the cut points as soon as they are known (before blocks and
 * attributes are read), so that a caller can start HashiCorp's parser on the pieces meanwhile.
 */
export function positionsSplitsFirst(path: string, text: string, chunkLines: number, onSplits: (splits: number[]) => void): Promise<Positions>;
