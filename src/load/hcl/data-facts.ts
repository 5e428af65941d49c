/**
 * Facts a person gives instead of AWS: the results of data sources, by data source address
 * (`data.aws_availability_zones.available`, `module.vpc.data.aws_vpc.existing`, an instance
 * `data.aws_ami.x["arm"]`), read from a YAML or JSON file (`--data-file`, the `dataFacts` load
 * option). The attributes a fact gives replace what the static evaluation would compute or leave
 * unknown; the rest of the data source is evaluated as usual.
 *
 * ```yaml
 * data.aws_availability_zones.available:
 *   names: [ap-northeast-2a, ap-northeast-2b, ap-northeast-2c]
 * data.aws_caller_identity.current:
 *   account_id: "111122223333"
 * module.network.data.aws_vpc.existing:
 *   id: vpc-0123456789abcdef0
 *   cidr_block: 10.0.0.0/16
 * ```
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { UserError } from '../../errors.js';
import { isObjectValue, type ObjectValue, type Value } from '../../model/value.js';

/** Data source results by address (with or without instance keys). */
export type DataFacts = Record<string, ObjectValue>;

const DATA_ADDRESS = /^(module\.[A-Za-z_][\w-]*(\[[^\]]+\])?\.)*data\.[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(\[[^\]]+\])?$/;

/** Read and check a data file (YAML, or JSON, which is YAML too); a wrong entry is an error at its line. */
export function readDataFacts(path: string): DataFacts {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read the data file ${path}: ${(err as Error).message}`);
  }
  return parseDataFacts(text, path);
}

export function parseDataFacts(text: string, path: string): DataFacts {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new UserError(`invalid data file: ${e.message.split('\n')[0]}`, { file: path, line: lines.linePos(e.pos[0]).line });
  }
  const value = doc.toJS() as unknown;
  if (value === null || value === undefined) return {};
  if (!isObjectValue(value as Value)) throw new UserError('a data file maps data source addresses to their attributes', { file: path, line: 1 });
  const out: DataFacts = {};
  for (const [address, attrs] of Object.entries(value as Record<string, unknown>)) {
    const at = { file: path, line: lineOfKey(doc, lines, address) };
    if (!DATA_ADDRESS.test(address)) {
      throw new UserError(`"${address}" is not a data source address (data.<type>.<name>, optionally under module.<name>.)`, at);
    }
    if (!isObjectValue(attrs as Value)) throw new UserError(`${address}: give the data source's attributes as a map (names: [...])`, at);
    out[address] = attrs as ObjectValue;
  }
  return out;
}

function lineOfKey(doc: ReturnType<typeof parseDocument>, lines: LineCounter, key: string): number {
  const contents = doc.contents as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null;
  const item = contents?.items?.find((i) => i.key?.value === key);
  return item?.key?.range ? lines.linePos(item.key.range[0]).line : 1;
}

/** The fact for one data source instance: by its address, else by its address without instance keys. */
export function factFor(facts: DataFacts | undefined, address: string, used: Set<string>): ObjectValue | undefined {
  if (!facts) return undefined;
  for (const key of [address, address.replace(/\[[^\]]*\]/g, '')]) {
    if (Object.prototype.hasOwnProperty.call(facts, key)) {
      used.add(key);
      return facts[key];
    }
  }
  return undefined;
}
